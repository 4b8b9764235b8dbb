package com.kaa.reports.definition;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Declares a "payments" dataset on reports.datasets.v1, as the execution service does, and waits for the catalog. */
public final class TestDatasets {

    public static final String PAYMENTS = """
            {"specversion":"1.0","id":"%s","source":"/kaa-reports/report-execution-service","type":"DatasetDeclared.v1",
             "subject":"payments","datacontenttype":"application/json",
             "data":{"version":1,"name":"payments","label":"Payments","description":"Kaa payments incl. M-Pesa",
               "columns":[
                 {"name":"id","type":"string","label":"Payment","filterable":true,"groupable":false,"aggregatable":false,"pii":false},
                 {"name":"method","type":"string","label":"Method","filterable":true,"groupable":true,"aggregatable":false,"pii":false},
                 {"name":"status","type":"string","label":"Status","filterable":true,"groupable":true,"aggregatable":false,"pii":false},
                 {"name":"amount","type":"money","label":"Amount (KES)","filterable":true,"groupable":false,"aggregatable":true,"pii":false},
                 {"name":"occurred_at","type":"timestamp","label":"Occurred","filterable":true,"groupable":true,"aggregatable":true,"pii":false},
                 {"name":"phone","type":"string","label":"Phone","filterable":false,"groupable":false,"aggregatable":false,"pii":true}]}}""";

    private TestDatasets() {
    }

    public static void declarePayments(Pool pool) {
        TopicReader.send(Topics.DATASETS, "payments", PAYMENTS.formatted(UUID.randomUUID()).replace("\n", ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("select count(*) from dataset_catalog where name = $1")
                .execute(Tuple.of("payments")).await().indefinitely().iterator().next().getLong(0) == 1);
    }
}
