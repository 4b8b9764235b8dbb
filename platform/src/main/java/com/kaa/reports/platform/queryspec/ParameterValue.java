package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A parameter as one run binds it: its declaration's name, label and type, and the value the run uses (the run's,
 * else the schedule's, else the default; null when an optional parameter has none, so its filters are left out).
 * {@code source} says which of them it was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ParameterValue", examples = """
        {"name":"county","label":"County","type":"enum","value":"Nairobi","source":"schedule"}""")
public record ParameterValue(String name, String label, String type, Boolean multiple, Boolean required, List<String> allowedValues,
                             String valuesFrom,
                             @Schema(description = "A string, number, array of them, or {from,to} for a dateRange")
                             JsonNode value,
                             @Schema(enumeration = {"run", "schedule", "default", "none"}) String source) {

    public ReportParameter declaration() {
        return new ReportParameter(name, label, type, multiple, required, null, allowedValues, valuesFrom);
    }

    public String labelOrName() {
        return declaration().labelOrName();
    }

    /** The value as people read it: "Nairobi", "Mombasa, Kisumu", "last month", "2026-01-01 to 2026-01-31". */
    public String text() {
        return text(type, value);
    }

    /** ... for a value read from an event (the notification service reads events as trees). */
    public static String text(String type, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "(any)";
        }
        if (value.isArray()) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            value.forEach(v -> parts.add(v.asText()));
            return String.join(", ", parts);
        }
        if (value.isObject()) {
            return value.path("from").asText() + " to " + value.path("to").asText();
        }
        return "dateRange".equals(type) ? value.asText().replace('_', ' ') : value.asText();
    }
}
