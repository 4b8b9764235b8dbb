package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.kaa.reports.platform.queryspec.ParameterValue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The lifecycle events on reports.executions.v1 (schemas in docs/events/Execution*.v1.json), keyed by execution id. */
public final class ExecutionEvents {

    public static final String STARTED = "ExecutionStarted.v1";
    public static final String PROGRESS = "ExecutionProgress.v1";
    public static final String COMPLETED = "ExecutionCompleted.v1";
    public static final String FAILED = "ExecutionFailed.v1";
    public static final String CANCELLED = "ExecutionCancelled.v1";

    private ExecutionEvents() {
    }

    public record Started(int version, UUID executionId, UUID requestId, UUID reportId, int attempt, OffsetDateTime startedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(int version, UUID executionId, UUID requestId, UUID reportId, long rowsDone, Long rowsEstimated,
                           OffsetDateTime at) {
    }

    /** One stored file; {@code downloadUrl} is signed and valid until {@code expiresAt}. */
    public record Output(String format, String contentType, long size, String sha256, long rowCount,
                         OffsetDateTime expiresAt, String downloadUrl) {
    }

    /**
     * {@code noRows}: the result was empty and the request said to send only results with rows, so there are no
     * outputs and nothing is to be delivered.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Completed(int version, UUID executionId, UUID requestId, UUID reportId, String reportName,
                            UUID scheduleId, OffsetDateTime scheduledFor, String timeZone, String status, long rowCount,
                            boolean truncated, boolean noRows, List<ExecutionRequested.Recipient> recipients,
                            String requestedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt, List<Output> outputs,
                            Period period, List<ParameterValue> parameters, Alert alert,
                            com.kaa.reports.platform.messages.MessageTemplate message) {
    }

    /*
     * parameters (Completed, Failed): the report's parameters with the values the run bound; absent when it has none.
     */

    /**
     * The dates a report with a relative range covered (e.g. last_7_days run on 24 Nov → 17 Nov to 24 Nov), resolved
     * in the report's time zone; end is exclusive. Absent when the report has no date range.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Period(String range, OffsetDateTime from, OffsetDateTime to) {
    }

    /** {@code status} is failed or timed_out; the error never carries a stack trace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failed(int version, UUID executionId, UUID requestId, UUID reportId, String reportName, UUID scheduleId,
                         String timeZone, String status, int attempts, Error error,
                         List<ExecutionRequested.Recipient> recipients, String requestedBy, OffsetDateTime finishedAt,
                         List<ParameterValue> parameters, com.kaa.reports.platform.messages.MessageTemplate message) {
    }

    /**
     * What a run found for its schedule's alert: the measure, whether the condition held, whether the recipients were
     * told (it held, and with onlyWhenChanged it did not hold at the schedule's previous run), and why, in words.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AlertOutcome")
    public record Alert(com.kaa.reports.platform.queryspec.AlertCondition condition, java.math.BigDecimal value, boolean holds,
                        boolean notified, String reason) {
    }

    public record Error(String message, String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cancelled(int version, UUID executionId, UUID requestId, UUID reportId, String status,
                            String requestedBy, OffsetDateTime finishedAt) {
    }
}
