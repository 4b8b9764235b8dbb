package com.kaa.reports.platform.events;

import com.kaa.reports.platform.queryspec.QuerySpec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Asks the execution service to run a report (topic reports.execution-requests.v1, key: request id;
 * docs/events/ExecutionRequested.v1.json). Self-contained: the execution service needs nothing else from
 * the requesting service. The request id is the idempotency key: the same request twice is one execution.
 * Shared because three services speak it: the definition and inventory services send it, the execution
 * service consumes it.
 */
public record ExecutionRequested(
        int version,
        UUID requestId,
        UUID reportId,
        long definitionVersion,
        String reportName,
        String dataset,
        QuerySpec querySpec,
        List<String> formats,
        int priority,
        List<Recipient> recipients,
        UUID scheduleId,
        OffsetDateTime scheduledFor,
        String timeZone,
        boolean sendOnlyIfRows,
        Boolean truncateAtLimit,
        Boolean awaitRows,
        String requestedBy,
        OffsetDateTime requestedAt,
        List<com.kaa.reports.platform.queryspec.ParameterValue> parameters,
        com.kaa.reports.platform.queryspec.AlertCondition alert,
        com.kaa.reports.platform.messages.MessageTemplate message) {

    public static final String TYPE = "ExecutionRequested.v1";

    /*
     * parameters: the report's parameters with the value this run binds (absent or empty: the report has none).
     * alert: a condition on the result (a schedule's alert); recipients hear only when it holds. message: the
     * schedule's own subject and body templates. All three added to v1 as optional fields: an event without them is
     * still valid.
     *
     * awaitRows: an empty result is not final but "the data has not arrived yet": the run is retried with
     * backoff and fails after its attempts. For requests about an entity just written in another service
     * (a visit report sent right after it was recorded), whose event may reach the dataset after the request.
     */

    /** Where the finished report goes: channel email, sms or webhook, and the address on it. */
    public record Recipient(String channel, String address) {
    }
}
