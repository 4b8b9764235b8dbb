package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.events.ExecutionRequested;
import com.kaa.reports.platform.queryspec.RelativeDateRange;
import com.kaa.reports.platform.queryspec.QuerySpec;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.execution.downloads.UrlSigner;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.tracing.Traces;
import com.kaa.reports.platform.problems.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every state change of an execution, each in one transaction with the event it publishes (outbox). A worker
 * changes a running execution only while it holds the lease ({@code lease_owner}), so a worker that lost its
 * lease to another replica can neither complete nor fail it: exactly one terminal event per execution.
 */
@ApplicationScoped
public class ExecutionQueue {

    private static final String INSERT = "insert into execution (id, request_id, organization, report_id, definition_version, "
            + "report_name, dataset, query_spec, formats, priority, recipients, schedule_id, scheduled_for, time_zone, "
            + "send_only_if_rows, truncate_at_limit, requested_by, requested_at, status, max_attempts, run_after, await_rows, trace_parent) values "
            + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, cast(cast(?8 as text) as jsonb), cast(cast(?9 as text) as jsonb), ?10, "
            + "cast(cast(?11 as text) as jsonb), ?12, ?13, ?14, ?15, ?16, ?17, ?18, 'queued', ?19, now(), ?20, ?21) "
            + "on conflict (request_id) do nothing";
    private static final String CLAIM = "update execution set status = 'running', attempts = attempts + 1, lease_owner = ?1, "
            + "lease_expires_at = now() + (?2 * interval '1 millisecond'), started_at = now(), rows_done = 0, cancel_requested = false "
            + "where id = (select id from execution where status = 'queued' and run_after <= now() "
            + "order by priority, run_after, queued_at for update skip locked limit 1) returning cast(id as text)";
    private static final String HEARTBEAT = "update execution set lease_expires_at = now() + (?3 * interval '1 millisecond'), rows_done = ?4, "
            + "rows_estimated = coalesce(?5, rows_estimated) where id = ?1 and lease_owner = ?2 and status = 'running'";
    private static final String FINISH = "update execution set status = ?3, finished_at = now(), lease_owner = null, "
            + "lease_expires_at = null, rows_done = ?4, truncated = ?5, no_rows = ?6, error_message = ?7, error_class = ?8 "
            + "where id = ?1 and lease_owner = ?2 and status = 'running'";
    private static final String RETRY_LATER = "update execution set status = 'queued', lease_owner = null, lease_expires_at = null, "
            + "run_after = now() + (?3 * interval '1 millisecond'), error_message = ?4, error_class = ?5 "
            + "where id = ?1 and lease_owner = ?2 and status = 'running'";
    private static final String EXPIRED = "update execution set status = 'queued', lease_owner = null, lease_expires_at = null, "
            + "run_after = now(), error_message = 'its worker stopped; taken over' where id in (select id from execution "
            + "where status = 'running' and lease_expires_at < now() for update skip locked limit 100)";

    /** A worker's view after a heartbeat. */
    public enum Lease { HELD, CANCEL_REQUESTED, LOST }

    private final Outbox outbox;
    private final ObjectMapper json;
    private final ExecutionConfig config;
    private final UrlSigner signer;
    private final MeterRegistry registry;

