package com.kaa.reports.execution.query;

import com.kaa.reports.platform.queryspec.ColumnType;
import io.vertx.mutiny.sqlclient.Row;

/** A result cell as the Java type of its catalog type: money and decimals as exact BigDecimal. */
public final class RowValues {

    private RowValues() {
    }

    public static Object read(Row row, int index, ColumnType type) {
        if (row.getValue(index) == null) {
            return null;
        }
        return switch (type) {
            case STRING -> row.getValue(index).toString();
            case INTEGER -> ((Number) row.getValue(index)).longValue();
            case DECIMAL, MONEY -> row.getBigDecimal(index);
            case DATE -> row.getLocalDate(index);
            case TIMESTAMP -> row.getOffsetDateTime(index);
            case BOOLEAN -> row.getBoolean(index);
        };
    }
}
