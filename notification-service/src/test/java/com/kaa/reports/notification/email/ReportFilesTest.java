package com.kaa.reports.notification.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFilesTest {

    private static final String PUBLIC = "https://reports.example.com/api/v1/downloads/";
    private static final String INTERNAL = "http://report-execution-service:8080/downloads/";

    @Test
    void aSignedLinkOnThePublicUrlIsFetchedFromTheExecutionServiceWithItsSignature() {
        assertThat(ReportFiles.internal(PUBLIC + "7d1c5b8e/csv?org=acme&expires=1795782930&kid=k1&sig=abc", PUBLIC, INTERNAL))
                .isEqualTo(INTERNAL + "7d1c5b8e/csv?org=acme&expires=1795782930&kid=k1&sig=abc");
    }

    @Test
    void anyOtherUrlIsFetchedAsItIs() {
        assertThat(ReportFiles.internal("https://other.example.com/api/v1/downloads/x/csv", PUBLIC, INTERNAL))
                .isEqualTo("https://other.example.com/api/v1/downloads/x/csv");
        assertThat(ReportFiles.internal("https://reports.example.com/api/v1/executions/x", PUBLIC, INTERNAL))
                .isEqualTo("https://reports.example.com/api/v1/executions/x");
    }
}
