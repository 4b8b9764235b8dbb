package com.kaa.reports.execution.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "kaa.ingestion")
public interface IngestionConfig {

    /**
     * Attempts to store a batch while Postgres or the broker is failing. After the last one the channel
     * fails, readiness goes down and the uncommitted batch is read again after a restart: nothing is lost.
     */
    @WithDefault("8")
    int maxAttempts();

    @WithDefault("PT0.5S")
    Duration initialBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();
}
