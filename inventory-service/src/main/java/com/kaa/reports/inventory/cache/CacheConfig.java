package com.kaa.reports.inventory.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "kaa.cache")
public interface CacheConfig {

    /** Off: every read goes to Postgres (for diagnosis; the cache never changes an answer). */
    @WithDefault("true")
    boolean enabled();

    /** How long a value stays in a replica's memory. Short: memory is per replica. */
    @WithDefault("10s")
    Duration localTtl();

    @WithDefault("20000")
    long localMaxEntries();

    /** Redis TTL per kind of cached value (visit-report, visit-report-summary, visit-report-list, hardware...). */
    Map<String, Duration> ttl();

    /** TTL of a kind not listed in ttl. */
    @WithDefault("60s")
    Duration defaultTtl();

    /** A Redis call slower than this counts as Redis being down: requests go to Postgres instead. */
    @WithDefault("250ms")
    Duration redisTimeout();

    /** How often a replica whose Redis is down tries it again. */
    @WithDefault("2s")
    Duration redisProbeInterval();

    /** Organizations whose first visit-report page is loaded at start (the most recently active ones). */
    @WithDefault("20")
    int warmOrganizations();
}
