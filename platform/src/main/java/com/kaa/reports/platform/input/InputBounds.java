package com.kaa.reports.platform.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * What every text and date the suite accepts must respect, because Postgres (text, date, timestamptz) and the
 * services that read our events refuse the rest: no NUL character, and years 0001 to 9999. Java's time types
 * reach year +999999999, and one such value, stored by one organization, once stopped ingestion for all of them.
 */
public final class InputBounds {

    public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    public static final String DATES = "must be between 0001-01-01 and 9999-12-31";
    public static final String NUL = "must not contain the NUL character (U+0000)";
    public static final String DATES_AS_TEXT = "must be an ISO-8601 / RFC 3339 string, not a number";

    private InputBounds() {
    }

    /** The reason a value is refused, or null when it is within bounds; non-temporal values are not checked. */
    public static String refusal(Object value) {
        if (value instanceof CharSequence text) {
            return hasNul(text) ? NUL : null;
        }
        return inYears(value) ? null : DATES;
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
