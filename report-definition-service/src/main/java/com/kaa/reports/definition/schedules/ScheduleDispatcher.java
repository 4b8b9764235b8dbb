package com.kaa.reports.definition.schedules;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.definitions.ReportDefinition;
import com.kaa.reports.platform.events.ExecutionRequested;
import com.kaa.reports.definition.runs.RunRequester;
import com.kaa.reports.platform.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Fires due schedules exactly once, however many replicas run this loop. One transaction claims due
 * schedules with {@code FOR UPDATE SKIP LOCKED} (a schedule is handled by one replica at a time), records
 * the slot in {@code schedule_fire} (primary key schedule + slot: a second fire of a slot is impossible),
 * writes ExecutionRequested to the outbox and advances nextRunAt — all or nothing. A replica that dies
 * before its commit leaves the schedule due for the next one: no slot is lost.
 *
 * <p>Missed slots (the suite was down longer than {@code kaa.schedules.misfire-threshold}) follow the
 * schedule's policy: {@code fire_once} runs the latest missed slot once, {@code skip} runs none; either
 * way the next run is the first slot after now.
 */
@ApplicationScoped
public class ScheduleDispatcher {

    private static final Logger LOG = Logger.getLogger(ScheduleDispatcher.class);
    private static final String CLAIM = "select " + Schedule.columns("")
            + " from schedule where status = 'active' and next_run_at <= now()"
            + " order by next_run_at for update skip locked limit :batch";
    private static final String RECORD_FIRE = """
            insert into schedule_fire (schedule_id, scheduled_for, request_id) values (:schedule, :slot, :request)
            on conflict do nothing""";

    private final ScheduleService schedules;
    private final RunRequester runs;
    private final JsonColumns json;
    private final MeterRegistry registry;
    private final Timer fireLag;
    private final Traces traces;
    private final int batch;
    private final Duration misfireThreshold;

    public ScheduleDispatcher(ScheduleService schedules, RunRequester runs, JsonColumns json, MeterRegistry registry, Traces traces,
                              @ConfigProperty(name = "kaa.schedules.batch-size", defaultValue = "200") int batch,
                              @ConfigProperty(name = "kaa.schedules.misfire-threshold", defaultValue = "PT1M") Duration misfireThreshold) {
        this.schedules = schedules;
        this.runs = runs;
        this.traces = traces;
        this.json = json;
        this.registry = registry;
        this.batch = batch;
        this.misfireThreshold = misfireThreshold;
        this.fireLag = Timer.builder("kaa.schedule.fire.lag").description("Time from a slot to its ExecutionRequested")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Scheduled(every = "${kaa.schedules.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return dispatchOnce()
                .repeat().whilst(fired -> fired >= batch).select().first(50).collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("schedule dispatch failed, retrying on the next tick: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One transaction: claims up to a batch of due schedules and fires them; returns how many it claimed. */
    public Uni<Integer> dispatchOnce() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(CLAIM, Schedule.class).setParameter("batch", batch).getResultList()
                .call(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::fire).collect().last())
                // each report's nextRunAt once per batch, not once per fired schedule
                .call(due -> Multi.createFrom().iterable(due.stream().map(s -> s.reportId).distinct().toList())
                        .onItem().transformToUniAndConcatenate(schedules::refreshReportNextRun).collect().last())
                .map(List::size)));
    }

    private Uni<Void> fire(Schedule s) {
        Instant now = Instant.now();
        Instant due = s.nextRunAt.toInstant();
        return schedules.recurrenceOf(s).chain(recurrence -> {
            Instant slot = due;
            if (Duration.between(due, now).compareTo(misfireThreshold) > 0) {
                slot = "skip".equals(s.missedFirePolicy) ? null : recurrence.latestUpTo(due.minusNanos(1), now).orElse(due);
                registry.counter("kaa.schedule.missed", "policy", s.missedFirePolicy).increment();
            }
            Instant from = slot == null || slot.isBefore(now) ? now : slot;
            s.nextRunAt = recurrence.nextAfter(from).map(Timestamps::at).orElse(null);
            if (s.nextRunAt == null) {
                s.status = "completed";
            }
            if (slot == null) {
                return Uni.createFrom().voidItem();
            }
            Instant fired = slot;
            s.lastFiredAt = Timestamps.at(now);
            return ReportDefinition.<ReportDefinition>findById(s.reportId).chain(report -> {
                if (report == null || !report.active || "archived".equals(report.status)) {
                    registry.counter("kaa.schedule.fires", "outcome", "report-unavailable").increment();
                    return Uni.createFrom().voidItem();
                }
                return request(s, report, fired);
            });
        });
    }

    private Uni<Void> request(Schedule s, ReportDefinition report, Instant slot) {
        UUID requestId = UUID.randomUUID();
        OffsetDateTime scheduledFor = Timestamps.at(slot);
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD_FIRE)
                .setParameter("schedule", s.id).setParameter("slot", scheduledFor).setParameter("request", requestId)
                .executeUpdate()).chain(inserted -> {
            if (inserted == 0) {
                registry.counter("kaa.schedule.fires", "outcome", "duplicate-slot").increment();
                return Uni.createFrom().voidItem();
            }
            List<String> formats = s.formats != null ? json.strings(s.formats) : json.strings(report.formats);
            List<ExecutionRequested.Recipient> recipients = schedules.recipients(s).stream()
                    .map(r -> new ExecutionRequested.Recipient(r.channel(), r.address())).toList();
            // each fire starts a trace that follows the run to its e-mail, SMS or webhook
            Span span = traces.start("dispatch schedule", SpanKind.PRODUCER, null)
                    .setAttribute("kaa.schedule.id", s.id.toString()).setAttribute("kaa.schedule.slot", scheduledFor.toString());
            return runs.request(report, new RunRequester.Run(requestId, s.createdBy, RunRequester.DEFAULT_PRIORITY, formats,
                            recipients, s.id, scheduledFor, s.timeZone, s.sendOnlyIfRows), Traces.traceparent(span.getSpanContext()))
                    .onTermination().invoke(span::end)
                    .invoke(() -> {
                        fireLag.record(Duration.between(slot, Instant.now()));
                        registry.counter("kaa.schedule.fires", "outcome", "fired").increment();
                    })
                    .replaceWithVoid();
        });
    }
}
