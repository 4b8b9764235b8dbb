package com.kaa.reports.definition.runs;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.definitions.ReportDefinition;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.queryspec.QuerySpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import com.kaa.reports.platform.tracing.Traces;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Records a run request and asks the execution service for it through the outbox, in the caller's
 * transaction: the one path for "run now" and for a due schedule.
 */
@ApplicationScoped
public class RunRequester {

    public static final int DEFAULT_PRIORITY = 5;
    public static final String DEFAULT_TIME_ZONE = "Africa/Nairobi";

    /** What the caller decides about a run; the rest comes from the report. */
    public record Run(UUID requestId, String requestedBy, int priority, List<String> formats,
                      List<ExecutionRequested.Recipient> recipients, UUID scheduleId, OffsetDateTime scheduledFor,
                      String timeZone, boolean sendOnlyIfRows) {
    }

    private final Outbox outbox;
    private final JsonColumns json;

    public RunRequester(Outbox outbox, JsonColumns json) {
        this.outbox = outbox;
        this.json = json;
    }

    /** Records the request and writes ExecutionRequested, in the trace of the current span (a run-now request). */
    public Uni<RunRequest> request(ReportDefinition report, Run run) {
        return request(report, run, Traces.current());
    }

    /** ... in the trace of {@code traceparent} (a dispatched schedule starts its own trace). */
    public Uni<RunRequest> request(ReportDefinition report, Run run, String traceparent) {
        RunRequest row = new RunRequest();
        row.id = run.requestId();
        row.organization = report.organization;
        row.reportId = report.id;
        row.requestedBy = run.requestedBy();
        row.priority = run.priority();
        row.formats = json.write(run.formats());
        row.scheduleId = run.scheduleId();
        row.scheduledFor = run.scheduledFor();
        row.requestedAt = Timestamps.now();
        ExecutionRequested event = new ExecutionRequested(1, row.id, report.id, report.version, report.name, report.dataset,
                json.read(report.querySpec, QuerySpec.class), run.formats(), run.priority(), run.recipients(),
                run.scheduleId(), run.scheduledFor(), run.timeZone(), run.sendOnlyIfRows(), null, null, run.requestedBy(), row.requestedAt);
        return row.persist()
                .chain(() -> outbox.publish(Topics.EXECUTION_REQUESTS, row.id.toString(), ExecutionRequested.TYPE,
                        report.organization, event, traceparent))
                .replaceWith(row);
    }
}
