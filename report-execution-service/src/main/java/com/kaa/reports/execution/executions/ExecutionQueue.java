package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.events.ExecutionRequested;
import com.kaa.reports.platform.queryspec.RelativeDateRange;
import com.kaa.reports.platform.queryspec.QuerySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.downloads.UrlSigner;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.leases.Backoff;
import com.kaa.reports.platform.leases.GroupCommit;
import com.kaa.reports.platform.leases.LeaseTable;
import com.kaa.reports.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import com.kaa.reports.platform.tenant.TenantContext;
import com.kaa.reports.platform.tracing.Traces;
import com.kaa.reports.platform.problems.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every state change of an execution, each in one transaction with the event it publishes (outbox). A worker
 * changes a running execution only while it holds the lease ({@code lease_owner}), so a worker that lost its
 * lease to another replica can neither complete nor fail it: exactly one terminal event per execution.
 */
@ApplicationScoped
public class ExecutionQueue {

    private static final String INSERT = "insert into execution (id, request_id, organization, report_id, definition_version, "
            + "report_name, dataset, query_spec, formats, priority, recipients, schedule_id, scheduled_for, time_zone, "
            + "send_only_if_rows, truncate_at_limit, requested_by, requested_at, status, max_attempts, run_after, await_rows, trace_parent, parameters, alert, message) values "
            + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, cast(cast(?8 as text) as jsonb), cast(cast(?9 as text) as jsonb), ?10, "
            + "cast(cast(?11 as text) as jsonb), ?12, ?13, ?14, ?15, ?16, ?17, ?18, 'queued', ?19, now(), ?20, ?21, cast(cast(?22 as text) as jsonb), cast(cast(?23 as text) as jsonb), cast(cast(?24 as text) as jsonb)) "
            + "on conflict (request_id) do nothing";
    /** Work rows of this queue, claimed under a lease by a replica's workers (platform's one lease mechanism). */
    static final LeaseTable LEASES = new LeaseTable("execution", "lease_owner", "lease_expires_at");
    /** The channel the queue's trigger notifies when executions are queued (V5__queue_signal.sql). */
    static final String QUEUED = "execution_queued";
    private static final String COLUMNS = "id, request_id, organization, report_id, definition_version, report_name, dataset, "
            + "query_spec::text, formats::text, priority, recipients::text, schedule_id, scheduled_for, time_zone, send_only_if_rows, "
            + "await_rows, trace_parent, truncate_at_limit, requested_by, requested_at, status, attempts, max_attempts, run_after, "
            + "lease_owner, lease_expires_at, cancel_requested, rows_done, rows_estimated, truncated, no_rows, queued_at, started_at, "
            + "finished_at, error_message, error_class, parameters::text, alert::text, alert_outcome::text, message::text";
    private static final String CLAIM = LEASES.claim("status = 'queued' and run_after <= now()", "priority, run_after, queued_at",
            "status = 'running', attempts = attempts + 1, started_at = now(), rows_done = 0, cancel_requested = false", COLUMNS);
    // fenced by owner and attempt: a replica that took its own expired execution back (after a database outage longer
    // than the lease) runs it as a new attempt, and the old attempt can change nothing any more
    private static final String HEARTBEAT = LEASES.renew("unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::int[]) "
                    + "as v(id, rows_done, estimate, attempts)",
            "rows_done = v.rows_done, rows_estimated = coalesce(v.estimate, t.rows_estimated)",
            "t.attempts = v.attempts and t.status = 'running'", "t.id, t.cancel_requested");
    private static final String FINISH = "update execution set status = $3, finished_at = now(), lease_owner = null, "
            + "lease_expires_at = null, rows_done = $4, truncated = $5, no_rows = $6, error_message = $7, error_class = $8 "
            + "where id = $2 and attempts = $9 and status = 'running' and " + LEASES.held(null) + " returning finished_at";
    private static final String RETRY_LATER = "update execution set status = 'queued', lease_owner = null, lease_expires_at = null, "
            + "run_after = now() + ($3 * interval '1 millisecond'), error_message = $4, error_class = $5 "
            + "where id = $2 and attempts = $6 and status = 'running' and " + LEASES.held(null);
    private static final String COMPLETE = "update execution t set status = 'completed', finished_at = now(), lease_owner = null, "
            + "lease_expires_at = null, rows_done = v.rows_done, truncated = v.truncated, no_rows = v.no_rows, error_message = null, "
            + "error_class = null from unnest($1::uuid[], $2::text[], $3::bigint[], $4::bool[], $5::bool[], $6::int[]) "
            + "as v(id, owner, rows_done, truncated, no_rows, attempts) where t.id = v.id and t.attempts = v.attempts "
            + "and t.status = 'running' and " + LEASES.held("t", "v.owner") + " returning t.id, v.owner, v.attempts, t.finished_at";
    private static final String OUTPUTS = "insert into execution_output (execution_id, format, storage_key, content_type, size_bytes, "
            + "sha256, row_count, expires_at, created_at) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], "
            + "$5::bigint[], $6::text[], $7::bigint[], $8::timestamptz[], $9::timestamptz[])";
    /** Completions committed together at most (a group commit takes every completion waiting, up to this). */
    private static final int COMPLETIONS_PER_COMMIT = 500;
    private static final String EXPIRED = "update execution set status = 'queued', lease_owner = null, lease_expires_at = null, "
            + "run_after = now(), error_message = 'its worker stopped; taken over' where id = any(array(select id from execution "
            + "where status = 'running' and " + LEASES.expired() + " for update skip locked limit 100))";

