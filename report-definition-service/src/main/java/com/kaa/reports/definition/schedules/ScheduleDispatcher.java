package com.kaa.reports.definition.schedules;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.definitions.ReportDefinition;
import com.kaa.reports.definition.runs.RunRequester;
import com.kaa.reports.platform.events.ExecutionRequested;
import com.kaa.reports.platform.queryspec.ParameterValue;
import com.kaa.reports.platform.queryspec.ReportParameters;
import com.kaa.reports.platform.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires due schedules exactly once, however many replicas run this loop, a batch at a time and set-based: one
 * transaction claims up to {@code kaa.schedules.batch-size} due schedules with {@code FOR UPDATE SKIP LOCKED} (a
 * schedule is handled by one replica at a time), computes every slot and next run in Java, and writes, with one
 * statement each for the whole batch, the fired slots to {@code schedule_fire} (primary key schedule + slot: a second
 * fire of a slot is impossible), the run requests and their ExecutionRequested events (outbox) and the schedules' next
 * runs: all or nothing (the reports' next runs, a view of the schedules', follow in a refresh of their own). A replica that dies before its commit leaves the schedules due
 * for the next one: no slot is lost. Each replica runs {@code kaa.schedules.dispatch-concurrency} such loops, each polling
 * every {@code kaa.schedules.dispatch-interval} (0.1 s).
 *
 * <p>Missed slots (the suite was down longer than {@code kaa.schedules.misfire-threshold}) follow the
 * schedule's policy: {@code fire_once} runs the latest missed slot once, {@code skip} runs none; either
 * way the next run is the first slot after now.
 */
@ApplicationScoped
public class ScheduleDispatcher {

    private static final Logger LOG = Logger.getLogger(ScheduleDispatcher.class);
    private static final String CLAIM = "select " + Schedule.columns("")
            + " from schedule where status = 'active' and next_run_at <= now() order by next_run_at for update skip locked limit $1";
    private static final String REPORTS = """
            select id, organization, version, name, dataset, query_spec::text as query_spec, parameters::text as parameters,
                   formats::text as formats, status,
                   is_active, deleted_at
              from report_definition where id = any($1::uuid[])""";
    private static final String CALENDARS = "select calendar, day from holiday_calendar where calendar = any($1::text[])";
    private static final String RECORD_FIRES = """
            insert into schedule_fire (schedule_id, scheduled_for, request_id)
            select * from unnest($1::uuid[], $2::timestamptz[], $3::uuid[])
            on conflict do nothing returning request_id""";
    private static final String ADVANCE = """
            update schedule s set next_run_at = v.next_run_at, status = v.status, last_fired_at = v.last_fired_at,
                   version = s.version + 1
              from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::timestamptz[]) as v(id, next_run_at, status, last_fired_at)
             where s.id = v.id""";
    private static final String REFRESH_REPORTS = """
            update report_definition r set next_run_at =
                   (select min(next_run_at) from schedule s where s.report_id = r.id and s.status = 'active')
             where r.id = any($1::uuid[])""";

    private final Pool pool;
    private final ScheduleService schedules;
    private final RunRequester runs;
    private final JsonColumns json;
    private final MeterRegistry registry;
    private final Timer fireLag;
    private final Traces traces;
    private final int batch;
    private final Duration misfireThreshold;
    private final Duration interval;
    private final int concurrency;
    private final Set<UUID> reportsToRefresh = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService loop;

