package com.kaa.reports.execution.ingestion;

import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.execution.datasets.Datasets;
import com.kaa.reports.execution.datasets.Field;
import com.kaa.reports.execution.datasets.Preview;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a batch does when its one statement fails. The datasets' readers refuse every value Postgres is known to
 * refuse, so these tests read {@code createdAt} without them: what is left to prove is the store itself.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class IngestionFailuresTest {

    @Inject
    Ingestion ingestion;
    @Inject
    Datasets datasets;
    @Inject
    AgroalDataSource dataSource;

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void rowsPostgresRefusesAreDeadLetteredWithItsReasonAndTheRestOfTheBatchIsStored() {
        Dataset users = unchecked(datasets.fedBy(Topics.USERS), "ds_users");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "usr-good-" + i + "-" + UUID.randomUUID();
            good.add(id);
            records.add(record(records.size(), id, "2026-01-15T09:30:00Z"));
            if (i == 3) {
                records.add(record(records.size(), "usr-far-" + org, "+57440-04-10T00:00:00Z"));
            }
            if (i == 17) {
                records.add(record(records.size(), "usr-zero-" + org, "0000-12-31T00:00:00Z"));
            }
        }

        ingestion.ingest(users, records).await().atMost(Duration.ofSeconds(60));

        good.forEach(id -> assertThat(Preview.count(org, "users", id)).as(id).isEqualTo(1));
        Map<String, String> reasons = TopicReader.readAll(Topics.dlq(Topics.USERS), Duration.ofSeconds(2)).stream()
                .filter(r -> r.key() != null && r.key().endsWith(org))
                .collect(Collectors.toMap(ConsumerRecord::key, IngestionFailuresTest::reason));
        assertThat(reasons).containsOnlyKeys("usr-far-" + org, "usr-zero-" + org);
        assertThat(reasons.get("usr-far-" + org)).contains("22009").contains("time zone displacement out of range");
        assertThat(reasons.get("usr-zero-" + org)).contains("22008").contains("out of range");
    }

    @Test
    void aBatchWaitsForTheDatabaseInsteadOfFailingItsChannel() throws Exception {
        // a table that is not there yet stands for a database that is not reachable yet: neither is the record's fault
        String table = "ds_users_later_" + UUID.randomUUID().toString().substring(0, 8);
        Dataset later = unchecked(datasets.fedBy(Topics.USERS), table);
        CompletableFuture<Void> stored = ingestion.ingest(later, List.of(record(0, "usr-later", "2026-01-15T09:30:00Z")))
                .subscribeAsCompletionStage();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !stored.isDone());

        execute("create table " + table + " (like ds_users including all)");
        try {
            stored.get(60, java.util.concurrent.TimeUnit.SECONDS);
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select count(*) from " + table + " where organization = '" + org + "'")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        } finally {
            execute("drop table " + table);
        }
    }

    /** The dataset stored in {@code table}, with createdAt handed to Postgres as it came. */
    private static Dataset unchecked(Dataset dataset, String table) {
        List<Field> fields = dataset.fields().stream()
                .map(f -> f.property().equals("createdAt")
                        ? new Field(f.property(), f.column(), f.sqlType(), true, (name, value) -> value.asText()) : f)
                .toList();
        return new Dataset(dataset.name(), dataset.label(), dataset.description(), dataset.topic(), table,
                dataset.upsertTypes(), dataset.deleteTypes(), dataset.ignoredTypes(), fields, dataset.columns());
    }

    private ConsumerRecord<String, String> record(long offset, String id, String createdAt) {
        String value = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/kaa/users\","
                + "\"type\":\"UserUpserted.v1\",\"organization\":\"" + org + "\",\"data\":{\"id\":\"" + id + "\","
                + "\"updatedAt\":\"2026-01-15T09:30:00Z\",\"role\":\"tenant\",\"status\":\"active\",\"createdAt\":\"" + createdAt + "\"}}";
        return new ConsumerRecord<>(Topics.USERS, 0, 1_000_000 + offset, id, value);
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String reason(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
