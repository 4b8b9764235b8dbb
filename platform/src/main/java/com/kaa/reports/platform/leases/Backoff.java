package com.kaa.reports.platform.leases;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long failed work waits before its next attempt: {@code initial × 2^(attempt−1)}, capped at {@code max},
 * with ±20% jitter so that a burst of failures does not come back as a burst. The one backoff of the suite
 * (executions, deliveries).
 */
public record Backoff(Duration initial, Duration max) {

    /** The spread of each wait around its value (Mutiny's {@code withJitter} takes the same factor). */
    public static final double JITTER = 0.2;

    /** The wait after the given attempt (1 for the first) failed. */
    public Duration after(int attempt) {
        long base = initial.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, max.toMillis());
        double jitter = 1 - JITTER + ThreadLocalRandom.current().nextDouble() * 2 * JITTER;
        return Duration.ofMillis((long) (capped * jitter));
    }
}
