package com.kaa.reports.definition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The jsonb columns of this service's entities are mapped as text; this turns them into values and back.
 * A stored value that cannot be read is a bug (the service wrote it), hence IllegalStateException.
 */
@ApplicationScoped
public class JsonColumns {

    public static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("value cannot be stored as JSON", e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    public <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON column is unreadable", e);
        }
    }

    public List<String> strings(String json) {
        return read(json, STRINGS);
    }

    /** A report's or template's declared parameters (an absent column reads as none). */
    public List<com.kaa.reports.platform.queryspec.ReportParameter> parameters(String json) {
        return json == null ? List.of() : read(json, PARAMETERS);
    }

    /** A schedule's parameter values by name. */
    public java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> values(String json) {
        return json == null ? java.util.Map.of() : read(json, VALUES);
    }

    private static final TypeReference<List<com.kaa.reports.platform.queryspec.ReportParameter>> PARAMETERS = new TypeReference<>() {
    };
    private static final TypeReference<java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>> VALUES =
            new TypeReference<>() {
            };
}
