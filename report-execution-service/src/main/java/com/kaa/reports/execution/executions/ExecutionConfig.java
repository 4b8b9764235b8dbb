package com.kaa.reports.execution.executions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "kaa.executions")
public interface ExecutionConfig {

    /** Executions one replica runs at the same time. */
    @WithDefault("5")
    int concurrency();

    /**
     * Whether a replica whose runs are short (under 100 ms on average) claims up to {@code concurrency} executions
     * ahead of its free workers: they start without a claim's round trip in between, and claims come in batches.
     */
    @WithDefault("true")
    boolean claimAhead();

    /** Attempts before an execution fails for good (a bad spec fails at once). */
    @WithDefault("3")
    int maxAttempts();

    /** First retry delay; doubles per attempt, with ±20% jitter, up to maxBackoff. */
    @WithDefault("PT2S")
    Duration initialBackoff();

    @WithDefault("PT5M")
    Duration maxBackoff();

    /** How long a running execution stays its worker's without a heartbeat; then another replica takes it over. */
    @WithDefault("PT30S")
    Duration lease();

    /** Heartbeat period: extends the lease, saves progress, notices a cancel request. */
    @WithDefault("PT1S")
    Duration heartbeat();

    /** Wall-clock limit of one attempt (Superset's working_timeout); past it the execution ends timed_out. */
    @WithDefault("PT10M")
    Duration timeout();

    /** Rows at most per execution; past it the execution fails, or is truncated when the request allows it. */
    @WithDefault("1000000")
    long maxRows();

    /** Bytes at most per output file; past it the execution fails with the format named. */
    @WithDefault("209715200")
    long maxFileBytes();

    /** Rows fetched per round trip from the Postgres cursor. */
    @WithDefault("5000")
    int fetchSize();

    /** How long output files are kept (then the retention job deletes them and marks the outputs expired). */
    @WithDefault("P7D")
    Duration outputRetention();
}
