package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.queryspec.QuerySpec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the definition service asks for (docs/events/ExecutionRequested.v1.json); requestId is the idempotency key. */
public record ExecutionRequested(int version, UUID requestId, UUID reportId, int definitionVersion, String reportName,
                                 String dataset, QuerySpec querySpec, List<String> formats, int priority,
                                 List<Recipient> recipients, UUID scheduleId, OffsetDateTime scheduledFor,
                                 String timeZone, boolean sendOnlyIfRows, Boolean truncateAtLimit,
                                 String requestedBy, OffsetDateTime requestedAt) {

    public static final String TYPE = "ExecutionRequested.v1";

    public record Recipient(String channel, String address) {
    }
}
