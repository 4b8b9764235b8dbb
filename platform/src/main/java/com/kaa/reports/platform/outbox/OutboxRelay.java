package com.kaa.reports.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes committed outbox events to Kafka, at least once and in order per key; consumers' inboxes
 * make that exactly once in effect.
 *
 * <p>One relay transaction: lock the buckets that have unpublished events with
 * {@code pg_try_advisory_xact_lock} (buckets another replica holds are skipped, so replicas share the
 * work and never publish one key concurrently); then, in a statement whose snapshot is taken after the
 * locks (so it sees what the previous holder committed), read the oldest unpublished events of those
 * buckets; send them with an idempotent producer (acks=all), wait for every acknowledgement, mark
 * them published and commit. A crash or a broker outage before the commit leaves the rows
 * unpublished: they are sent again later, never lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final byte[] STRUCTURED = "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.US_ASCII);

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    // hashtext(current_schema()) keeps the lock space of each service's schema apart in a shared database
    private static final String LOCK_BUCKETS = """
            select b from generate_series(0, $1 - 1) as b
             where exists (select 1 from outbox_event where bucket = b and published_at is null)
               and pg_try_advisory_xact_lock(hashtext(current_schema()), b)""";
    // the oldest unpublished events of each bucket, each read in order from the (bucket, id) index and cut at the batch
    // size, then the oldest of those: "bucket = any($1) order by id limit $2" read every pending event of the buckets
    // to sort them (405 ms for a batch with 15,000 pending, each batch of a storm's backlog again)
    private static final String CLAIM = """
            select o.id, o.topic, o.message_key, o.payload from outbox_event o
             where o.id = any(array(
                   select e.id from unnest($1::int[]) as b(bucket)
                          cross join lateral (select id from outbox_event
                                               where published_at is null and bucket = b.bucket
                                               order by id limit $2) e
                    order by e.id limit $2))
             order by o.id""";
    private static final String TRACEPARENT_FIELD = "\"traceparent\":\"";
    private static final String MARK_PUBLISHED = "update outbox_event set published_at = now() where id = any($1)";

    private final Pool pool;
    private final OutboxConfig config;
    private final Map<String, Object> kafka;
    private final Counter published;
    private final Counter failures;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean failing;
    private volatile boolean paused;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param kafka every {@code kafka.*} setting (and {@code KAFKA_*} variable) of the service: bootstrap
     *              servers and, in Kubernetes, the SASL/TLS settings, shared with the service's consumers
     */
    public OutboxRelay(Pool pool, OutboxConfig config, MeterRegistry registry,
                       @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.pool = pool;
        this.config = config;
        this.kafka = kafka;
        this.published = Counter.builder("kaa.outbox.published").description("Events the relay published to Kafka")
                .register(registry);
        this.failures = Counter.builder("kaa.outbox.publish.failures")
                .description("Relay transactions rolled back because publishing failed").register(registry);
    }

    /**
     * Polls on its own thread: quarkus-scheduler's interval jobs cannot run more often than once a
     * second, and an event should not wait that long.
     */
    void onStart(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.info("outbox relay disabled on this replica (kaa.outbox.relay-enabled=false)");
            return;
        }
        long every = config.pollInterval().toMillis();
        loop.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void tick() {
        if (!running.tryLock()) {
            return;
        }
        try {
            int rounds = 0;
            // drain a backlog quickly, but let pause() in now and then
            while (!paused && relayBatch() == config.batchSize() && ++rounds < 50) {
                LOG.debugf("outbox backlog: relaying another batch (round %d)", rounds);
            }
        } catch (RuntimeException e) {
            // the database is unreachable: the loop must survive it and try again on the next tick
            onFailure(e);
        } finally {
            running.unlock();
        }
    }

    /** Stops relaying on this replica (after the batch in flight) until {@link #resume()}; for maintenance. */
    public void pause() {
        paused = true;
        running.lock();
        running.unlock();
    }

    public void resume() {
        paused = false;
    }

    /** Publishes one batch; returns how many events it published (0 when there was nothing, or it failed). */
    public int relayBatch() {
        SqlConnection connection = pool.getConnection().await().atMost(config.publishTimeout());
        try {
            Transaction tx = connection.begin().await().atMost(config.publishTimeout());
            List<Integer> buckets = new ArrayList<>();
            connection.preparedQuery(LOCK_BUCKETS).execute(Tuple.of(config.buckets()))
                    .await().atMost(config.publishTimeout()).forEach(r -> buckets.add(r.getInteger(0)));
            List<Row> rows = new ArrayList<>();
            if (!buckets.isEmpty()) {
                connection.preparedQuery(CLAIM).execute(Tuple.of(buckets.toArray(Integer[]::new), config.batchSize()))
                        .await().atMost(config.publishTimeout()).forEach(rows::add);
            }
            if (rows.isEmpty()) {
                tx.rollback().await().indefinitely();
                return 0;
            }
            try {
                publish(rows);
                List<Long> ids = rows.stream().map(r -> r.getLong("id")).toList();
                markPublished(connection, ids);
                tx.commit().await().atMost(config.publishTimeout());
            } catch (RuntimeException e) {
                rollbackQuietly(tx);
                onFailure(e);
                return 0;
            }
            published.increment(rows.size());
            if (failing) {
                LOG.info("outbox relay recovered: publishing again");
                failing = false;
            }
            return rows.size();
        } finally {
            connection.close().await().indefinitely();
        }
    }

    /** Marks the events published; runs in the relay transaction, after every acknowledgement arrived. */
    protected void markPublished(SqlConnection connection, List<Long> ids) {
        connection.preparedQuery(MARK_PUBLISHED).execute(Tuple.of(ids.toArray(Long[]::new)))
                .await().atMost(config.publishTimeout());
    }

    private void publish(List<Row> rows) {
        KafkaProducer<String, String> producer = producer();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), row.getString("message_key"),
                    row.getString("payload"));
            // CloudEvents Kafka binding, structured mode: the value is the whole event, and this header says so (a
            // CloudEvents SDK deserializer without it takes the record for binary mode and fails)
            record.headers().add(new RecordHeader("content-type", STRUCTURED));
            String traceparent = traceparentOf(record.value());
            if (traceparent != null) {
                // W3C trace context as a Kafka header too: consumers' instrumentation links their spans to it
                record.headers().add(new RecordHeader("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII)));
            }
            producer.send(record,
                    (metadata, error) -> {
                        if (error == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(error);
                        }
                    });
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + e.getMessage(), e);
        }
    }

    /** The envelope's traceparent attribute; it precedes "data" in the JSON, so user data is never read as one. */
    static String traceparentOf(String payload) {
        int data = payload.indexOf("\"data\":");
        int at = payload.indexOf(TRACEPARENT_FIELD);
        if (at < 0 || (data >= 0 && at > data)) {
            return null;
        }
        int start = at + TRACEPARENT_FIELD.length();
        int end = payload.indexOf('"', start);
        return end < 0 ? null : payload.substring(start, end);
    }

    private void onFailure(RuntimeException e) {
        failures.increment();
        if (!failing) {
            LOG.warnf(e, "outbox relay cannot publish, events stay in the outbox and will be retried: %s", e.getMessage());
            failing = true;
        }
        // a producer that timed out may hold expired batches; start afresh on the next attempt
        closeProducer(Duration.ZERO);
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    private Map<String, Object> producerProperties() {
        long timeout = config.publishTimeout().toMillis();
        Map<String, Object> props = new HashMap<>(kafka);
        // the shared map also holds consumer settings (group, session timeout...): keep what a producer knows
        props.keySet().retainAll(ProducerConfig.configNames());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout / 2, 10_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        props.putAll(config.producer());
        return props;
    }

    private static void rollbackQuietly(Transaction tx) {
        try {
            tx.rollback().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // the connection is closed right after; Postgres rolls back an abandoned transaction itself
        }
    }

    private synchronized void closeProducer(Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.shutdown();
        pause();
        closeProducer(Duration.ofSeconds(5));
    }
}
