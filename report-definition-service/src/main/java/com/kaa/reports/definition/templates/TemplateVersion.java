package com.kaa.reports.definition.templates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One kept version of a template. */
@Entity
@Table(name = "report_template_version")
public class TemplateVersion extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "template_id") UUID templateId, int version) implements Serializable {
    }

    @EmbeddedId
    public Key key;
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
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    static TemplateVersion of(ReportTemplate t, String author, OffsetDateTime at) {
        TemplateVersion v = new TemplateVersion();
        v.key = new Key(t.id, t.version);
        v.name = t.name;
        v.description = t.description;
        v.category = t.category;
        v.dataset = t.dataset;
        v.querySpec = t.querySpec;
        v.formats = t.formats;
        v.parameters = t.parameters;
        v.layout = t.layout;
        v.createdBy = author;
        v.createdAt = at;
        return v;
    }
}
