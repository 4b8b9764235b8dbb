package com.kaa.reports.execution.query;

import java.util.ArrayList;
import java.util.List;

/** Numbered placeholders: each value is bound as text (or a text array) and cast by Postgres. */
final class Parameters {

    private final List<Object> values = new ArrayList<>();

    /** Binds a value; returns its placeholder with a cast, e.g. {@code $3::numeric}. */
    String bind(String value, String sqlType) {
        values.add(value);
        return "$" + values.size() + "::" + sqlType;
    }

    String bindArray(String[] array, String sqlType) {
        values.add(array);
        return "$" + values.size() + "::" + sqlType + "[]";
    }

    List<Object> values() {
        return values;
    }
}