    /** A worker's view after a heartbeat. */
    public enum Lease { HELD, CANCEL_REQUESTED, LOST }

    private final Pool pool;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final ExecutionConfig config;
    private final UrlSigner signer;
    private final MeterRegistry registry;
    private final Backoff backoff;

    public ExecutionQueue(Pool pool, Outbox outbox, ObjectMapper json, ExecutionConfig config, UrlSigner signer, MeterRegistry registry,
                          AlertStates alerts) {
        this.alerts = alerts;
        this.pool = pool;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.signer = signer;
        this.registry = registry;
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    }

    /** Joins the caller's transaction (the inbox's). */
    public Uni<Void> enqueue(String organization, ExecutionRequested r) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT)
                .setParameter(1, UUID.randomUUID()).setParameter(2, r.requestId()).setParameter(3, organization)
                .setParameter(4, r.reportId()).setParameter(5, Math.toIntExact(r.definitionVersion()))
                .setParameter(6, r.reportName() == null ? "Report" : r.reportName()).setParameter(7, r.dataset())
                .setParameter(8, write(r.querySpec())).setParameter(9, write(r.formats()))
                .setParameter(10, Math.max(1, Math.min(10, r.priority() == 0 ? 5 : r.priority())))
                .setParameter(11, write(r.recipients() == null ? List.of() : r.recipients()))
                .setParameter(12, r.scheduleId()).setParameter(13, r.scheduledFor()).setParameter(14, r.timeZone())
                .setParameter(15, r.sendOnlyIfRows()).setParameter(16, Boolean.TRUE.equals(r.truncateAtLimit()))
                .setParameter(17, r.requestedBy() == null ? "unknown" : r.requestedBy()).setParameter(18, r.requestedAt())
                .setParameter(19, config.maxAttempts()).setParameter(20, Boolean.TRUE.equals(r.awaitRows()))
                // the request's trace (the Kafka consumer's span): the run and its events join it
                .setParameter(21, Traces.current())
                .setParameter(22, r.parameters() == null || r.parameters().isEmpty() ? null : write(r.parameters()))
                .setParameter(23, r.alert() == null ? null : write(r.alert()))
                .setParameter(24, r.message() == null ? null : write(r.message()))
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Up to {@code max} due executions, highest priority then oldest first, now running under {@code owner}'s lease,
     * with their ExecutionStarted events: one transaction, three statements, however many it claims.
     */
    public Uni<List<Execution>> claim(String owner, int max) {
        return pool.withTransaction(c -> c.preparedQuery(CLAIM).execute(Tuple.of(owner, config.lease().toMillis(), max))
                .map(rows -> {
                    List<Execution> claimed = new ArrayList<>(rows.size());
                    rows.forEach(row -> claimed.add(read(row)));
                    claimed.sort(Comparator.comparingInt((Execution e) -> e.priority).thenComparing(e -> e.runAfter)
                            .thenComparing(e -> e.queuedAt));
                    return claimed;
                })
                .call(claimed -> outbox.write(c, claimed.stream().map(e -> new Outbox.Pending(Topics.EXECUTIONS, e.id.toString(),
                        ExecutionEvents.STARTED, e.organization, new ExecutionEvents.Started(1, e.id, e.requestId, e.reportId,
                        e.attempts, e.startedAt), e.traceParent)).toList())));
    }

    /** The next due execution (a claim of one); null when none is due. */
    public Uni<Execution> claim(String owner) {
        return claim(owner, 1).map(claimed -> claimed.isEmpty() ? null : claimed.get(0));
    }

    /** What a running attempt reports at a heartbeat: its rows so far, the planner's estimate, whether to publish progress. */
    public record Beat(Execution execution, long rowsDone, Long estimate, boolean publishProgress) {
    }

    /**
     * Renews the lease of every attempt {@code owner} runs and saves their progress, in one statement; the
     * answer says per execution whether its lease is still held or a cancel was asked (missing: lost).
     */
    public Uni<Map<UUID, Lease>> heartbeat(String owner, List<Beat> beats) {
        if (beats.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Beat> sorted = beats.stream().sorted(Comparator.comparing((Beat b) -> b.execution().id)).toList();
        UUID[] ids = sorted.stream().map(b -> b.execution().id).toArray(UUID[]::new);
        Long[] rows = sorted.stream().map(Beat::rowsDone).toArray(Long[]::new);
        Long[] estimates = sorted.stream().map(Beat::estimate).toArray(Long[]::new);
        Integer[] attempts = sorted.stream().map(b -> b.execution().attempts).toArray(Integer[]::new);
        return pool.withTransaction(c -> c.preparedQuery(HEARTBEAT)
                .execute(Tuple.from(List.of(owner, config.lease().toMillis(), ids, rows, estimates, attempts)))
                .map(renewed -> {
                    Map<UUID, Lease> leases = new HashMap<>();
                    renewed.forEach(row -> leases.put(row.getUUID(0), row.getBoolean(1) ? Lease.CANCEL_REQUESTED : Lease.HELD));
                    return leases;
                })
                .call(leases -> outbox.write(c, beats.stream().filter(b -> b.publishProgress() && leases.containsKey(b.execution().id))
                        .map(b -> { Execution e = b.execution();
                            return new Outbox.Pending(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.PROGRESS, e.organization,
                                    new ExecutionEvents.Progress(1, e.id, e.requestId, e.reportId, b.rowsDone(), b.estimate(), now()),
                                    e.traceParent); }).toList())));
    }

    /** A finished attempt waiting for its group commit. */
    private record Completion(Execution e, String owner, long rows, boolean truncated, boolean noRows, List<ExecutionOutput> outputs,
                              AlertMeasure.Outcome measured) {
        String key() {
            return key(e.id, owner, e.attempts);
        }

        static String key(UUID id, String owner, int attempt) {
            return id + " " + owner + " " + attempt;
        }
    }

    /** Completions committed together: one statement each for their status, their outputs and their events. */
    private final GroupCommit<Completion> completions = new GroupCommit<>(COMPLETIONS_PER_COMMIT, 5,
            new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2)), this::writeCompletions);
    private final AlertStates alerts;

    /** Records the outputs and publishes ExecutionCompleted (group-committed); false when the lease was lost (another worker owns it). */
    public Uni<Boolean> complete(Execution e, String owner, long rows, boolean truncated, boolean noRows, List<ExecutionOutput> outputs,
                                 AlertMeasure.Outcome alert) {
        return completions.submit(new Completion(e, owner, rows, truncated, noRows, outputs, alert));
    }

    /** One transaction for a batch of completions; answers those whose lease still held (the others changed nothing). */
    private Uni<Set<Completion>> writeCompletions(List<Completion> unordered) {
        // rows locked in id order, as the heartbeat does (no deadlock between them)
        List<Completion> batch = unordered.stream().sorted(Comparator.comparing((Completion c) -> c.e().id)).toList();
        return pool.withTransaction(c -> c.preparedQuery(COMPLETE).execute(Tuple.from(List.of(
                        batch.stream().map(x -> x.e().id).toArray(UUID[]::new), batch.stream().map(Completion::owner).toArray(String[]::new),
                        batch.stream().map(Completion::rows).toArray(Long[]::new), batch.stream().map(Completion::truncated).toArray(Boolean[]::new),
                        batch.stream().map(Completion::noRows).toArray(Boolean[]::new),
                        batch.stream().map(x -> x.e().attempts).toArray(Integer[]::new))))
                .chain(result -> {
                    Map<String, OffsetDateTime> finished = new HashMap<>();
                    result.forEach(row -> finished.put(Completion.key(row.getUUID(0), row.getString(1), row.getInteger(2)),
                            row.getOffsetDateTime(3)));
                    List<Completion> done = batch.stream().filter(x -> finished.containsKey(x.key())).toList();
                    if (done.isEmpty()) {
                        return Uni.createFrom().item(Set.<Completion>of());
                    }
                    List<ExecutionOutput> outputs = done.stream().flatMap(x -> x.outputs().stream()).toList();
                    Uni<?> stored = outputs.isEmpty() ? Uni.createFrom().voidItem() : c.preparedQuery(OUTPUTS).execute(Tuple.from(List.of(
                            outputs.stream().map(o -> o.executionId).toArray(UUID[]::new), outputs.stream().map(o -> o.format).toArray(String[]::new),
                            outputs.stream().map(o -> o.storageKey).toArray(String[]::new), outputs.stream().map(o -> o.contentType).toArray(String[]::new),
                            outputs.stream().map(o -> o.sizeBytes).toArray(Long[]::new), outputs.stream().map(o -> o.sha256).toArray(String[]::new),
                            outputs.stream().map(o -> o.rowCount).toArray(Long[]::new), outputs.stream().map(o -> o.expiresAt).toArray(OffsetDateTime[]::new),
                            outputs.stream().map(o -> o.createdAt).toArray(OffsetDateTime[]::new))));
                    return c.preparedQuery("delete from execution_output where execution_id = any($1::uuid[])")
                            .execute(Tuple.of(done.stream().map(x -> x.e().id).toArray(UUID[]::new)))
                            .chain(() -> stored)
                            .chain(() -> alerts.record(c, done.stream().filter(x -> x.measured() != null)
                                    .map(x -> new AlertStates.Measured(x.e(), x.measured())).toList()))
                            .chain(alerts -> outbox.write(c, done.stream().map(x -> completedEvent(x, finished.get(x.key()),
                                    alerts.get(x.e().id))).toList()))
                            .invoke(() -> done.forEach(x -> count("completed")))
                            .replaceWith(Set.copyOf(done));
                }));
    }

    private Outbox.Pending completedEvent(Completion x, OffsetDateTime finishedAt, ExecutionEvents.Alert alert) {
        Execution e = x.e();
        List<com.kaa.reports.platform.queryspec.ParameterValue> parameters = boundParameters(e);
        return new Outbox.Pending(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.COMPLETED, e.organization,
                new ExecutionEvents.Completed(1, e.id, e.requestId, e.reportId, e.reportName, e.scheduleId, e.scheduledFor, e.timeZone,
                        "completed", x.rows(), x.truncated(), x.noRows(), recipients(e), e.requestedBy, e.startedAt, finishedAt,
                        x.outputs().stream().map(o -> new ExecutionEvents.Output(o.format, o.contentType, o.sizeBytes, o.sha256, o.rowCount,
                                o.expiresAt, signer.url(e.id, o.format, e.organization, o.expiresAt.toInstant()))).toList(), period(e, parameters),
                        parameters, alert, message(e)),
                e.traceParent);
    }

    private com.kaa.reports.platform.messages.MessageTemplate message(Execution e) {
        return e.message == null ? null : read(e.message, new TypeReference<>() {
        });
    }

    private List<com.kaa.reports.platform.queryspec.ParameterValue> boundParameters(Execution e) {
        try {
            List<com.kaa.reports.platform.queryspec.ParameterValue> values = parameters(e);
            return values.isEmpty() ? null : values;
        } catch (RuntimeException unreadable) {
            return null; // stored by this service from a validated event: only a bug gets here, and the message goes without them
        }
    }

    /**
     * The period the run covered: the same resolution as the query's (reference = scheduled time, else request time);
     * the spec's fixed range, else the first dateRange parameter's value ({@code parameters}: the run's, or null).
     */
    ExecutionEvents.Period period(Execution e, List<com.kaa.reports.platform.queryspec.ParameterValue> parameters) {
        try {
            QuerySpec spec = json.readValue(e.querySpec, QuerySpec.class);
            java.time.ZoneId zone = java.time.ZoneId.of(e.timeZone == null ? "UTC" : e.timeZone);
            OffsetDateTime reference = e.scheduledFor != null ? e.scheduledFor : e.requestedAt;
            if (spec.parameters() == null || spec.parameters().dateRange() == null) {
                return (parameters == null ? List.<com.kaa.reports.platform.queryspec.ParameterValue>of() : parameters).stream()
                        .filter(p -> "dateRange".equals(p.type()) && p.value() != null && !p.value().isNull())
                        .findFirst().map(p -> {
                            RelativeDateRange.Interval i = com.kaa.reports.execution.query.QueryCompiler.interval(p.value(),
                                    zone, reference.atZoneSameInstant(zone));
                            return new ExecutionEvents.Period(p.value().isTextual() ? p.value().asText() : null,
                                    i.start().toOffsetDateTime(), i.end().toOffsetDateTime());
                        }).orElse(null);
            }
            return RelativeDateRange.parse(spec.parameters().dateRange())
                    .map(range -> range.resolve(reference.atZoneSameInstant(zone), zone))
                    .map(i -> new ExecutionEvents.Period(spec.parameters().dateRange(), i.start().toOffsetDateTime(), i.end().toOffsetDateTime()))
                    .orElse(null);
        } catch (Exception unreadable) {
            return null;  // the run succeeded; a missing period only leaves it out of the message
        }
    }

    /**
     * A failed attempt: queued again after an exponential backoff with jitter while attempts remain and the
     * error is worth retrying; otherwise failed (or timed_out) for good, with ExecutionFailed.
     */
    public Uni<String> fail(Execution e, String owner, Throwable error, boolean retryable, boolean timedOut, long rows) {
        String message = message(error);
        if (retryable && !timedOut && e.attempts < e.maxAttempts) {
            Duration delay = backoff.after(e.attempts);
            return pool.preparedQuery(RETRY_LATER).execute(Tuple.from(List.of(owner, e.id, delay.toMillis(), message,
                            error.getClass().getSimpleName(), e.attempts)))
                    // a retry is not a finish: counted apart, so finished_total divides outcomes by real ends
                    .invoke(() -> registry.counter("kaa.executions.retries").increment())
                    .replaceWith("queued");
        }
        String status = timedOut ? "timed_out" : "failed";
        return pool.withTransaction(c -> finish(c, e, owner, status, rows, false, false, message, error.getClass().getSimpleName())
                .call(finishedAt -> finishedAt == null ? Uni.createFrom().voidItem() : outbox.write(c, List.of(new Outbox.Pending(
                        Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.FAILED, e.organization,
                        new ExecutionEvents.Failed(1, e.id, e.requestId, e.reportId, e.reportName, e.scheduleId, e.timeZone, status,
                                e.attempts, new ExecutionEvents.Error(message, error.getClass().getSimpleName()), recipients(e),
                                e.requestedBy, now(), boundParameters(e), message(e)), e.traceParent))).invoke(() -> count(status))))
                .replaceWith(status);
    }

    /** A running execution stopped on request; its partial files are already gone. */
    public Uni<Boolean> cancelled(Execution e, String owner, long rows) {
        return pool.withTransaction(c -> finish(c, e, owner, "cancelled", rows, false, false, null, null)
                .call(finishedAt -> finishedAt == null ? Uni.createFrom().voidItem() : outbox.write(c, List.of(cancelledEvent(e))))
                .map(finishedAt -> finishedAt != null));
    }

    /**
     * Cancel as a user asks: a queued execution never starts; a running one is told to stop (within a heartbeat).
     * Conditional updates, not a save of the loaded row: a claim or a completion committing meanwhile stays intact.
     */
    public Uni<Execution> requestCancel(UUID id, TenantContext.Identity caller) {
        return Panache.withTransaction(() -> owned(id, caller).flatMap(e -> Panache.getSession().flatMap(s -> s
                .createNativeQuery("update execution set status = 'cancelled', finished_at = now() where id = ?1 and status = 'queued'")
                .setParameter(1, id).executeUpdate()
                .chain(cancelled -> cancelled == 1 ? Uni.createFrom().item(1) : s
                        .createNativeQuery("update execution set cancel_requested = true where id = ?1 and status = 'running'")
                        .setParameter(1, id).executeUpdate().map(asked -> asked == 1 ? 2 : 0))
                .call(() -> s.refresh(e))
                .chain(outcome -> {
                    if (outcome == 0) {
                        throw ProblemException.conflict("execution " + id + " is already " + e.status);
                    }
                    return outcome == 1 ? publishCancelled(e).replaceWith(e) : Uni.createFrom().item(e);
                }))));
    }

    /** Runs a finished (failed, timed out or cancelled) execution again, with a fresh set of attempts. */
    public Uni<Execution> retry(UUID id, TenantContext.Identity caller) {
        return Panache.withTransaction(() -> owned(id, caller).map(e -> {
            if (!List.of("failed", "timed_out", "cancelled").contains(e.status)) {
                throw ProblemException.conflict("only a failed, timed-out or cancelled execution can be retried; this one is " + e.status);
            }
            e.status = "queued";
            e.attempts = 0;
            e.runAfter = now();
            e.queuedAt = now();
            e.finishedAt = null;
            e.errorMessage = null;
            e.errorClass = null;
            e.cancelRequested = false;
            return e;
        }));
    }

    /** Executions whose worker stopped heartbeating (its replica died): queued again, from scratch. */
    public Uni<Integer> requeueExpired() {
        return pool.query(EXPIRED).execute().map(SqlResult::rowCount)
                .invoke(n -> registry.counter("kaa.executions.taken.over").increment(n));
    }

    /**
     * An execution the caller may see: of their organization, and not of another user's private report (admins see
     * those too, as they see the report). Anything else is 404, as an id that exists nowhere.
     */
    public Uni<Execution> owned(UUID id, TenantContext.Identity caller) {
        java.util.Map<String, Object> parameters = ReportAccess.callerParameters(caller);
        parameters.put("id", id);
        return Execution.<Execution>find("from Execution e where e.id = :id and e.organization = :org and " + ReportAccess.READABLE_BY_CALLER,
                        parameters).firstResult()
                .map(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("execution", id);
                    }
                    return e;
                });
    }

    /** The terminal change, fenced by the lease: its finish time, or null when {@code owner} no longer holds it. */
    private Uni<OffsetDateTime> finish(SqlConnection c, Execution e, String owner, String status, long rows, boolean truncated,
                                       boolean noRows, String message, String errorClass) {
        return c.preparedQuery(FINISH).execute(Tuple.from(java.util.Arrays.asList(owner, e.id, status, rows, truncated, noRows,
                message, errorClass, e.attempts))).map(result -> result.rowCount() == 1 ? result.iterator().next().getOffsetDateTime(0) : null);
    }

    private Uni<Void> publishCancelled(Execution e) {
        Outbox.Pending event = cancelledEvent(e);
        return outbox.publish(event.topic(), event.key(), event.type(), event.organization(), event.data(), event.traceparent())
                .replaceWithVoid();
    }

    private Outbox.Pending cancelledEvent(Execution e) {
        count("cancelled");
        return new Outbox.Pending(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.CANCELLED, e.organization,
                new ExecutionEvents.Cancelled(1, e.id, e.requestId, e.reportId, "cancelled", e.requestedBy, now()), e.traceParent);
    }

    public List<ExecutionRequested.Recipient> recipients(Execution e) {
        return read(e.recipients, new TypeReference<>() {
        });
    }

    public List<String> formats(Execution e) {
        return read(e.formats, new TypeReference<>() {
        });
    }

    /** What the run found for its alert; null without one or before it completed. */
    public ExecutionEvents.Alert alert(Execution e) {
        return e.alertOutcome == null ? null : read(e.alertOutcome, new TypeReference<>() {
        });
    }

    /** The parameters the run binds; empty for a report without any. */
    public List<com.kaa.reports.platform.queryspec.ParameterValue> parameters(Execution e) {
        return e.parameters == null ? List.of() : read(e.parameters, new TypeReference<>() {
        });
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("stored JSON unreadable", ex);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** What a client may see of an error: the message of the cause, never a stack trace. */
    static String message(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
    }

    private void count(String outcome) {
        registry.counter("kaa.executions.finished", "outcome", outcome).increment();
    }

    /** An execution as the claim returns it (the columns of {@link #COLUMNS}, in order). */
    private static Execution read(Row r) {
        Execution e = new Execution();
        e.id = r.getUUID(0);
        e.requestId = r.getUUID(1);
        e.organization = r.getString(2);
        e.reportId = r.getUUID(3);
        e.definitionVersion = r.getInteger(4);
        e.reportName = r.getString(5);
        e.dataset = r.getString(6);
        e.querySpec = r.getString(7);
        e.formats = r.getString(8);
        e.priority = r.getInteger(9);
        e.recipients = r.getString(10);
        e.scheduleId = r.getUUID(11);
        e.scheduledFor = r.getOffsetDateTime(12);
        e.timeZone = r.getString(13);
        e.sendOnlyIfRows = r.getBoolean(14);
        e.awaitRows = r.getBoolean(15);
        e.traceParent = r.getString(16);
        e.truncateAtLimit = r.getBoolean(17);
        e.requestedBy = r.getString(18);
        e.requestedAt = r.getOffsetDateTime(19);
        e.status = r.getString(20);
        e.attempts = r.getInteger(21);
        e.maxAttempts = r.getInteger(22);
        e.runAfter = r.getOffsetDateTime(23);
        e.leaseOwner = r.getString(24);
        e.leaseExpiresAt = r.getOffsetDateTime(25);
        e.cancelRequested = r.getBoolean(26);
        e.rowsDone = r.getLong(27);
        e.rowsEstimated = r.getLong(28);
        e.truncated = r.getBoolean(29);
        e.noRows = r.getBoolean(30);
        e.queuedAt = r.getOffsetDateTime(31);
        e.startedAt = r.getOffsetDateTime(32);
        e.finishedAt = r.getOffsetDateTime(33);
        e.errorMessage = r.getString(34);
        e.errorClass = r.getString(35);
        e.parameters = r.getString(36);
        e.alert = r.getString(37);
        e.alertOutcome = r.getString(38);
        e.message = r.getString(39);
        return e;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
