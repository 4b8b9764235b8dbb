package com.kaa.reports.execution.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Backoff of a batch while Postgres or the broker is failing. There is no last attempt: the batch waits as long as
 * the failure lasts (see {@link Ingestion}).
 */
@ConfigMapping(prefix = "kaa.ingestion")
public interface IngestionConfig {

    @WithDefault("PT0.5S")
    Duration initialBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();
}
