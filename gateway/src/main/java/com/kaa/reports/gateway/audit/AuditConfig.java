package com.kaa.reports.gateway.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "kaa.gateway.audit")
public interface AuditConfig {

    /** Audit events older than this are deleted (ISO-8601, e.g. P365D). */
    @WithDefault("P365D")
    Duration retention();

    /** When retention runs (Quartz cron, UTC). */
    @WithDefault("0 41 3 * * ?")
    String retentionCron();
}
