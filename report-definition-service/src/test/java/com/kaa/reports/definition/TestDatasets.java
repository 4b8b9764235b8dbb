package com.kaa.reports.definition;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Declares the documented example dataset "payments" on reports.datasets.v1, as the execution service does, and waits for the catalog. */
public final class TestDatasets {

    private TestDatasets() {
    }

    public static void declarePayments(Pool pool) {
        TopicReader.send(Topics.DATASETS, "payments", EventSchemas.example("DatasetDeclared.v1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.preparedQuery("select count(*) from dataset_catalog where name = $1")
                .execute(Tuple.of("payments")).await().indefinitely().iterator().next().getLong(0) == 1);
    }
}
