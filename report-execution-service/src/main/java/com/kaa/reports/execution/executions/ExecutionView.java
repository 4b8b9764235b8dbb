package com.kaa.reports.execution.executions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.kaa.reports.platform.queryspec.ParameterValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** An execution as clients see it: no lease internals, no storage keys, an error without stack. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Execution")
public record ExecutionView(UUID id, UUID requestId, UUID reportId, String reportName, String dataset, List<String> formats,
                            @Schema(description = "The report's parameters with the values this run binds and where each "
                                    + "came from (run, schedule, default, none); absent when the report has none")
                            List<ParameterValue> parameters,
                            int priority, String status, int attempts, int maxAttempts, OffsetDateTime runAfter,
                            Progress progress, UUID scheduleId, OffsetDateTime scheduledFor, String timeZone,
                            String requestedBy, OffsetDateTime queuedAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                            boolean cancelRequested, boolean truncated,
                            @Schema(description = "true when the result was empty and the request asked to send only results "
                                    + "with rows (sendOnlyIfRows): no files were made and nothing is delivered. An empty result "
                                    + "without sendOnlyIfRows has its files (rowCount 0) and this is false. (The event "
                                    + "ExecutionCompleted.v1 calls it noRows.)")
                            boolean emptyResultSkipped, Error error, List<Output> outputs,
                            @Schema(description = "A schedule's alert: the condition, the measure this run found, whether it "
                                    + "held and whether the recipients were told; absent without an alert or before completion")
                            ExecutionEvents.Alert alert) {

    @Schema(name = "ExecutionProgress")
    public record Progress(long rowsDone, Long rowsEstimated) {
    }

    @Schema(name = "ExecutionError")
    public record Error(String message, String type) {
    }

    @Schema(name = "ExecutionOutput")
    public record Output(String format, String contentType, long size, String sha256, long rowCount,
                         OffsetDateTime expiresAt, boolean expired) {
    }

    static ExecutionView of(Execution e, List<String> formats, List<ParameterValue> parameters, List<ExecutionOutput> outputs,
                            ExecutionEvents.Alert alert) {
        return new ExecutionView(e.id, e.requestId, e.reportId, e.reportName, e.dataset, formats,
                parameters.isEmpty() ? null : parameters, e.priority, e.status,
                e.attempts, e.maxAttempts, e.runAfter, new Progress(e.rowsDone, e.rowsEstimated), e.scheduleId, e.scheduledFor,
                e.timeZone, e.requestedBy, e.queuedAt, e.startedAt, e.finishedAt, e.cancelRequested, e.truncated, e.noRows,
                e.errorMessage == null ? null : new Error(e.errorMessage, e.errorClass),
                outputs.stream().map(o -> new Output(o.format, o.contentType, o.sizeBytes, o.sha256, o.rowCount, o.expiresAt, o.expired)).toList(), alert);
    }
}
