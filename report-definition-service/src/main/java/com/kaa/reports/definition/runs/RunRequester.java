package com.kaa.reports.definition.runs;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.definitions.ReportDefinition;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.queryspec.ParameterValue;
import com.kaa.reports.platform.queryspec.QuerySpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
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
                      String timeZone, boolean sendOnlyIfRows, List<ParameterValue> parameters,
                      com.kaa.reports.platform.queryspec.AlertCondition alert,
                      com.kaa.reports.platform.messages.MessageTemplate message) {
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
        ExecutionRequested event = event(report, run, row.requestedAt);
        return row.persist()
                .chain(() -> outbox.publish(Topics.EXECUTION_REQUESTS, row.id.toString(), ExecutionRequested.TYPE,
                        report.organization, event, traceparent))
                .replaceWith(row);
    }

    /** One run of a batch: the report it runs, what the dispatcher decided, the trace it starts. */
    public record Batched(ReportDefinition report, Run run, String traceparent) {
    }

    /**
     * Records many requests and writes their ExecutionRequested events, one statement each for the whole batch, in
     * the transaction of {@code transaction} (a dispatch of hundreds of due schedules).
     */
    public Uni<Void> requestAll(SqlClient transaction, List<Batched> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = Timestamps.now();
        return transaction.preparedQuery(INSERT_MANY).execute(Tuple.from(List.of(
                        runs.stream().map(b -> b.run().requestId()).toArray(UUID[]::new),
                        runs.stream().map(b -> b.report().organization).toArray(String[]::new),
                        runs.stream().map(b -> b.report().id).toArray(UUID[]::new),
                        runs.stream().map(b -> b.run().requestedBy()).toArray(String[]::new),
                        runs.stream().map(b -> b.run().priority()).toArray(Integer[]::new),
                        runs.stream().map(b -> json.write(b.run().formats())).toArray(String[]::new),
                        runs.stream().map(b -> b.run().scheduleId()).toArray(UUID[]::new),
                        runs.stream().map(b -> b.run().scheduledFor()).toArray(OffsetDateTime[]::new),
                        runs.stream().map(b -> now).toArray(OffsetDateTime[]::new))))
                .chain(() -> outbox.write(transaction, runs.stream().map(b -> new Outbox.Pending(Topics.EXECUTION_REQUESTS,
                        b.run().requestId().toString(), ExecutionRequested.TYPE, b.report().organization, event(b.report(), b.run(), now),
                        b.traceparent())).toList()));
    }

    private static final String INSERT_MANY = """
            insert into run_request (id, organization, report_id, requested_by, priority, formats, schedule_id, scheduled_for, requested_at)
            select id, organization, report_id, requested_by, priority, formats::jsonb, schedule_id, scheduled_for, requested_at
              from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::text[], $7::uuid[], $8::timestamptz[],
                          $9::timestamptz[]) as v(id, organization, report_id, requested_by, priority, formats, schedule_id,
                                                  scheduled_for, requested_at)""";

    private ExecutionRequested event(ReportDefinition report, Run run, OffsetDateTime requestedAt) {
        return new ExecutionRequested(1, run.requestId(), report.id, report.version, report.name, report.dataset,
                json.read(report.querySpec, QuerySpec.class), run.formats(), run.priority(), run.recipients(),
                run.scheduleId(), run.scheduledFor(), run.timeZone(), run.sendOnlyIfRows(), null, null, run.requestedBy(), requestedAt,
                run.parameters().isEmpty() ? null : run.parameters(), run.alert(), run.message());
    }
}
