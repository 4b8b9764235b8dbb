package com.kaa.reports.execution.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Field;
import com.kaa.reports.execution.datasets.InvalidEventException;
import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.IncomingEvent;
import com.kaa.reports.platform.events.MalformedEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores a polled batch of one ingestion topic into its dataset: valid events in one upsert statement,
 * invalid ones to the DLQ with the reason; the batch is acknowledged only after both. Idempotent by
 * construction (the entity version guards every row), so it needs no inbox table: a redelivered batch
 * changes nothing.
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
        IngestionBatch batch = new IngestionBatch(dataset);
        List<DeadLetters.Rejected> rejected = new ArrayList<>();
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
                rejected.add(new DeadLetters.Rejected(record, e.getMessage()));
            }
        }
        int accepted = received - rejected.size();
        String sql = statements.computeIfAbsent(dataset.name(), name -> UpsertStatement.of(dataset));
        Uni<Void> store = batch.isEmpty() ? Uni.createFrom().voidItem()
                : pool.withTransaction(connection -> connection.preparedQuery(sql).execute(batch.tuple())).replaceWithVoid();
        return store.chain(() -> deadLetters.send(rejected))
                .onFailure().invoke(e -> LOG.warnf("storing a batch of %s failed, retrying: %s", dataset.name(), e.getMessage()))
                .onFailure().retry().withBackOff(config.initialBackoff(), config.maxBackoff()).withJitter(0.2)
                .atMost(config.maxAttempts() - 1L)
                .invoke(() -> {
                    count(dataset, "stored", accepted);
                    count(dataset, "dead-lettered", rejected.size());
                    rejected.forEach(r -> LOG.warnf("%s-%d@%d sent to the DLQ: %s", r.record().topic(),
                            r.record().partition(), r.record().offset(), r.reason()));
                });
    }

    /** The row an event upserts or deletes; null for a type this read model ignores. */
    private IngestionBatch.Row row(Dataset dataset, ConsumerRecord<String, String> record) {
        IncomingEvent event = codec.readIncoming(record.value());
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
        JsonNode data = event.data();
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("data must be a JSON object");
        }
        String id = data.path("id").isTextual() ? data.get("id").asText() : "";
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new InvalidEventException("id is required (a string of 1 to 100 characters)");
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
        return new IngestionBatch.Row(organization, id, version, deleted, values);
    }

    private void count(Dataset dataset, String outcome, int events) {
        if (events > 0) {
            registry.counter("kaa.ingestion.events", "dataset", dataset.name(), "outcome", outcome).increment(events);
        }
    }
}
