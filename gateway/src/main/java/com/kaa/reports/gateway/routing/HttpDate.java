package com.kaa.reports.gateway.routing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The IMF-fixdate of the current second, formatted once per second rather than once per answer. */
final class HttpDate {

    private record Stamp(long second, String text) {
    }

    /** RFC 9110 5.6.7: two-digit day (DateTimeFormatter.RFC_1123_DATE_TIME writes "1 Dec"). */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static volatile Stamp current = new Stamp(-1, "");

    private HttpDate() {
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp stamp = current;
        if (stamp.second() != second) {
            stamp = new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
            current = stamp;
        }
        return stamp.text();
    }
}
