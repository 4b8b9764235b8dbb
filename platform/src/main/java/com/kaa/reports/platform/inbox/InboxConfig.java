package com.kaa.reports.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "kaa.inbox")
public interface InboxConfig {

    /**
     * How long processed event ids are remembered. Must exceed the longest time a duplicate can
     * arrive: the topics' retention when consumers may be reset to the earliest offset.
     */
    @WithDefault("P14D")
    Duration retention();

    /** Attempts of an event's effect before the record goes to the topic's dead-letter topic. */
    @WithDefault("5")
    int maxAttempts();

    /** First retry delay; doubled on each attempt (with jitter). */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();
}
