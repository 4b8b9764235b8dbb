package com.kaa.reports.execution.outputs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written timestamp text matches DateTimeFormatter's, in any zone, around DST changes and odd years. */
class CellTextTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParameterizedTest
    @CsvSource({
            "2026-11-24T09:05:07.123456Z, Africa/Nairobi",
            "2026-03-29T00:59:59Z, Europe/London",
            "2026-03-29T01:00:00Z, Europe/London",
            "2026-10-25T00:30:00Z, Europe/London",
            "1999-12-31T23:59:59Z, Pacific/Kiritimati",
            "2000-01-01T00:00:00-12:00, UTC",
            "0999-06-01T12:00:00Z, UTC",
            "+12026-06-01T12:00:00Z, UTC",
            "2024-02-29T21:00:00Z, Asia/Kolkata"})
    void timestampsReadAsTheFormatterWrites(String instant, String zone) {
        OffsetDateTime time = OffsetDateTime.parse(instant);
        assertThat(CellText.of(time, ZoneId.of(zone))).isEqualTo(time.atZoneSameInstant(ZoneId.of(zone)).format(REFERENCE));
    }
}
