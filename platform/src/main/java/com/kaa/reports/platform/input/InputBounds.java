package com.kaa.reports.platform.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * What every text and date the suite accepts must respect, because Postgres (text, date, timestamptz) and the
 * services that read our events refuse the rest: no control character (NUL above all), and years 0001 to 9999. Java's time types
 * reach year +999999999, and one such value, stored by one organization, once stopped ingestion for all of them.
 */
public final class InputBounds {

    public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    public static final String DATES = "must be between 0001-01-01 and 9999-12-31";
    public static final String NUL = "must not contain the NUL character (U+0000)";
    public static final String CONTROL = "must not contain control characters (U+0000 NUL to U+001F, other than tab, line feed "
            + "and carriage return)";
    public static final String DATES_AS_TEXT = "must be an ISO-8601 / RFC 3339 string, not a number";

    private InputBounds() {
    }

    /** The reason a value is refused, or null when it is within bounds; non-temporal values are not checked. */
    public static String refusal(Object value) {
        if (value instanceof CharSequence text) {
            return hasControl(text) ? CONTROL : null;
        }
        return inYears(value) ? null : DATES;
    }

    /**
     * A C0 control character other than tab, line feed and carriage return: never text a person typed, refused by
     * XML 1.0 (an XLSX cell holding one is a file no reader opens) and, for NUL, by Postgres.
     */
    public static boolean hasControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    public static boolean hasNul(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\0') {
                return true;
            }
        }
        return false;
    }

    /** A date or instant within 0001-01-01 and 9999-12-31 (in UTC for instants); true for anything else. */
    public static boolean inYears(Object value) {
        LocalDate day;
        if (value instanceof LocalDate date) {
            day = date;
        } else if (value instanceof LocalDateTime time) {
            day = time.toLocalDate();
        } else if (value instanceof OffsetDateTime time) {
            day = time.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } else if (value instanceof ZonedDateTime time) {
            day = time.withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } else if (value instanceof Instant instant) {
            day = instant.atOffset(ZoneOffset.UTC).toLocalDate();
        } else {
            return true;
        }
        return !day.isBefore(FIRST_DAY) && !day.isAfter(LAST_DAY);
    }
}
