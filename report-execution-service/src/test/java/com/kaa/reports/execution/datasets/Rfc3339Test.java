package com.kaa.reports.execution.datasets;

import com.fasterxml.jackson.databind.node.TextNode;
import com.kaa.reports.platform.events.Rfc3339;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-read timestamps give exactly what OffsetDateTime.parse gives, and refuse what it refuses. */
class Rfc3339Test {

    @Test
    void readsWhatTheGeneralParserReadsAndRefusesWhatItRefuses() {
        List<String> samples = List.of(
                "2025-01-31T08:00:00Z", "2025-01-31t08:00:00z", "2025-01-31T08:00:00.5Z", "2025-01-31T08:00:00.123456789Z",
                "2025-01-31T08:00:00+03:00", "2025-01-31T08:00:00.25-05:30", "2024-02-29T23:59:59+14:00", "1970-01-01T00:00:00Z",
                "0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999999-18:00",
                // refused by both, or read only by the general parser
                "2025-02-30T08:00:00Z", "2023-02-29T08:00:00Z", "2025-01-31T24:00:00Z", "2025-01-31T08:60:00Z",
                "2025-01-31T08:00:60Z", "2025-13-01T08:00:00Z", "2025-01-31T08:00:00+19:00", "2025-01-31T08:00:00+03:60",
                "2025-01-31T08:00:00", "2025-01-31 08:00:00Z", "2025-01-31T08:00Z", "2025-01-31T08:00:00.Z",
                "2025-01-31T08:00:00.1234567891Z", "2025-01-31T08:00:00+0300", "2025-01-31T08:00:00+03", "+12025-01-31T08:00:00Z",
                "2025-1-31T08:00:00Z", "２０２５-01-31T08:00:00Z", "2025-01-31T08:00:00ZZ", "2025-01-31T08:00:00+03:00:00",
                "2025-01-31T08:00:00 Z", "2025-01-31T08:00:00.\u0663Z", "2025-01-31T08:00:00.5\u0663Z", "2025-01-31T08:00:00.000000\u0663Z", "", "garbage");
        for (String text : samples) {
            assertSameAsGeneralParser(text);
        }
    }

    @Test
    void randomInstantsInEveryOffsetAndPrecisionRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 4, 18 * 4 + 1)) * 15 * 60);
            String text = OffsetDateTime.ofInstant(instant, offset).toString();
            assertSameAsGeneralParser(text);
        }
    }

    @Test
    void aTimestampTheGeneralParserRefusesIsAnInvalidEventNamingTheField() {
        assertThatThrownBy(() -> Field.instantOf("occurredAt", TextNode.valueOf("2025-02-30T08:00:00Z")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("occurredAt must be an ISO-8601 date-time");
    }

    private static void assertSameAsGeneralParser(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            expected = null;
        }
        Instant fast = Rfc3339.parse(text);
        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(expected);
        }
        // the field reads what the general parser reads, within the years Postgres stores (0001-9999)
        if (expected == null || !com.kaa.reports.platform.input.InputBounds.inYears(expected)) {
            assertThatThrownBy(() -> Field.instantOf("t", TextNode.valueOf(text))).as(text).isInstanceOf(InvalidEventException.class);
        } else {
            assertThat(Field.instantOf("t", TextNode.valueOf(text))).as(text).isEqualTo(expected);
        }
    }
}
