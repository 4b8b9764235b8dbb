package com.kaa.reports.notification.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFilesTest {

    private static final String PUBLIC = "https://reports.example.com/api/v1/downloads/";
    private static final String INTERNAL = "http://report-execution-service:8080/downloads/";

    @Test
    void aSignedLinkOnThePublicUrlIsFetchedFromTheExecutionServiceWithItsSignature() {
        String link = "7d1c5b8e-0c5f-4b7e-9a53-4d0e1a2b3c4d/csv?org=acme&expires=1795782930&kid=k1&sig=ab-_c%3D";
        assertThat(ReportFiles.internal(PUBLIC + link, PUBLIC, INTERNAL)).isEqualTo(INTERNAL + link);
    }

    @Test
    void nothingButADownloadOfTheExecutionServiceIsReachedThroughIt() {
        for (String odd : new String[] {"../q/metrics", "7d1c5b8e-0c5f-4b7e-9a53-4d0e1a2b3c4d/../../q/health",
                "7d1c5b8e-0c5f-4b7e-9a53-4d0e1a2b3c4d/csv/../../x", "%2e%2e/q/metrics", "7d1c5b8e-0c5f-4b7e-9a53-4d0e1a2b3c4d/csv?a=b/../c"}) {
            assertThat(ReportFiles.internal(PUBLIC + odd, PUBLIC, INTERNAL)).as(odd).isEqualTo(PUBLIC + odd);
        }
    }

    @Test
    void anyOtherUrlIsFetchedAsItIs() {
        assertThat(ReportFiles.internal("https://other.example.com/api/v1/downloads/x/csv", PUBLIC, INTERNAL))
                .isEqualTo("https://other.example.com/api/v1/downloads/x/csv");
        assertThat(ReportFiles.internal("https://reports.example.com/api/v1/executions/x", PUBLIC, INTERNAL))
                .isEqualTo("https://reports.example.com/api/v1/executions/x");
    }
}
