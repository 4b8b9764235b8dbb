package com.kaa.reports.execution.executions;

import com.kaa.reports.execution.query.CompiledQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled query for JDBC, which exports use to stream rows from a server-side cursor on a worker
 * thread. The compiler's {@code $n} placeholders become {@code ?} in order of appearance; they are the only
 * {@code $} signs in the text, since no user text is ever part of it.
 */
final class JdbcQuery {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    private JdbcQuery() {
    }

    static PreparedStatement prepare(Connection connection, CompiledQuery query, int fetchSize) throws SQLException {
        List<Object> ordered = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(query.sql());
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            ordered.add(query.parameters().get(Integer.parseInt(m.group(1)) - 1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        PreparedStatement statement = connection.prepareStatement(sql.toString(),
                java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(fetchSize);
        for (int i = 0; i < ordered.size(); i++) {
            Object value = ordered.get(i);
            if (value instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
        return statement;
    }
}
