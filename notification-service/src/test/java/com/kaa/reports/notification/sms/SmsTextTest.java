package com.kaa.reports.notification.sms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsTextTest {

    static final String LINK = "https://reports.kaa.example/api/v1/downloads/7d1c5b8e/csv?org=acme&expires=1795782930&kid=k1&sig=abcdef";

    @Test
    void aShortMessageIsKeptWhole() {
        assertThat(SmsText.fit("Kaa Reports: Sales is ready (42 rows).", LINK)).isEqualTo("Kaa Reports: Sales is ready (42 rows). " + LINK);
    }

    @Test
    void aLongMessageIsShortenedToTwoGsmSegmentsAndTheLinkStaysWhole() {
        String fitted = SmsText.fit("Kaa Reports: " + "Very long report name ".repeat(30) + "is ready.", LINK);
        assertThat(fitted).hasSizeLessThanOrEqualTo(306).endsWith(" " + LINK).contains("…");
    }

    @Test
    void nonGsmTextCountsAsUnicodeSegments() {
        String fitted = SmsText.fit("Ripoti ya mauzo 📊 " + "iko tayari ".repeat(20), LINK);
        assertThat(SmsText.isGsm(fitted)).isFalse();
        assertThat(fitted).hasSizeLessThanOrEqualTo(134).endsWith(LINK);
    }
}
