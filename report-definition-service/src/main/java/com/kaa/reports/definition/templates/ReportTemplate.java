package com.kaa.reports.definition.templates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A template's current version; every version, this one included, is also kept in {@link TemplateVersion}. */
@Entity
@Table(name = "report_template")
public class ReportTemplate extends PanacheEntityBase {
    @Id
    public UUID id;
    public String organization;
    public String visibility;
    @Column(name = "created_by")
    public String createdBy;
    public String name;
    public String description;
    public String category;
    public String dataset;
    @Column(name = "query_spec")
    @ColumnTransformer(read = "query_spec::text", write = "?::text::jsonb")
    public String querySpec;
    @ColumnTransformer(read = "formats::text", write = "?::text::jsonb")
    public String formats;
    @ColumnTransformer(read = "parameters::text", write = "?::text::jsonb")
    public String parameters = "[]";
    @ColumnTransformer(read = "layout::text", write = "?::text::jsonb")
    public String layout;
    /** Incremented by every update; not a JPA @Version: the update path checks it explicitly. */
    public int version;
    @Column(name = "is_active")
    public boolean active;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
