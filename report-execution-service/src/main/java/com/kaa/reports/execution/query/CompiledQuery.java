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
    /**
     * One column of the result: {@code name} as the query spec says it (JSON keys), {@code label} for people (the
     * header of CSV, XLSX and PDF); {@code additive} when a total of it means something; {@code measure} when it is
     * an aggregation, so a chart plots only aggregate series.
     */
    public record OutputColumn(String name, String label, ColumnType type, boolean additive, boolean measure) {

        /** The header cell: the label, and for timestamps the zone their values are in (a reader cannot guess it). */
        public String heading(java.time.ZoneId zone) {
            return type == ColumnType.TIMESTAMP ? label + " (" + zone.getId() + ")" : label;
        }
    }

    public CompiledQuery {
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }

    public Tuple tuple() {
        return Tuple.from(parameters);
    }
}
