package com.kaa.reports.platform.paging;

import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a list query with positional parameters. Callers add fixed SQL fragments in which
 * {@code ?} stands for the value they pass: user input only ever travels as a bound parameter.
 */
public final class Conditions {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    /** Adds "and fragment" when value is not null (an absent filter adds nothing). */
    public Conditions and(String fragment, Object value) {
        if (value != null) {
            append(fragment, value);
        }
        return this;
    }

    /** Adds "and fragment" with each ? bound to the next of values, in order. */
    public Conditions always(String fragment, Object... bound) {
        append(fragment, bound);
        return this;
    }

    private void append(String fragment, Object... bound) {
        StringBuilder part = new StringBuilder();
        int next = 0;
        for (char c : fragment.toCharArray()) {
            if (c == '?') {
                values.add(bound[next++]);
                part.append('$').append(values.size());
            } else {
                part.append(c);
            }
        }
        sql.append(sql.isEmpty() ? " where " : " and ").append(part);
    }

    public String sql() {
        return sql.toString();
    }

    /** The number the next bound parameter will take. */
    public int nextParameter() {
        return values.size() + 1;
    }

    public Tuple tuple(Object... more) {
        List<Object> all = new ArrayList<>(values);
        all.addAll(List.of(more));
        return Tuple.from(all);
    }

    /** Search text as data for LIKE: its wildcards match themselves. */
    public static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
