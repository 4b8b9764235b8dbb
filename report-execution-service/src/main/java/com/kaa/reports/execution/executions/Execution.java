package com.kaa.reports.execution.executions;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** One run of a report, from queued to a terminal status. State changes go through {@link ExecutionQueue}. */
@Entity
@Table(name = "execution")
public class Execution extends PanacheEntityBase {

    public static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timed_out");

    @Id
    public UUID id;
    @Column(name = "request_id")
    public UUID requestId;
    public String organization;
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "definition_version")
    public int definitionVersion;
    @Column(name = "report_name")
    public String reportName;
    public String dataset;
    @Column(name = "query_spec")
    @ColumnTransformer(read = "query_spec::text", write = "?::text::jsonb")
    public String querySpec;
    @ColumnTransformer(read = "formats::text", write = "?::text::jsonb")
    public String formats;
    /** The report's parameters with the values this run binds (a JSON array of ParameterValue); null: none. */
    @ColumnTransformer(read = "parameters::text", write = "?::text::jsonb")
    public String parameters;
    /** A schedule's alert condition (JSON AlertCondition); null: every run is delivered. */
    @ColumnTransformer(read = "alert::text", write = "?::text::jsonb")
    public String alert;
    /** What the run found for its alert (JSON: value, holds, notified, reason); null until it completed. */
    /** The schedule's message templates (JSON MessageTemplate), passed on to the notification service; null: standard. */
    @ColumnTransformer(read = "message::text", write = "?::text::jsonb")
    public String message;
    @Column(name = "alert_outcome")
    @ColumnTransformer(read = "alert_outcome::text", write = "?::text::jsonb")
    public String alertOutcome;
    public int priority;
    @ColumnTransformer(read = "recipients::text", write = "?::text::jsonb")
    public String recipients;
    @Column(name = "schedule_id")
    public UUID scheduleId;
    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "send_only_if_rows")
    public boolean sendOnlyIfRows;
    @Column(name = "await_rows")
    public boolean awaitRows;
    /** W3C traceparent of the request that queued it (null when tracing is off). */
    @Column(name = "trace_parent")
    public String traceParent;
    @Column(name = "truncate_at_limit")
    public boolean truncateAtLimit;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    public String status;
    public int attempts;
    @Column(name = "max_attempts")
    public int maxAttempts;
    @Column(name = "run_after")
    public OffsetDateTime runAfter;
    @Column(name = "lease_owner")
    public String leaseOwner;
    @Column(name = "lease_expires_at")
    public OffsetDateTime leaseExpiresAt;
    @Column(name = "cancel_requested")
    public boolean cancelRequested;
    @Column(name = "rows_done")
    public long rowsDone;
    @Column(name = "rows_estimated")
    public Long rowsEstimated;
    public boolean truncated;
    @Column(name = "no_rows")
    public boolean noRows;
    @Column(name = "queued_at")
    public OffsetDateTime queuedAt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "error_class")
    public String errorClass;

    public boolean terminal() {
        return TERMINAL.contains(status);
    }
}
