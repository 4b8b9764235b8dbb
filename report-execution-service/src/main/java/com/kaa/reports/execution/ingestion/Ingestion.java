package com.kaa.reports.execution.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Field;
import com.kaa.reports.execution.datasets.InvalidEventException;
import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.IncomingEvent;
import com.kaa.reports.platform.events.MalformedEventException;
import com.kaa.reports.platform.leases.Backoff;
import com.kaa.reports.platform.input.InputBounds;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Stores a polled batch of one ingestion topic into its dataset: valid events in one upsert statement,
 * invalid ones to the DLQ with the reason; the batch is acknowledged only after both. Idempotent by
 * construction (the entity version guards every row), so it needs no inbox table: a redelivered batch
 * changes nothing.
 *
 * <p>A batch never fails its channel (failure-strategy=fail would stop the topic for every organization, and a
 * restart would read the same batch again):
 * <ul>
 *   <li>a value Postgres refuses (SQLSTATE class 22 data exception, 23 integrity violation) is the record's fault:
 *   the batch is halved until the refused rows are alone, those go to the DLQ with Postgres' reason and the others
 *   are stored ({@link #store}). The readers of {@link Field} refuse such values first; this is the net under them.</li>
 *   <li>anything else (connection refused or lost, the database restarting, a broker that does not acknowledge the
 *   DLQ) says nothing about the records: the batch waits with backoff as long as it lasts, in order, instead of
 *   giving up after some attempts ({@link #patiently}). Progress shows as consumer lag and in the log.</li>
 * </ul>
 */
@ApplicationScoped
public class Ingestion {

    private static final Logger LOG = Logger.getLogger(Ingestion.class);
    private static final int MAX_ID_LENGTH = 100;

    private final Pool pool;
    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final IngestionConfig config;
    private final MeterRegistry registry;
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    public Ingestion(Pool pool, EventCodec codec, DeadLetters deadLetters, IngestionConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.config = config;
        this.registry = registry;
    }

    public Uni<Void> ingest(Dataset dataset, Iterable<ConsumerRecord<String, String>> records) {
        IngestionBatch batch = new IngestionBatch();
        List<DeadLetters.Rejected> invalid = new ArrayList<>();
        int received = 0;
        for (ConsumerRecord<String, String> record : records) {
            try {
                IngestionBatch.Row row = row(dataset, record);
                if (row == null) {
                    continue;
                }
                received++;
                batch.add(row);
            } catch (InvalidEventException | MalformedEventException e) {
                received++;
                invalid.add(new DeadLetters.Rejected(record, e.getMessage()));
            }
        }
        int valid = received - invalid.size();
        String sql = statements.computeIfAbsent(dataset.name() + " " + dataset.table(), name -> UpsertStatement.of(dataset));
        return store(dataset, sql, batch.rows()).chain(refused -> {
            List<DeadLetters.Rejected> rejected = new ArrayList<>(invalid);
            rejected.addAll(refused);
            return patiently(dataset, "sending refused records to the DLQ", () -> deadLetters.send(rejected))
                    .invoke(() -> {
                        count(dataset, "stored", valid - refused.size());
                        count(dataset, "dead-lettered", rejected.size());
                        rejected.forEach(r -> LOG.warnf("%s-%d@%d sent to the DLQ: %s", r.record().topic(),
                                r.record().partition(), r.record().offset(), r.reason()));
                    });
        });
    }

    /**
     * Stores the rows in one statement. When Postgres refuses a value, stores each half the same way, down to the
     * single rows it refuses; returns those with its reason. A batch with one bad row costs about 2·log2(n) statements.
     */
    private Uni<List<DeadLetters.Rejected>> store(Dataset dataset, String sql, List<IngestionBatch.Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return patiently(dataset, "storing a batch", () -> pool.withTransaction(connection -> connection.preparedQuery(sql)
                        .execute(IngestionBatch.tuple(dataset, rows))))
                .replaceWith(List.<DeadLetters.Rejected>of())
                .onFailure(Ingestion::refusedValue).recoverWithUni(e -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(List.of(new DeadLetters.Rejected(rows.get(0).record(),
                                "refused by the database: " + reason(e))));
                    }
                    int half = rows.size() / 2;
                    return store(dataset, sql, rows.subList(0, half)).chain(first -> store(dataset, sql, rows.subList(half, rows.size()))
                            .map(second -> {
                                List<DeadLetters.Rejected> both = new ArrayList<>(first);
                                both.addAll(second);
                                return both;
                            }));
                });
    }

    /** Retries {@code operation} with backoff for as long as it fails for a reason other than a refused value. */
    private <T> Uni<T> patiently(Dataset dataset, String what, Supplier<Uni<? extends T>> operation) {
        return Uni.createFrom().<T>deferred(operation)
                .onFailure(e -> !refusedValue(e)).invoke(e -> LOG.warnf("%s of %s failed, retrying: %s", what, dataset.name(), e.getMessage()))
                .onFailure(e -> !refusedValue(e)).retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(Backoff.JITTER).indefinitely();
    }

    /** Postgres refused a value of the statement: SQLSTATE class 22 (data exception) or 23 (integrity constraint). */
    static boolean refusedValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23");
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /** The row an event upserts or deletes; null for a type this read model ignores. */
    private IngestionBatch.Row row(Dataset dataset, ConsumerRecord<String, String> record) {
        IncomingEvent event = codec.readIncoming(record);
        if (dataset.ignoredTypes().contains(event.type())) {
            return null;
        }
        boolean deleted = dataset.deleteTypes().contains(event.type());
        if (!deleted && !dataset.upsertTypes().contains(event.type())) {
            throw new InvalidEventException("event type " + event.type() + " is not one of "
                    + dataset.upsertTypes() + dataset.deleteTypes() + " on " + dataset.topic());
        }
        String organization = event.organization();
        if (organization == null || organization.isBlank() || organization.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("the organization extension attribute is required (1 to 100 characters)");
        }
        if (InputBounds.hasNul(organization)) {
            throw new InvalidEventException("organization " + InputBounds.NUL);
        }
        JsonNode data = event.data();
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("data must be a JSON object");
        }
        String id = data.path("id").isTextual() ? data.get("id").asText() : "";
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("id is required (a string of 1 to 100 characters)");
        }
        if (InputBounds.hasNul(id)) {
            throw new InvalidEventException("id " + InputBounds.NUL);
        }
        JsonNode updatedAt = data.get("updatedAt");
        if (updatedAt == null || updatedAt.isNull()) {
            throw new InvalidEventException("updatedAt is required: it orders the versions of an entity");
        }
        Instant version = Field.instantOf("updatedAt", updatedAt);
        String[] values = new String[dataset.fields().size()];
        if (!deleted) {
            for (int i = 0; i < values.length; i++) {
                values[i] = dataset.fields().get(i).read(data);
            }
        }
        return new IngestionBatch.Row(organization, id, version, deleted, values, record);
    }

    private void count(Dataset dataset, String outcome, int events) {
        if (events > 0) {
            registry.counter("kaa.ingestion.events", "dataset", dataset.name(), "outcome", outcome).increment(events);
        }
    }
}
