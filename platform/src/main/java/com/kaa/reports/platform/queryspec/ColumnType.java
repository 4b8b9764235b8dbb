package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The value types a dataset column can have; money is an exact decimal in KES. */
public enum ColumnType {
    STRING, INTEGER, DECIMAL, MONEY, DATE, TIMESTAMP, BOOLEAN;

    public boolean numeric() {
        return this == INTEGER || this == DECIMAL || this == MONEY;
    }

    public boolean temporal() {
        return this == DATE || this == TIMESTAMP;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColumnType of(String value) {
        return ColumnType.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
