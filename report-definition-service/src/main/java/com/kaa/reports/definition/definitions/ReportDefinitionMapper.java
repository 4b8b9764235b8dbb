package com.kaa.reports.definition.definitions;

import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Between the entity's JSON text columns and the API's typed records. */
@ApplicationScoped
public class ReportDefinitionMapper {

    private final JsonColumns json;

    public ReportDefinitionMapper(JsonColumns json) {
        this.json = json;
    }

    public ReportRequests.Report toResponse(ReportDefinition d) {
        return new ReportRequests.Report(d.id, d.name, d.description, d.dataset, querySpec(d), parameters(d), strings(d.formats),
                strings(d.tags), d.status, d.owner, d.organization, d.visibility, d.templateId, d.templateVersion,
                d.runCount, d.lastRunAt, d.lastRunStatus, d.nextRunAt, d.active, d.deletedAt, d.createdAt, d.updatedAt,
                d.version);
    }

    public QuerySpec querySpec(ReportDefinition d) {
        return json.read(d.querySpec, QuerySpec.class);
    }

    public List<ReportParameter> parameters(ReportDefinition d) {
        return json.parameters(d.parameters);
    }

    public List<String> strings(String value) {
        return json.strings(value);
    }

    public String json(Object value) {
        return json.write(value);
    }
}
