package com.kaa.reports.definition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times as Postgres stores them (UTC, microseconds), so what the service returns equals what it reads back. */
public final class Timestamps {

    private Timestamps() {
    }

    public static OffsetDateTime now() {
        return at(Instant.now());
    }

    public static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
