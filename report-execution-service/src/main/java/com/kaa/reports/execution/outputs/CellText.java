package com.kaa.reports.execution.outputs;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How values read in text formats (CSV, PDF): exact decimals, times in the report's zone. PDF shows local times under
 * a heading that names the zone; CSV, read by programs, carries the offset in every value.
 */
final class CellText {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CellText() {
    }

    static String of(Object value, ZoneId zone) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof OffsetDateTime time) {
            return local(LocalDateTime.ofInstant(time.toInstant(), zone));
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        return value.toString();
    }

    /** As {@link #of}, but a timestamp is ISO 8601 with its offset in the zone: 2026-03-02T00:30:00+03:00. */
    static String withOffset(Object value, ZoneId zone) {
        if (value instanceof OffsetDateTime time) {
            java.time.ZonedDateTime local = time.atZoneSameInstant(zone);
            String text = local(local.toLocalDateTime());
            if (text.length() != 19) {
                return local.toOffsetDateTime().toString();
            }
            return text.substring(0, 10) + 'T' + text.substring(11) + local.getOffset().getId().replace("Z", "+00:00");
        }
        return of(value, zone);
    }

    /** yyyy-MM-dd HH:mm:ss, by hand: a DateTimeFormatter costs more than the rest of a CSV row. */
    static String local(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            return t.format(LOCAL);
        }
        char[] c = new char[19];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
