package com.kaa.reports.definition.definitions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.queryspec.QuerySpec;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Between the entity's JSON text columns and the API's typed records. */
@ApplicationScoped
public class ReportDefinitionMapper {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final ObjectMapper mapper;

    public ReportDefinitionMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ReportRequests.Report toResponse(ReportDefinition d) {
        return new ReportRequests.Report(d.id, d.name, d.description, d.dataset, querySpec(d), strings(d.formats),
                strings(d.tags), d.status, d.owner, d.organization, d.visibility, d.templateId, d.templateVersion,
                d.runCount, d.lastRunAt, d.lastRunStatus, d.nextRunAt, d.active, d.deletedAt, d.createdAt, d.updatedAt,
                d.version);
    }

    public QuerySpec querySpec(ReportDefinition d) {
        return read(d.querySpec, QuerySpec.class);
    }

    public List<String> strings(String json) {
        try {
            return mapper.readValue(json, STRINGS);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON list is unreadable", e);
        }
    }

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }
}