    public ExecutionQueue(Outbox outbox, ObjectMapper json, ExecutionConfig config, UrlSigner signer, MeterRegistry registry) {
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.signer = signer;
        this.registry = registry;
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
                .executeUpdate()).replaceWithVoid();
    }

    /** The next queued execution by priority, now running under {@code owner}'s lease; null when none is due. */
    public Uni<Execution> claim(String owner) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(CLAIM, String.class)
                .setParameter(1, owner).setParameter(2, interval(config.lease())).getResultList()
                .flatMap(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    UUID id = UUID.fromString(ids.get(0));
                    return s.find(Execution.class, id)
                            .call(e -> outbox.publish(Topics.EXECUTIONS, id.toString(), ExecutionEvents.STARTED, e.organization,
                                    new ExecutionEvents.Started(1, id, e.requestId, e.reportId, e.attempts, e.startedAt), e.traceParent));
                })));
    }

    /** Extends the lease and saves progress; says whether the lease is still held or a cancel was asked. */
    public Uni<Lease> heartbeat(Execution e, String owner, long rowsDone, Long estimate, boolean publishProgress) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(HEARTBEAT)
                .setParameter(1, e.id).setParameter(2, owner).setParameter(3, interval(config.lease()))
                .setParameter(4, rowsDone).setParameter(5, estimate).executeUpdate()
                .flatMap(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().item(Lease.LOST);
                    }
                    Uni<?> progress = publishProgress ? outbox.publish(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.PROGRESS,
                            e.organization, new ExecutionEvents.Progress(1, e.id, e.requestId, e.reportId, rowsDone, estimate, now()), e.traceParent)
                            : Uni.createFrom().voidItem();
                    return progress.chain(() -> s.createNativeQuery("select cancel_requested from execution where id = ?1", Boolean.class)
                            .setParameter(1, e.id).getSingleResult())
                            .map(cancel -> cancel ? Lease.CANCEL_REQUESTED : Lease.HELD);
                })));
    }

    /** Records the outputs and publishes ExecutionCompleted; false when the lease was lost (another worker owns it). */
    public Uni<Boolean> complete(Execution e, String owner, long rows, boolean truncated, boolean noRows, List<ExecutionOutput> outputs) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> finish(s, e, owner, "completed", rows, truncated, noRows, null, null)
                .flatMap(done -> {
                    if (!done) {
                        return Uni.createFrom().item(false);
                    }
                    return s.createNativeQuery("delete from execution_output where execution_id = ?1").setParameter(1, e.id).executeUpdate()
                            .chain(() -> s.persistAll(outputs.toArray()))
                            .chain(() -> s.find(Execution.class, e.id).call(s::refresh))
                            .chain(current -> outbox.publish(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.COMPLETED, e.organization,
                                    new ExecutionEvents.Completed(1, e.id, e.requestId, e.reportId, e.reportName, e.scheduleId,
                                            e.scheduledFor, e.timeZone, "completed", rows, truncated, noRows, recipients(e),
                                            e.requestedBy, e.startedAt, current.finishedAt, outputs.stream().map(o -> new ExecutionEvents.Output(
                                            o.format, o.contentType, o.sizeBytes, o.sha256, o.rowCount, o.expiresAt,
                                            signer.url(e.id, o.format, e.organization, o.expiresAt.toInstant()))).toList(), period(e)), e.traceParent))
                            .invoke(() -> count("completed"))
                            .replaceWith(true);
                })));
    }

    /** The period the run covered: the same resolution as the query's (reference = scheduled time, else request time). */
    ExecutionEvents.Period period(Execution e) {
        try {
            QuerySpec spec = json.readValue(e.querySpec, QuerySpec.class);
            if (spec.parameters() == null || spec.parameters().dateRange() == null) {
                return null;
            }
            java.time.ZoneId zone = java.time.ZoneId.of(e.timeZone == null ? "UTC" : e.timeZone);
            OffsetDateTime reference = e.scheduledFor != null ? e.scheduledFor : e.requestedAt;
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
            Duration delay = backoff(e.attempts);
            return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(RETRY_LATER)
                    .setParameter(1, e.id).setParameter(2, owner).setParameter(3, interval(delay))
                    .setParameter(4, message).setParameter(5, error.getClass().getSimpleName()).executeUpdate()))
                    // a retry is not a finish: counted apart, so finished_total divides outcomes by real ends
                    .invoke(() -> registry.counter("kaa.executions.retries").increment())
                    .replaceWith("queued");
        }
        String status = timedOut ? "timed_out" : "failed";
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> finish(s, e, owner, status, rows, false, false,
                message, error.getClass().getSimpleName())
                .call(done -> done ? outbox.publish(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.FAILED, e.organization,
                        new ExecutionEvents.Failed(1, e.id, e.requestId, e.reportId, e.reportName, e.scheduleId, e.timeZone, status,
                                e.attempts, new ExecutionEvents.Error(message, error.getClass().getSimpleName()), recipients(e),
                                e.requestedBy, now()), e.traceParent).invoke(() -> count(status)) : Uni.createFrom().voidItem())))
                .replaceWith(status);
    }

    /** A running execution stopped on request; its partial files are already gone. */
    public Uni<Boolean> cancelled(Execution e, String owner, long rows) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> finish(s, e, owner, "cancelled", rows, false, false, null, null)
                .call(done -> done ? publishCancelled(e) : Uni.createFrom().voidItem())));
    }

    /** Cancel as a user asks: a queued execution never starts; a running one is told to stop (within a heartbeat). */
    public Uni<Execution> requestCancel(UUID id, String organization) {
        return Panache.withTransaction(() -> owned(id, organization).flatMap(e -> {
            if (e.terminal()) {
                throw ProblemException.conflict("execution " + id + " is already " + e.status);
            }
            if (e.status.equals("queued")) {
                e.status = "cancelled";
                e.finishedAt = now();
                return publishCancelled(e).replaceWith(e);
            }
            e.cancelRequested = true;
            return Uni.createFrom().item(e);
        }));
    }

    /** Runs a finished (failed, timed out or cancelled) execution again, with a fresh set of attempts. */
    public Uni<Execution> retry(UUID id, String organization) {
        return Panache.withTransaction(() -> owned(id, organization).map(e -> {
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
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(EXPIRED).executeUpdate()
                .invoke(n -> registry.counter("kaa.executions.taken.over").increment(n))));
    }

    public Uni<Execution> owned(UUID id, String organization) {
        return Execution.<Execution>find("id = ?1 and organization = ?2", id, organization).firstResult()
                .map(e -> {
                    if (e == null) {
                        throw ProblemException.notFound("execution", id);
                    }
                    return e;
                });
    }

    private Uni<Boolean> finish(Mutiny.Session s, Execution e, String owner, String status, long rows, boolean truncated,
                                boolean noRows, String message, String errorClass) {
        return s.createNativeQuery(FINISH).setParameter(1, e.id).setParameter(2, owner).setParameter(3, status)
                .setParameter(4, rows).setParameter(5, truncated).setParameter(6, noRows)
                .setParameter(7, message).setParameter(8, errorClass).executeUpdate().map(n -> n == 1);
    }

    private Uni<Void> publishCancelled(Execution e) {
        count("cancelled");
        return outbox.publish(Topics.EXECUTIONS, e.id.toString(), ExecutionEvents.CANCELLED, e.organization,
                new ExecutionEvents.Cancelled(1, e.id, e.requestId, e.reportId, "cancelled", e.requestedBy, now()), e.traceParent).replaceWithVoid();
    }

    Duration backoff(int attempt) {
        long base = config.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, config.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    public List<ExecutionRequested.Recipient> recipients(Execution e) {
        return read(e.recipients, new TypeReference<>() {
        });
    }

    public List<String> formats(Execution e) {
        return read(e.formats, new TypeReference<>() {
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

    /** Milliseconds, multiplied by interval '1 millisecond' in SQL (the client cannot bind text as an interval). */
    private static long interval(Duration duration) {
        return duration.toMillis();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