    public ScheduleDispatcher(Pool pool, ScheduleService schedules, RunRequester runs, JsonColumns json, MeterRegistry registry,
                              Traces traces,
                              @ConfigProperty(name = "kaa.schedules.batch-size", defaultValue = "500") int batch,
                              @ConfigProperty(name = "kaa.schedules.misfire-threshold", defaultValue = "PT1M") Duration misfireThreshold,
                              @ConfigProperty(name = "kaa.schedules.dispatch-interval", defaultValue = "0.1s") Duration interval,
                              @ConfigProperty(name = "kaa.schedules.dispatch-concurrency", defaultValue = "2") int concurrency) {
        this.pool = pool;
        this.schedules = schedules;
        this.runs = runs;
        this.traces = traces;
        this.json = json;
        this.registry = registry;
        this.batch = batch;
        this.misfireThreshold = misfireThreshold;
        this.interval = interval;
        this.concurrency = Math.max(1, concurrency);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.loop = Executors.newScheduledThreadPool(this.concurrency + 1, r -> {
            Thread thread = new Thread(r, "schedule-dispatcher-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.fireLag = Timer.builder("kaa.schedule.fire.lag").description("Time from a slot to its ExecutionRequested")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /**
     * Polls on its own threads, every {@code kaa.schedules.dispatch-interval} (0.1 s): quarkus-scheduler's interval jobs
     * run at most once a second, and a slot should not wait that long (half a second on average). There are
     * {@code kaa.schedules.dispatch-concurrency} (2) loops, each its own transactions, kept apart by SKIP LOCKED as
     * replicas are: while one batch waits for Postgres (its statements, its commit) the next is claimed and planned,
     * so a backlog drains at twice the rate of one loop (fire lag p99, 100,000 schedules due within 60 s: bench/README).
     */
    void start(@Observes StartupEvent event) {
        long every = interval.toMillis();
        loop.scheduleWithFixedDelay(this::refreshReports, every, every, TimeUnit.MILLISECONDS);
        for (int i = 0; i < concurrency; i++) {
            // staggered: the loops poll in turn, so a slot that falls due waits half as long for the next poll
            loop.scheduleWithFixedDelay(this::tick, every + i * every / concurrency, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        loop.shutdownNow();
    }

    /** Dispatches batch after batch while they come back full (a backlog), then waits for the next poll. */
    void tick() {
        try {
            int rounds = 0;
            while (dispatchOnce().await().atMost(Duration.ofMinutes(1)) >= batch && ++rounds < 200) {
                LOG.debugf("schedules backlog: another batch (round %d)", rounds);
            }
        } catch (RuntimeException e) {
            LOG.warnf("schedule dispatch failed, retrying on the next poll: %s", e.getMessage());
        }
    }

    /** What one claimed schedule becomes: its next run and status, and the slot it fires (null: none). */
    private record Step(Schedule schedule, OffsetDateTime nextRunAt, String status, OffsetDateTime lastFiredAt, Instant slot,
                        ReportDefinition report, UUID requestId) {
    }

    /** One transaction: claims up to a batch of due schedules and fires them; returns how many it claimed. */
    public Uni<Integer> dispatchOnce() {
        // the reports of the fired schedules are refreshed once the fires committed: a refresh between the schedules'
        // update and the commit would read their old next runs, and nothing would correct it until their next fire
        Set<UUID> touched = new HashSet<>();
        return pool.withTransaction(c -> c.preparedQuery(CLAIM).execute(Tuple.of(batch)).chain(rows -> {
            List<Schedule> due = new ArrayList<>();
            rows.forEach(row -> due.add(Schedule.read(row)));
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return reports(c, due).chain(reports -> calendars(c, due).map(calendars -> plan(due, reports, calendars)))
                    .chain(steps -> fire(c, steps).call(() -> advance(c, steps))
                            .invoke(() -> steps.forEach(step -> touched.add(step.schedule().reportId))))
                    .replaceWith(due.size());
        })).invoke(() -> reportsToRefresh.addAll(touched));
    }

    private List<Step> plan(List<Schedule> due, Map<UUID, ReportDefinition> reports, Map<String, Set<LocalDate>> calendars) {
        Instant now = Instant.now();
        List<Step> steps = new ArrayList<>(due.size());
        for (Schedule s : due) {
            Set<LocalDate> calendar = s.exclusionCalendar == null ? Set.of() : calendars.getOrDefault(s.exclusionCalendar, Set.of());
            Recurrence recurrence = schedules.recurrence(s, calendar);
            Instant dueAt = s.nextRunAt.toInstant();
            Instant slot = dueAt;
            if (Duration.between(dueAt, now).compareTo(misfireThreshold) > 0) {
                slot = "skip".equals(s.missedFirePolicy) ? null : recurrence.latestUpTo(dueAt.minusNanos(1), now).orElse(dueAt);
                registry.counter("kaa.schedule.missed", "policy", s.missedFirePolicy).increment();
            }
            Instant from = slot == null || slot.isBefore(now) ? now : slot;
            OffsetDateTime next = recurrence.nextAfter(from).map(Timestamps::at).orElse(null);
            String status = next == null ? "completed" : s.status;
            if (slot == null) {
                steps.add(new Step(s, next, status, s.lastFiredAt, null, null, null));
                continue;
            }
            ReportDefinition report = reports.get(s.reportId);
            if (report == null || !report.active || report.deletedAt != null || "archived".equals(report.status)) {
                registry.counter("kaa.schedule.fires", "outcome", "report-unavailable").increment();
                steps.add(new Step(s, next, status, Timestamps.at(now), null, null, null));
            } else {
                steps.add(new Step(s, next, status, Timestamps.at(now), slot, report, UUID.randomUUID()));
            }
        }
        return steps;
    }

    /** Records the batch's slots; those not fired before (every one, but for a replay) become run requests, each its own trace. */
    private Uni<Void> fire(SqlConnection c, List<Step> steps) {
        List<Step> firing = steps.stream().filter(s -> s.slot() != null).toList();
        if (firing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery(RECORD_FIRES).execute(Tuple.of(firing.stream().map(s -> s.schedule().id).toArray(UUID[]::new),
                        firing.stream().map(s -> Timestamps.at(s.slot())).toArray(OffsetDateTime[]::new),
                        firing.stream().map(Step::requestId).toArray(UUID[]::new)))
                .chain(recorded -> {
                    Set<UUID> fired = new HashSet<>();
                    recorded.forEach(row -> fired.add(row.getUUID(0)));
                    List<RunRequester.Batched> requests = new ArrayList<>();
                    List<Span> spans = new ArrayList<>();
                    for (Step step : firing) {
                        if (!fired.contains(step.requestId())) {
                            registry.counter("kaa.schedule.fires", "outcome", "duplicate-slot").increment();
                            continue;
                        }
                        Schedule s = step.schedule();
                        OffsetDateTime scheduledFor = Timestamps.at(step.slot());
                        // each fire starts a trace that follows the run to its e-mail, SMS or webhook
                        Span span = traces.start("dispatch schedule", SpanKind.PRODUCER, null)
                                .setAttribute("kaa.schedule.id", s.id.toString()).setAttribute("kaa.schedule.slot", scheduledFor.toString());
                        spans.add(span);
                        List<String> formats = s.formats != null ? json.strings(s.formats) : json.strings(step.report().formats);
                        List<ExecutionRequested.Recipient> recipients = schedules.recipients(s).stream()
                                .map(r -> new ExecutionRequested.Recipient(r.channel(), r.address())).toList();
                        // values that no longer fit (the report's parameters changed since) go as they are: the execution
                        // refuses them by name, and the failure reaches the schedule's recipients
                        List<ParameterValue> values = ReportParameters.resolve(json.parameters(step.report().parameters), null,
                                "parameters", json.values(s.parameters), "schedule.parameters").values();
                        requests.add(new RunRequester.Batched(step.report(), new RunRequester.Run(step.requestId(), s.createdBy,
                                RunRequester.DEFAULT_PRIORITY, formats, recipients, s.id, scheduledFor, s.timeZone, s.sendOnlyIfRows,
                                values, schedules.alert(s), schedules.message(s)),
                                Traces.traceparent(span.getSpanContext())));
                    }
                    return runs.requestAll(c, requests)
                            .onTermination().invoke(() -> spans.forEach(Span::end))
                            .invoke(() -> {
                                Instant now = Instant.now();
                                for (RunRequester.Batched request : requests) {
                                    fireLag.record(Duration.between(request.run().scheduledFor().toInstant(), now));
                                }
                                registry.counter("kaa.schedule.fires", "outcome", "fired").increment(requests.size());
                            });
                });
    }

    /** Every claimed schedule's next run (one statement); their reports' next runs follow after the commit. */
    private Uni<Void> advance(SqlConnection c, List<Step> steps) {
        return c.preparedQuery(ADVANCE).execute(Tuple.of(steps.stream().map(s -> s.schedule().id).toArray(UUID[]::new),
                        steps.stream().map(Step::nextRunAt).toArray(OffsetDateTime[]::new),
                        steps.stream().map(Step::status).toArray(String[]::new),
                        steps.stream().map(Step::lastFiredAt).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /**
     * A report's nextRunAt (what its views show: the earliest next run of its active schedules) is refreshed apart from
     * the fires, at most every {@code kaa.schedules.dispatch-interval}, once for every batch that fired its schedules
     * meanwhile. Inside the dispatch transaction it locked the report's row: every batch of a report with many
     * schedules (and both dispatch loops) queued on that one lock, and recomputing the minimum for each batch cost 75 ms
     * at 100,000 schedules. A replica that stops before the refresh leaves the value late until the report's next fire.
     */
    void refreshReports() {
        if (reportsToRefresh.isEmpty()) {
            return;
        }
        List<UUID> reports = new ArrayList<>(reportsToRefresh);
        reportsToRefresh.removeAll(reports);
        try {
            pool.preparedQuery(REFRESH_REPORTS).execute(Tuple.of(reports.stream().sorted().toArray(UUID[]::new)))
                    .await().atMost(Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            reportsToRefresh.addAll(reports);
            LOG.warnf("reports' next runs not refreshed, retrying on the next poll: %s", e.getMessage());
        }
    }

    private Uni<Map<UUID, ReportDefinition>> reports(SqlConnection c, List<Schedule> due) {
        return c.preparedQuery(REPORTS).execute(Tuple.of(due.stream().map(s -> s.reportId).distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, ReportDefinition> reports = new HashMap<>();
                    for (Row r : rows) {
                        ReportDefinition report = new ReportDefinition();
                        report.id = r.getUUID("id");
                        report.organization = r.getString("organization");
                        report.version = r.getLong("version");
                        report.name = r.getString("name");
                        report.dataset = r.getString("dataset");
                        report.querySpec = r.getString("query_spec");
                        report.parameters = r.getString("parameters");
                        report.formats = r.getString("formats");
                        report.status = r.getString("status");
                        report.active = r.getBoolean("is_active");
                        report.deletedAt = r.getOffsetDateTime("deleted_at");
                        reports.put(report.id, report);
                    }
                    return reports;
                });
    }

    private Uni<Map<String, Set<LocalDate>>> calendars(SqlConnection c, List<Schedule> due) {
        String[] names = due.stream().map(s -> s.exclusionCalendar).filter(n -> n != null).distinct().toArray(String[]::new);
        if (names.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery(CALENDARS).execute(Tuple.of(names)).map(rows -> {
            Map<String, Set<LocalDate>> calendars = new HashMap<>();
            rows.forEach(r -> calendars.computeIfAbsent(r.getString(0), n -> new HashSet<>()).add(r.getLocalDate(1)));
            return calendars;
        });
    }
}
