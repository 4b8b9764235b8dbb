package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.queryspec.ColumnType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A JDBC cell as the Java type of its catalog type (the same types the preview returns). */
final class JdbcValues {

    private JdbcValues() {
    }

    static Object read(ResultSet result, int index, ColumnType type) throws SQLException {
        Object value = switch (type) {
            case STRING -> result.getString(index);
            case INTEGER -> result.getLong(index);
            case DECIMAL, MONEY -> result.getBigDecimal(index);
            case DATE -> result.getObject(index, LocalDate.class);
            case TIMESTAMP -> result.getObject(index, OffsetDateTime.class);
            case BOOLEAN -> result.getBoolean(index);
        };
        return result.wasNull() ? null : value;
    }
}
