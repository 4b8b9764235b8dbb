package com.kaa.reports.definition.definitions;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A report definition. JSON columns are kept as text here and (de)serialized by {@link ReportDefinitionMapper}. */
@Entity
@Table(name = "report_definition")
public class ReportDefinition extends PanacheEntityBase {

    /** Columns of a native select that this entity can be read from (jsonb read as text). */
    public static final String COLUMNS = """
            id, organization, owner, name, description, dataset, query_spec::text as query_spec,
            formats::text as formats, tags::text as tags, parameters::text as parameters, status, visibility, template_id, template_version,
            run_count, last_run_at, last_run_status, next_run_at, is_active, deleted_at, created_at, updated_at, version""";

    @Id
    public UUID id;
    public String organization;
    public String owner;
    public String name;
    public String description;
    public String dataset;

    @Column(name = "query_spec")
    @ColumnTransformer(read = "query_spec::text", write = "?::text::jsonb")
    public String querySpec;

    @ColumnTransformer(read = "formats::text", write = "?::text::jsonb")
    public String formats;

    @ColumnTransformer(read = "tags::text", write = "?::text::jsonb")
    public String tags;

    /** The run-time parameters it declares (a JSON array of ReportParameter). */
    @ColumnTransformer(read = "parameters::text", write = "?::text::jsonb")
    public String parameters = "[]";

    public String status;
    public String visibility;
    @Column(name = "template_id")
    public UUID templateId;
    @Column(name = "template_version")
    public Integer templateVersion;
    @Column(name = "run_count")
    public long runCount;
    @Column(name = "last_run_at")
    public OffsetDateTime lastRunAt;
    @Column(name = "last_run_status")
    public String lastRunStatus;
    @Column(name = "next_run_at")
    public OffsetDateTime nextRunAt;
    @Column(name = "is_active")
    public boolean active;
    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
