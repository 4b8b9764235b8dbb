package com.kaa.reports.inventory.visits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "kaa.partitions")
public interface PartitionConfig {

    /** Months of visit_report partitions kept created ahead of the current one. */
    @WithDefault("3")
    int monthsAhead();

    /**
     * Partitions whose month ended more than this many months ago are detached (kept as plain tables
     * named visit_report_YYYY_MM for archival and dropping by an operator). Empty: never (the default).
     */
    Optional<Integer> retentionMonths();

    /** When the maintenance job runs (Quartz-style cron, UTC); each run is idempotent. */
    @WithDefault("0 17 2 * * ?")
    String maintenanceCron();
}
