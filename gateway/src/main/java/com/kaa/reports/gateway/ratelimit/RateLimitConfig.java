package com.kaa.reports.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "kaa.gateway.rate-limits")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Per class (read, write, run): requests per minute for one user and for one whole organization. */
    Map<String, Limit> classes();

    /** A Redis call slower than this counts as Redis down: the local limiter decides meanwhile. */
    @WithDefault("100ms")
    Duration redisTimeout();

    /**
     * How long a lease of cells granted by Redis may be handed out by this replica (see RateLimiter). Longer
     * means fewer Redis calls for busy callers, and more cells left unused when a caller stops.
     */
    @WithDefault("100ms")
    Duration leaseWindow();

    /** The largest lease, in cells (also at most a quarter of the class's burst). 1 turns leases off. */
    @WithDefault("10000")
    int leaseMaxCells();

    interface Limit {
        /** Requests per minute of one user; bursts up to burst at once. */
        int perUser();

        int perOrganization();

        /** How many requests may arrive at once before the per-minute pace applies. */
        @WithDefault("20")
        int burst();
    }
}
