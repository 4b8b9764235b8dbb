package com.kaa.reports.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "kaa.outbox")
public interface OutboxConfig {

    /** Whether this replica runs the relay (every replica may; they share the work by bucket). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for new events (a backlog is drained without waiting). */
    @WithDefault("0.1s")
    Duration pollInterval();

    /** How often the backlog metrics are refreshed. */
    @WithDefault("10s")
    String metricsInterval();

    /** How often published events and old inbox entries are deleted. */
    @WithDefault("15m")
    String cleanupInterval();

    /** Events claimed per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * Keys are hashed into this many buckets; one relay at a time owns a bucket. Changing it while
     * events are pending may reorder events of one key: drain the outbox first.
     */
    @WithDefault("16")
    int buckets();

    /** How long a relay transaction may wait for the broker before it rolls back and retries. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** How long published events are kept (for inspection) before the cleanup job deletes them. */
    @WithDefault("P3D")
    Duration retention();

    /** Extra Kafka producer properties, e.g. kaa.outbox.producer."compression.type"=zstd. */
    Map<String, String> producer();
}
