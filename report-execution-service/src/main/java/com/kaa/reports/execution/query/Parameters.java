package com.kaa.reports.execution.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbered placeholders: each value is bound as text (or a text array) and cast by Postgres, so money stays
 * exact and the statement's parameter types never depend on how Postgres infers them.
 */
final class Parameters {

    private final List<Object> values = new ArrayList<>();

    /** Binds a value; returns its placeholder with a cast, e.g. {@code $3::numeric}. */
    String bind(String value, String sqlType) {
        values.add(value);
        return "text".equals(sqlType) ? "$" + values.size() + "::text" : "$" + values.size() + "::text::" + sqlType;
    }

    String bindArray(String[] array, String sqlType) {
        values.add(array);
        return "$" + values.size() + "::text[]::" + sqlType + "[]";
    }

    List<Object> values() {
        return values;
    }
}
