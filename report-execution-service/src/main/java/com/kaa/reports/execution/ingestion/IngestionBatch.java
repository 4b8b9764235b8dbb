package com.kaa.reports.execution.ingestion;

import com.kaa.reports.execution.datasets.Dataset;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid rows of one poll for one dataset. Postgres cannot upsert the same key twice in one statement,
 * so per (organization, id) only the newest state is kept (the first of equal versions, as a later
 * redelivery would be ignored anyway).
 */
final class IngestionBatch {

    /**
     * organization, id, updated_at, deleted, then the dataset's fields in order; all as text. The record it was read
     * from goes to the DLQ if Postgres refuses the row.
     */
    record Row(String organization, String id, Instant updatedAt, boolean deleted, String[] fields,
               ConsumerRecord<String, String> record) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    void add(Row row) {
        rows.merge(row.organization() + '\u0000' + row.id(), row,
                (kept, next) -> next.updatedAt().isAfter(kept.updatedAt()) ? next : kept);
    }

    List<Row> rows() {
        return new ArrayList<>(rows.values());
    }

    /** The statement's parameters for these rows: one text array per column. */
    static Tuple tuple(Dataset dataset, List<Row> rows) {
        int width = 4 + dataset.fields().size();
        String[][] columns = new String[width][rows.size()];
        int r = 0;
        for (Row row : rows) {
            columns[0][r] = row.organization();
            columns[1][r] = row.id();
            columns[2][r] = row.updatedAt().toString();
            columns[3][r] = Boolean.toString(row.deleted());
            for (int f = 0; f < row.fields().length; f++) {
                columns[4 + f][r] = row.fields()[f];
            }
            r++;
        }
        return Tuple.from(List.of((Object[]) columns));
    }
}
