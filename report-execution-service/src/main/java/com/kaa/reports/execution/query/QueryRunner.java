package com.kaa.reports.execution.query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a compiled query whose result is small enough to hold (previews, tests); exports stream instead. */
@ApplicationScoped
public class QueryRunner {

    private final Pool pool;

    public QueryRunner(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Map<String, Object>>> rows(CompiledQuery query) {
        return pool.preparedQuery(query.sql()).execute(query.tuple()).map(result -> {
            List<Map<String, Object>> rows = new ArrayList<>(result.size());
            for (Row row : result) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < query.columns().size(); i++) {
                    CompiledQuery.OutputColumn column = query.columns().get(i);
                    values.put(column.name(), RowValues.read(row, i, column.type()));
                }
                rows.add(values);
            }
            return rows;
        });
    }
}
