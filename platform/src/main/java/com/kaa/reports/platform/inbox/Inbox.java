package com.kaa.reports.platform.inbox;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.EventEnvelope;
import com.kaa.reports.platform.events.MalformedEventException;
import com.kaa.reports.platform.leases.Backoff;
import com.kaa.reports.platform.sql.SqlStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.concurrent.Executor;
import java.util.Set;
import java.util.function.Function;

/**
 * Idempotent consumption. {@link #consume} records the event id and runs the effect in one
 * transaction: a redelivered event finds its id already there and has no second effect.
 *
 * <p>Use it from an {@code @Incoming} method that takes the {@link ConsumerRecord} and returns the
 * {@code Uni}. While the database is unreachable an event waits for it ({@link #outage}), in order. A failing
 * effect is retried with backoff ({@code kaa.inbox.*}); when it keeps failing, or
 * the record can never be read ({@link MalformedEventException}, {@link PermanentEventFailure}), the
 * returned Uni fails, the connector's {@code dead-letter-queue} strategy sends the record to
 * {@code <topic>.dlq} with the reason, and the partition moves on.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final String RECORD = """
            insert into inbox_message (consumer, event_id, topic, kafka_partition, kafka_offset, event_type)
            values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""";

    private final EventCodec codec;
    private final InboxConfig config;
    private final MeterRegistry registry;

    public Inbox(EventCodec codec, InboxConfig config, MeterRegistry registry) {
        this.codec = codec;
        this.config = config;
        this.registry = registry;
    }

    /**
     * @param consumer a stable name of the consuming feature (its inbox namespace), e.g. "run-stats"
     * @param effect   state changes made with Panache; they join the inbox transaction
     */
    public Uni<Void> consume(String consumer, ConsumerRecord<String, String> record,
                             Function<EventEnvelope, Uni<Void>> effect) {
        return consume(consumer, record, null, effect);
    }

    /**
     * Like {@link #consume(String, ConsumerRecord, Function)} for a consumer that acts on some of a topic's event
     * types only: an event of another type has no effect, so it costs no transaction (a storm of runs puts a
     * Started event next to every Completed one).
     *
     * @param types the event types with an effect; null for all
     */
    public Uni<Void> consume(String consumer, ConsumerRecord<String, String> record, Set<String> types,
                             Function<EventEnvelope, Uni<Void>> effect) {
        EventEnvelope envelope;
        try {
            envelope = codec.read(record);
        } catch (MalformedEventException e) {
            count(consumer, record, "malformed");
            return Uni.createFrom().failure(e);
        }
        if (types != null && !types.contains(envelope.type())) {
            count(consumer, record, "ignored");
            return Uni.createFrom().voidItem();
        }
        // retries wake up on a timer thread; Hibernate Reactive must run on the record's Vert.x context
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().deferred(() -> once(consumer, record, envelope, effect))
                .runSubscriptionOn(onContext)
                // the database gone (a restart, a failover) says nothing about the record: wait for it, keep the order
                .onFailure(Inbox::outage).invoke(e -> LOG.warnf("%s waits for the database to apply event %s: %s", consumer,
                        envelope.id(), e.getMessage()))
                .onFailure(Inbox::outage).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(Backoff.JITTER).indefinitely()
                .onFailure(Inbox::retryable).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(Backoff.JITTER)
                .atMost(config.maxAttempts() - 1L)
                .onFailure().invoke(e -> {
                    count(consumer, record, "dead-lettered");
                    LOG.errorf("%s gives up on event %s (%s) from %s-%d@%d, sending it to the DLQ: %s", consumer,
                            envelope.id(), envelope.type(), record.topic(), record.partition(), record.offset(),
                            e.getMessage());
                });
    }

    private Uni<Void> once(String consumer, ConsumerRecord<String, String> record, EventEnvelope envelope,
                           Function<EventEnvelope, Uni<Void>> effect) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(RECORD)
                        .setParameter(1, consumer)
                        .setParameter(2, envelope.id())
                        .setParameter(3, record.topic())
                        .setParameter(4, record.partition())
                        .setParameter(5, record.offset())
                        .setParameter(6, envelope.type())
                        .executeUpdate())
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        count(consumer, record, "duplicate");
                        return Uni.createFrom().voidItem();
                    }
                    return effect.apply(envelope).invoke(() -> count(consumer, record, "processed"));
                }));
    }

    /**
     * The database unreachable or going away: connection refused, closed or timed out, or a transient SQLSTATE
     * ({@link SqlStates#transientFailure}). Such an event is retried until it applies; only failures of the event
     * itself end on the DLQ (a 20 s Postgres restart once dead-lettered good events).
     */
    static boolean outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                return SqlStates.transientFailure(pg.getSqlState());
            }
            if (t instanceof java.net.ConnectException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t.getClass().getSimpleName().contains("ConnectionClosed")
                    || String.valueOf(t.getMessage()).contains("Connection is closed")) {
                return true;
            }
        }
        return false;
    }

    private static boolean retryable(Throwable failure) {
        return !(failure instanceof MalformedEventException || failure instanceof PermanentEventFailure);
    }

    private void count(String consumer, ConsumerRecord<String, String> record, String outcome) {
        registry.counter("kaa.inbox.events", "consumer", consumer, "topic", record.topic(), "outcome", outcome)
                .increment();
    }
}
