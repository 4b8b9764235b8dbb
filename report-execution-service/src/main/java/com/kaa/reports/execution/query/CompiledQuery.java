package com.kaa.reports.execution.query;

import com.kaa.reports.platform.queryspec.ColumnType;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;

/**
 * One parameterized statement and the columns it returns, in order. Every value a user supplied is in
 * {@code parameters}; {@code sql} is made only of catalog expressions, keywords and placeholders.
 */
public record CompiledQuery(String sql, List<Object> parameters, List<OutputColumn> columns) {

    /** {@code additive}: a total of the column means something (counts, sums, plain money), unlike averages or rates. */
    public record OutputColumn(String name, String label, ColumnType type, boolean additive) {
    }

    public CompiledQuery {
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }

    public Tuple tuple() {
        return Tuple.from(parameters);
    }
}
