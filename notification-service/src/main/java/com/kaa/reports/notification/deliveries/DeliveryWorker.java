package com.kaa.reports.notification.deliveries;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.leases.Backoff;
import com.kaa.reports.platform.leases.ClaimLoop;
import com.kaa.reports.platform.leases.GroupCommit;
import com.kaa.reports.platform.leases.LeaseTable;
import com.kaa.reports.platform.leases.WorkSignals;
import com.kaa.reports.platform.outbox.Outbox;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import com.kaa.reports.platform.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries, in one lane per channel so that a slow provider holds back only its own channel. A lane
 * claims as many due deliveries of its channel as it has free sending slots (platform {@link LeaseTable}: replicas
 * never claim the same delivery, and one whose replica died mid-send is claimed again when its lease ran out), sends
 * them concurrently within the channel's rate, and records each attempt as soon as the provider answered: a crash can
 * repeat at most the sends in flight. An idle lane sleeps until the planner's insert notifies it ({@link WorkSignals}).
 * Each attempt is logged; a retryable failure is rescheduled with the platform's {@link Backoff}, a permanent one or
 * the last attempt fails the delivery and publishes DeliveryFailed (through the outbox, with the status change).
 *
 * <p>A repeat after a crash is the same message to its receiver: e-mails carry a Message-ID and webhooks an
 * Idempotency-Key derived from the delivery id (and every message its X-Kaa-Delivery-Id), so mail clients and
 * receivers fold it.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /**
     * How long a stopping replica lets its sends in flight finish: with the shutdown delay (5 s) and timeout (20 s) of
     * %prod, inside the pods' 40 s grace period.
     */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    static final LeaseTable LEASES = new LeaseTable("delivery", "lease_owner", "lease_until");
    /** The channel the delivery trigger notifies when deliveries fall due (V4__delivery_leases.sql). */
    static final String DUE = "delivery_due";
    // a sending row whose lease ran out is due again whoever held it (a replica of before V4 held it without a name)
    private static final String CLAIM = LEASES.claim("channel = $4 and ((status = 'pending' and next_attempt_at <= now()) "
                    + "or (status = 'sending' and lease_until < now()))", "next_attempt_at",
            "status = 'sending', attempts = attempts + 1, updated_at = now()", Delivery.COLUMNS);
    /** The outcomes of a batch of attempts, each fenced by this replica's lease and its attempt number. */
    private static final String RECORD = """
            update delivery t set status = v.status, last_error = v.error, provider_response = v.response, lease_owner = null,
                   lease_until = null, next_attempt_at = now() + (v.backoff_ms * interval '1 millisecond'), updated_at = now(),
                   sent_at = case when v.status = 'sent' then now() else t.sent_at end
              from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[])
                   as v(id, status, error, response, backoff_ms, attempt)
             where t.id = v.id and t.attempts = v.attempt and t.status = 'sending' and\s""" + LEASES.held("t") + " returning t.id, t.attempts";
    /** Renews the leases of every send this replica has in flight (LeaseTable.renew): one statement per heartbeat. */
    private static final String RENEW = LEASES.renew("unnest($3::uuid[]) as v(id)", "", "t.status = 'sending'", "t.id");
    private static final String LOG_ATTEMPTS = """
            insert into delivery_attempt (delivery_id, attempt, started_at, finished_at, outcome, error, provider_status, provider_response)
            select v.id, v.attempt, v.started_at, now(), v.outcome, v.error, v.provider_status, v.provider_response
              from unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::int[], $7::text[])
                   as v(id, attempt, started_at, outcome, error, provider_status, provider_response)""";
    /** Attempts' outcomes recorded together at most (a commit takes every outcome waiting, up to this). */
    private static final int OUTCOMES_PER_COMMIT = 200;

    private final Pool pool;
    private final Outbox outbox;
    private final DeliveryConfig config;
    private final MeterRegistry registry;
    private final Traces traces;
    private final WorkSignals signals;
    private final Backoff backoff;
    private final GroupCommit<Outcome> outcomes = new GroupCommit<>(OUTCOMES_PER_COMMIT, 8,
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), this::write);
    private final String owner = LeaseTable.newOwner();
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, ClaimLoop<Delivery>> lanes = new HashMap<>();
    private final Map<String, Bucket> rates = new HashMap<>();
    /**
     * Deliveries this replica holds, from their claim (while they wait for the channel's rate too) until their outcome
     * is recorded, with how many attempts of each it holds: the heartbeat keeps their leases, so a slow provider or a
     * long wait for the rate is not sent twice.
     */
    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delivery-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public DeliveryWorker(Pool pool, Outbox outbox, DeliveryConfig config, MeterRegistry registry, Instance<Channel> channels,
                          Traces traces, WorkSignals signals) {
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.traces = traces;
        this.signals = signals;
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        channels.forEach(c -> this.channels.put(c.name(), c));
        for (String channel : this.channels.keySet()) {
            rates.put(channel, rate(channel));
            lanes.put(channel, new ClaimLoop<>("deliveries-" + channel, config.batchSize(), config.pollInterval(),
                    max -> claim(channel, max), this::send));
        }
    }

    void start(@Observes StartupEvent event) {
        signals.listen(DUE, () -> lanes.values().forEach(ClaimLoop::wakeUp));
        lanes.values().forEach(ClaimLoop::start);
        long period = heartbeatPeriod().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Claims no more, then lets the sends in flight end and be recorded (the heartbeat still renewing them) for at most
     * DRAIN: a send the provider took but nobody recorded would be sent again by another replica.
     */
    void stop(@Observes ShutdownEvent event) {
        lanes.values().forEach(ClaimLoop::stop);
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!inFlight.isEmpty()) {
            LOG.warnf("stopping with %d deliveries in flight: their leases expire and they are sent again", inFlight.size());
        }
        heartbeats.shutdownNow();
    }

    /**
     * One statement renews the lease of every delivery this replica holds; one it no longer holds (taken over) is
     * named, and its outcome is fenced out when recorded. A renewal that hangs gives up within half a period, so the
     * next one still comes well before the leases run out (and nothing thrown stops the schedule).
     */
    private void heartbeat() {
        if (inFlight.isEmpty()) {
            return;
        }
        // in id order, as outcomes are written: two statements never wait for each other's rows
        UUID[] ids = inFlight.keySet().stream().sorted().toArray(UUID[]::new);
        try {
            Set<UUID> renewed = new java.util.HashSet<>();
            pool.preparedQuery(RENEW).execute(Tuple.of(owner, config.lease().toMillis(), ids)).await().atMost(heartbeatPeriod().dividedBy(2))
                    .forEach(r -> renewed.add(r.getUUID(0)));
            long lost = java.util.Arrays.stream(ids).filter(id -> !renewed.contains(id) && inFlight.containsKey(id)).count();
            if (lost > 0) {
                LOG.warnf("%d deliveries in flight are no longer this replica's (leases taken over): their outcomes will not be recorded here", lost);
            }
        } catch (Throwable e) {
            LOG.warnf("renewing the leases of %d deliveries in flight failed: %s", ids.length, e.getMessage());
        }
    }

    private Duration heartbeatPeriod() {
        return Duration.ofMillis(Math.max(200, config.lease().toMillis() / 4));
    }

    private List<Delivery> claim(String channel, int max) {
        List<Delivery> claimed = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(Tuple.of(owner, config.lease().toMillis(), max, channel)).await().indefinitely()) {
            Delivery d = Delivery.read(r);
            inFlight.merge(d.id(), 1, Integer::sum);   // held (and renewed) from now, the wait for the rate included
            claimed.add(d);
        }
        return claimed;
    }

    /** On the lane's thread: waits for the channel's rate, then sends without blocking; the slot frees when recorded. */
    private void send(Delivery d) {
        rates.get(d.channel()).asBlocking().consumeUninterruptibly(1);
        ClaimLoop<Delivery> lane = lanes.get(d.channel());
        attempt(d).onTermination().invoke(() -> inFlight.computeIfPresent(d.id(), (id, held) -> held > 1 ? held - 1 : null))
                .subscribe().with(done -> lane.done(), failed -> lane.done());
    }

    private Uni<Void> attempt(Delivery d) {
        Channel channel = channels.get(d.channel());
        // one span per attempt, in the trace of the event that planned the delivery
        Span span = traces.start("deliver " + d.channel(), SpanKind.CLIENT, d.traceParent())
                .setAttribute("kaa.delivery.id", d.id().toString()).setAttribute("kaa.delivery.attempt", d.attempts());
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        long start = System.nanoTime();
        // the heartbeat holds the lease while the provider takes its time: a slow send is not sent again by anyone.
        // Only a provider that does not answer at all is given up on (it may still have sent it: the repeat carries the
        // same Message-ID / Idempotency-Key, which receivers fold)
        Uni<SendResult> sent = channel.send(d).ifNoItem().after(config.sendTimeout()).fail()
                .onFailure().recoverWithItem(e -> SendResult.retry(null, null, e.getClass().getSimpleName() + ": " + e.getMessage()));
        return sent.chain(result -> {
            Timer.builder("kaa.delivery.attempt").tag("channel", d.channel()).tag("outcome", result.outcome().name().toLowerCase())
                    .publishPercentileHistogram().register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            span.setAttribute("kaa.delivery.outcome", result.outcome().name().toLowerCase());
            // recorded with the other outcomes of the moment (GroupCommit: tried again while the lease is held, a send
            // the provider took and nobody recorded would be sent again)
            return record(d, result, started, Traces.traceparent(span.getSpanContext()));
        }).onTermination().invoke(span::end).onFailure().invoke(e -> LOG.errorf(e, "recording the attempt of delivery %s failed; its lease will expire and it is retried", d.id()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One attempt's outcome, as recorded: the delivery's new status, its attempt's row and, when final, its event. */
    private record Outcome(Delivery d, String status, String outcome, String error, Integer providerStatus, String providerResponse,
                           long backoffMillis, OffsetDateTime started, String traceparent) {
    }

    private Uni<Void> record(Delivery d, SendResult result, OffsetDateTime started, String traceparent) {
        boolean last = d.attempts() >= config.maxAttempts();
        String status = switch (result.outcome()) {
            case SENT -> "sent";
            case PERMANENT -> "failed";
            case RETRY -> last ? "failed" : "pending";
        };
        String error = result.error() == null ? null
                : status.equals("failed") && result.outcome() == SendResult.Outcome.RETRY
                ? result.error() + " (gave up after " + d.attempts() + " attempts)" : result.error();
        String outcome = status.equals("sent") ? "sent" : status.equals("failed") ? "failed" : "retry";
        if (!status.equals("sent")) {
            // the delivery log has it too; the service's log lets an operator see a provider failing without a query
            LOG.warnf("delivery %s (%s) attempt %d: %s%s", d.id(), d.channel(), d.attempts(), error,
                    status.equals("pending") ? ", tried again later" : "");
        }
        registry.counter("kaa.deliveries", "channel", d.channel(), "outcome", outcome).increment();
        long backoffMillis = status.equals("pending") ? backoff.after(d.attempts()).toMillis() : 0L;
        return outcomes.submit(new Outcome(d, status, outcome, error, result.providerStatus(), result.providerResponse(), backoffMillis,
                        started, traceparent))
                .invoke(recorded -> {
                    if (!recorded) {
                        // this replica's lease ran out and another claimed the delivery: its outcome is the other's to record
                        LOG.warnf("delivery %s: lease lost before its outcome (%s) was recorded", d.id(), outcome);
                    }
                }).replaceWithVoid();
    }

    /** One attempt of one delivery: what the batch update fences on. */
    private record AttemptKey(UUID delivery, int attempt) {
    }

    /**
     * One transaction for a batch of outcomes: the deliveries whose lease this replica still holds (at the same attempt)
     * change status, their attempts are logged, and the final ones publish DeliveryDelivered/DeliveryFailed.
     */
    private Uni<Set<Outcome>> write(List<Outcome> unordered) {
        List<Outcome> batch = unordered.stream().sorted(java.util.Comparator.comparing((Outcome o) -> o.d().id())).toList();
        return pool.withTransaction(c -> c.preparedQuery(RECORD).execute(Tuple.from(java.util.Arrays.asList(owner,
                        batch.stream().map(o -> o.d().id()).toArray(UUID[]::new), batch.stream().map(Outcome::status).toArray(String[]::new),
                        batch.stream().map(Outcome::error).toArray(String[]::new), batch.stream().map(Outcome::providerResponse).toArray(String[]::new),
                        batch.stream().map(Outcome::backoffMillis).toArray(Long[]::new), batch.stream().map(o -> o.d().attempts()).toArray(Integer[]::new))))
                .chain(updated -> {
                    // by id and attempt: this replica may have claimed its own expired delivery again, and the older
                    // attempt's outcome (in the same batch) was fenced out
                    Set<AttemptKey> written = new java.util.HashSet<>();
                    updated.forEach(r -> written.add(new AttemptKey(r.getUUID(0), r.getInteger(1))));
                    List<Outcome> done = batch.stream().filter(o -> written.contains(new AttemptKey(o.d().id(), o.d().attempts()))).toList();
                    if (done.isEmpty()) {
                        return Uni.createFrom().item(Set.<Outcome>of());
                    }
                    List<Outbox.Pending> events = done.stream().filter(o -> !o.status().equals("pending"))
                            .map(o -> new Outbox.Pending(Topics.DELIVERIES, o.d().id().toString(),
                                    o.status().equals("sent") ? DeliveryEvents.SUCCEEDED : DeliveryEvents.FAILED, o.d().organization(),
                                    DeliveryEvents.DeliveryOutcome.of(o.d(), o.d().attempts(), o.error()), o.traceparent())).toList();
                    return c.preparedQuery(LOG_ATTEMPTS).execute(Tuple.from(java.util.Arrays.asList(
                                    done.stream().map(o -> o.d().id()).toArray(UUID[]::new), done.stream().map(o -> o.d().attempts()).toArray(Integer[]::new),
                                    done.stream().map(Outcome::started).toArray(OffsetDateTime[]::new), done.stream().map(Outcome::outcome).toArray(String[]::new),
                                    done.stream().map(Outcome::error).toArray(String[]::new), done.stream().map(Outcome::providerStatus).toArray(Integer[]::new),
                                    done.stream().map(Outcome::providerResponse).toArray(String[]::new))))
                            .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : outbox.write(c, events))
                            .replaceWith(Set.copyOf(done));
                }));
    }

    private Bucket rate(String channel) {
        double perSecond = config.rate().getOrDefault(channel, config.defaultRate());
        long capacity = Math.max(1, (long) Math.ceil(perSecond));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(capacity)
                .refillGreedy(capacity, Duration.ofNanos((long) (capacity / perSecond * 1e9))).build()).build();
    }
}
