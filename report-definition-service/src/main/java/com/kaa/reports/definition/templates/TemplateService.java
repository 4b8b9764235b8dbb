package com.kaa.reports.definition.templates;

import com.fasterxml.jackson.core.type.TypeReference;
import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.NativePage;
import com.kaa.reports.platform.http.PageLinks;
import jakarta.ws.rs.core.UriInfo;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.catalog.DatasetCatalog;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Templates: system ones (every organization reads them; no one changes them through the API), public ones
 * (the creator's organization reads them) and private ones (their creator only). Every change is a new
 * version; all versions stay readable.
 */
@ApplicationScoped
public class TemplateService {

    private static final TypeReference<List<String>> STRINGS = JsonColumns.STRINGS;
    private static final String VISIBLE = "is_active and (visibility = 'system' or (organization = :org and (visibility = 'public' or created_by = :user)))";
    private static final String VISIBLE_HQL = "active = true and (visibility = 'system' or (organization = :org and (visibility = 'public' or createdBy = :user)))";

    private final TenantContext tenant;
    private final DatasetCatalog catalog;
    private final JsonColumns json;

    public TemplateService(TenantContext tenant, DatasetCatalog catalog, JsonColumns json) {
        this.tenant = tenant;
        this.catalog = catalog;
        this.json = json;
    }

    public Uni<ReportTemplate> create(TemplateRequests.CreateTemplate request) {
        TenantContext.Identity who = tenant.require();
        List<ReportParameter> declared = request.parameters() == null ? List.of() : request.parameters();
        return catalog.validate(request.type(), request.querySpec(), declared).chain(() -> {
            OffsetDateTime now = Timestamps.now();
            ReportTemplate t = new ReportTemplate();
            t.id = UUID.randomUUID();
            t.organization = who.organization();
            t.visibility = Objects.requireNonNullElse(request.visibility(), "private");
            t.createdBy = who.user();
            t.name = request.name().trim();
            t.description = request.description();
            t.category = request.category();
            t.dataset = request.type();
            t.querySpec = json(request.querySpec());
            t.parameters = json(declared);
            t.formats = json(request.formats().stream().distinct().toList());
            t.layout = json(request.layout() == null ? new TemplateRequests.Layout(null, "portrait", List.of(), true, null) : request.layout());
            t.version = 1;
            t.active = true;
            t.createdAt = now;
            t.updatedAt = now;
            return t.<ReportTemplate>persist().call(saved -> TemplateVersion.of(t, who.user(), now).persist());
        });
    }

    public Uni<ReportTemplate> readable(UUID id) {
        TenantContext.Identity who = tenant.require();
        return ReportTemplate.<ReportTemplate>find("id = :id and " + VISIBLE_HQL,
                        Map.of("id", id, "org", who.organization(), "user", who.user()))
                .firstResult().onItem().ifNull().failWith(() -> ProblemException.notFound("Template", id));
    }

    /**
     * System templates: no one. They belong to no organization and every organization reads them, so an
     * organization's admin changing one would change every organization's template (and the audit would land in
     * one organization only); they change through migrations. Others: their creator or an admin of the organization.
     */
    Uni<ReportTemplate> editable(UUID id) {
        TenantContext.Identity who = tenant.require();
        return readable(id).invoke(t -> {
            if (t.organization == null || "system".equals(t.visibility)) {
                throw systemReadOnly(id);
            }
            if (!who.organization().equals(t.organization)
                    || !(who.roles().contains("admin") || t.createdBy.equals(who.user()))) {
                throw new ProblemException(Problem.of(403, "Forbidden", "Only the creator of template " + id + " or an admin can change it"));
            }
        });
    }

    static ProblemException systemReadOnly(UUID id) {
        return new ProblemException(Problem.of(403, "Forbidden", "System templates are read-only: template " + id
                + " is shared by every organization; copy it into your organization (POST /templates/" + id + "/copy) and change the copy"));
    }

    /** A private copy of a readable template's current version in the caller's organization, at version 1. */
    public Uni<ReportTemplate> copy(UUID id) {
        TenantContext.Identity who = tenant.require();
        return readable(id).chain(original -> {
            OffsetDateTime now = Timestamps.now();
            ReportTemplate t = new ReportTemplate();
            t.id = UUID.randomUUID();
            t.organization = who.organization();
            t.visibility = "private";
            t.createdBy = who.user();
            t.name = original.name;
            t.description = original.description;
            t.category = original.category;
            t.dataset = original.dataset;
            t.querySpec = original.querySpec;
            t.parameters = original.parameters;
            t.formats = original.formats;
            t.layout = original.layout;
            t.version = 1;
            t.active = true;
            t.createdAt = now;
            t.updatedAt = now;
            return t.<ReportTemplate>persist().call(saved -> TemplateVersion.of(t, who.user(), now).persist());
        });
    }

    public Uni<ReportTemplate> update(UUID id, TemplateRequests.UpdateTemplate request) {
        TenantContext.Identity who = tenant.require();
        return editable(id).chain(t -> {
            if (t.version != request.version()) {
                throw ProblemException.conflict("Template " + id + " is at version " + t.version + ", not " + request.version());
            }
            String dataset = request.type() != null ? request.type() : t.dataset;
            QuerySpec spec = request.querySpec() != null ? request.querySpec() : querySpec(t.querySpec);
            List<ReportParameter> declared = request.parameters() != null ? request.parameters() : parameters(t);
            Uni<Void> validation = request.type() != null || request.querySpec() != null || request.parameters() != null
                    ? catalog.validate(dataset, spec, declared) : Uni.createFrom().voidItem();
            return validation.chain(() -> {
                OffsetDateTime now = Timestamps.now();
                if (request.name() != null) {
                    t.name = request.name().trim();
                }
                if (request.description() != null) {
                    t.description = request.description().isEmpty() ? null : request.description();
                }
                if (request.category() != null) {
                    t.category = request.category();
                }
                t.dataset = dataset;
                t.querySpec = json(spec);
                t.parameters = json(declared);
                if (request.formats() != null) {
                    t.formats = json(request.formats().stream().distinct().toList());
                }
                if (request.layout() != null) {
                    t.layout = json(request.layout());
                }
                if (request.visibility() != null) {
                    t.visibility = request.visibility();
                }
                t.version++;
                t.updatedAt = now;
                return TemplateVersion.of(t, who.user(), now).persist().replaceWith(t);
            });
        });
    }

    public Uni<Void> delete(UUID id) {
        return editable(id).invoke(t -> {
            t.active = false;
            t.updatedAt = Timestamps.now();
        }).replaceWithVoid();
    }

    public Uni<List<TemplateVersion>> versions(UUID id) {
        return readable(id).chain(t -> TemplateVersion.<TemplateVersion>find("key.templateId = ?1 order by key.version desc", id).list());
    }

    public Uni<TemplateVersion> version(UUID id, int version) {
        return readable(id).chain(t -> TemplateVersion.<TemplateVersion>findById(new TemplateVersion.Key(id, version)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Version " + version + " of template", id));
    }

    public Uni<TemplateRequests.TemplatePage> list(String category, String visibility, String type, int page, int limit, UriInfo uri) {
        TenantContext.Identity who = tenant.require();
        StringBuilder where = new StringBuilder(" from report_template where " + VISIBLE);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", who.organization());
        params.put("user", who.user());
        if (category != null) {
            where.append(" and category = :category");
            params.put("category", category);
        }
        if (visibility != null) {
            where.append(" and visibility = :visibility");
            params.put("visibility", visibility);
        }
        if (type != null) {
            where.append(" and dataset = :type");
            params.put("type", type);
        }
        String select = "select id, organization, visibility, created_by, name, description, category, dataset,"
                + " query_spec::text as query_spec, parameters::text as parameters, formats::text as formats, layout::text as layout, version, is_active,"
                + " created_at, updated_at" + where + " order by visibility = 'system' desc, name, id limit " + (limit + 1)
                + " offset " + ((long) (page - 1) * limit);
        return NativePage.fetch(ReportTemplate.class, select, params, "select count(*)" + where, params, limit)
                .map(p -> new TemplateRequests.TemplatePage(p.items().stream().map(this::view).toList(), p.total(), page, limit, p.hasMore(),
                        uri == null ? null : PageLinks.of(uri, page, p.hasMore())));
    }

    public TemplateRequests.Template view(ReportTemplate t) {
        return new TemplateRequests.Template(t.id, t.name, t.description, t.category, t.dataset, querySpec(t.querySpec),
                json.parameters(t.parameters), read(t.formats, STRINGS), read(t.layout, new TypeReference<>() {
                }), t.visibility, t.version, t.createdBy, t.createdAt, t.updatedAt);
    }

    public TemplateRequests.Template view(TemplateVersion v, ReportTemplate t) {
        return new TemplateRequests.Template(t.id, v.name, v.description, v.category, v.dataset, querySpec(v.querySpec),
                json.parameters(v.parameters), read(v.formats, STRINGS), read(v.layout, new TypeReference<>() {
                }), t.visibility, v.key.version(), v.createdBy, v.createdAt, v.createdAt);
    }

    public QuerySpec querySpec(String json) {
        return read(json, new TypeReference<>() {
        });
    }

    public List<ReportParameter> parameters(ReportTemplate t) {
        return json.parameters(t.parameters);
    }

    public List<String> formats(ReportTemplate t) {
        return read(t.formats, STRINGS);
    }

    private String json(Object value) {
        return json.write(value);
    }

    private <T> T read(String value, TypeReference<T> type) {
        return json.read(value, type);
    }
}
