package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A value a report asks for when it runs (Jasper's input controls, Redash's query parameters): filters name it
 * ({@code "parameter": "county"}) instead of carrying a literal, and each run binds its value. The value comes from
 * the run-now request, else the schedule, else {@code default}; an optional parameter without any leaves its
 * filters out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ReportParameter", examples = """
        {"name":"county","label":"County","type":"enum","required":true,"valuesFrom":"county"}""")
public record ReportParameter(
        @Schema(description = "How filters and run requests name it", pattern = "^[a-z][a-z0-9_]{0,62}$", examples = "county")
        String name,
        @Schema(description = "What people see (files, messages)", maxLength = 200, examples = "County") String label,
        @Schema(description = "string, number, date (yyyy-mm-dd), dateRange (a relative range such as last_month, or "
                + "{\"from\",\"to\"} days, both included), enum (one of allowedValues, or of a dataset column's values)",
                enumeration = {"string", "number", "date", "dateRange", "enum"}) String type,
        @Schema(description = "Several values at once (a filter with op in); string, number and enum only",
                defaultValue = "false") Boolean multiple,
        @Schema(description = "A run without a value (none given, no default) is refused", defaultValue = "false") Boolean required,
        @JsonProperty("default") @Schema(description = "The value when neither the run nor the schedule gives one")
        JsonNode defaultValue,
        @Schema(description = "enum: the values allowed", maxItems = 1000) List<String> allowedValues,
        @Schema(description = "enum: the values allowed are those of this column of the report's dataset, checked when "
                + "the report runs", examples = "county") String valuesFrom) {

    public enum Type {
        STRING, NUMBER, DATE, DATE_RANGE, ENUM;

        public String json() {
            return this == DATE_RANGE ? "dateRange" : name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> of(String json) {
            for (Type t : values()) {
                if (t.json().equals(json)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public ReportParameter {
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
    }

    /** The type; only call on a validated declaration. */
    public Type kind() {
        return Type.of(type).orElseThrow();
    }

    public boolean many() {
        return Boolean.TRUE.equals(multiple);
    }

    public boolean mandatory() {
        return Boolean.TRUE.equals(required);
    }

    public String labelOrName() {
        return label == null || label.isBlank() ? name : label;
    }
}
