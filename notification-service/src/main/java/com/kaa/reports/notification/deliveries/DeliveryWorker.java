package com.kaa.reports.notification.deliveries;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. Replicas share the work: a claim (FOR UPDATE SKIP LOCKED) marks a batch sending
 * with a lease, so two replicas never send the same delivery, and a replica that dies mid-send leaves a
 * lease that expires and the delivery is taken again. Each attempt is logged; a retryable failure is
 * rescheduled with exponential backoff and jitter, a permanent one or the last attempt fails the delivery
 * and publishes DeliveryFailed (through the outbox, with the status change).
 *
 * <p>Exactly once per recipient is guaranteed for delivery records (the planner's unique key) and for
 * sends as far as the provider's acceptance and our commit are one step: a crash in the milliseconds
 * between them sends again after the lease. Receivers can drop such a repeat by the delivery id, which
 * every message carries (X-Kaa-Delivery-Id header, CloudEvents id).
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final String CLAIM = """
            update delivery set status = 'sending', attempts = attempts + 1, lease_until = now() + ($2 * interval '1 millisecond'),
                   updated_at = now()
             where id in (select id from delivery
                           where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and lease_until < now())
                           order by next_attempt_at limit $1 for update skip locked)
            returning\s""" + Delivery.COLUMNS;

    private final Pool pool;
    private final Outbox outbox;
    private final DeliveryConfig config;
    private final MeterRegistry registry;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<String, Bucket> rates = new ConcurrentHashMap<>();

    private final Traces traces;

    public DeliveryWorker(Pool pool, Outbox outbox, DeliveryConfig config, MeterRegistry registry, Instance<Channel> channels,
                          Traces traces) {
        this.traces = traces;
        this.pool = pool;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        channels.forEach(c -> this.channels.put(c.name(), c));
    }

    /** Runs on a worker thread; drains what is due, batch after batch. */
    @Scheduled(every = "${kaa.deliveries.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        int claimed;
        do {
            claimed = sendBatch();
        } while (claimed == config.batchSize());
    }

    int sendBatch() {
        List<Delivery> batch = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(Tuple.of(config.batchSize(), config.lease().toMillis()))
                .await().indefinitely()) {
            batch.add(Delivery.read(r));
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (Delivery d : batch) {
            rate(d.channel()).asBlocking().consumeUninterruptibly(1);
            sends.add(attempt(d));
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andCollectFailures().await().atMost(config.lease());
        }
        return batch.size();
    }

    private Uni<Void> attempt(Delivery d) {
        Channel channel = channels.get(d.channel());
        // one span per attempt, in the trace of the event that planned the delivery
        Span span = traces.start("deliver " + d.channel(), SpanKind.CLIENT, d.traceParent())
                .setAttribute("kaa.delivery.id", d.id().toString()).setAttribute("kaa.delivery.attempt", d.attempts());
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        long start = System.nanoTime();
        Uni<SendResult> sent = channel == null
                ? Uni.createFrom().item(SendResult.permanent(null, null, "no channel " + d.channel()))
                : channel.send(d).onFailure().recoverWithItem(e -> SendResult.retry(null, null, e.getClass().getSimpleName()
                + ": " + e.getMessage()));
        return sent.chain(result -> {
            Timer.builder("kaa.delivery.attempt").tag("channel", d.channel()).tag("outcome", result.outcome().name().toLowerCase())
                    .publishPercentileHistogram().register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            span.setAttribute("kaa.delivery.outcome", result.outcome().name().toLowerCase());
            return record(d, result, started, Traces.traceparent(span.getSpanContext()));
        }).onTermination().invoke(span::end).onFailure().invoke(e -> LOG.errorf(e, "recording the attempt of delivery %s failed; its lease will expire and it is retried", d.id()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The attempt's row, the delivery's new status and, when it is final, its event: one transaction. */
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
        registry.counter("kaa.deliveries", "channel", d.channel(), "outcome", outcome).increment();
        return pool.withTransaction(c -> c.preparedQuery("""
                                insert into delivery_attempt (delivery_id, attempt, started_at, finished_at, outcome, error,
                                                              provider_status, provider_response)
                                values ($1, $2, $3, now(), $4, $5, $6, $7)""")
                .execute(Tuple.from(java.util.Arrays.asList(d.id(), d.attempts(), started, outcome, error, result.providerStatus(),
                        result.providerResponse())))
                .chain(() -> c.preparedQuery("""
                                update delivery set status = $2, last_error = $3, provider_response = $4, lease_until = null,
                                       next_attempt_at = now() + ($5 * interval '1 millisecond'), updated_at = now(),
                                       sent_at = case when $2 = 'sent' then now() else sent_at end
                                 where id = $1 and status = 'sending'""")
                        .execute(Tuple.from(java.util.Arrays.asList(d.id(), status, error, result.providerResponse(),
                                status.equals("pending") ? backoff(d.attempts()).toMillis() : 0L))))
                .chain(() -> status.equals("pending") ? Uni.createFrom().voidItem()
                        : outbox.write(c, List.of(new Outbox.Pending(Topics.DELIVERIES, d.id().toString(),
                        status.equals("sent") ? DeliveryEvents.SUCCEEDED : DeliveryEvents.FAILED, d.organization(),
                        DeliveryEvents.DeliveryOutcome.of(d, d.attempts(), error), traceparent)))));
    }

    /** initial × 2^(attempt−1), ±20% jitter so a burst of failures does not come back as a burst, capped. */
    Duration backoff(int attempt) {
        double base = config.initialBackoff().toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double jittered = base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis((long) Math.min(jittered, config.maxBackoff().toMillis()));
    }

    private Bucket rate(String channel) {
        return rates.computeIfAbsent(channel, name -> {
            double perSecond = config.rate().getOrDefault(name, config.defaultRate());
            long capacity = Math.max(1, (long) Math.ceil(perSecond));
            return Bucket.builder().addLimit(Bandwidth.builder().capacity(capacity)
                    .refillGreedy(capacity, Duration.ofNanos((long) (capacity / perSecond * 1e9))).build()).build();
        });
    }
}
