package com.kaa.reports.definition.definitions;

import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.definition.catalog.DatasetCatalog;
import com.kaa.reports.definition.NativePage;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.runs.RunRequester;
import com.kaa.reports.definition.templates.TemplateService;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import com.kaa.reports.platform.queryspec.ReportParameters;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Report definitions of the caller's organization. A report is visible to its owner, and to colleagues
 * when its visibility is "organization"; only the owner or an admin changes it. Anything else answers
 * 404 (another organization's ids cannot even be probed) or 403.
 */
@ApplicationScoped
public class ReportDefinitionService {

    private final TenantContext tenant;
    private final DatasetCatalog catalog;
    private final Outbox outbox;
    private final ReportDefinitionMapper mapper;
    private final TemplateService templates;
    private final RunRequester runs;
    private final com.kaa.reports.definition.JsonColumns json;

    public ReportDefinitionService(TenantContext tenant, DatasetCatalog catalog, Outbox outbox, ReportDefinitionMapper mapper,
                                   TemplateService templates, RunRequester runs, com.kaa.reports.definition.JsonColumns json) {
        this.json = json;
        this.tenant = tenant;
        this.catalog = catalog;
        this.outbox = outbox;
        this.mapper = mapper;
        this.templates = templates;
        this.runs = runs;
    }

    /** What a new report is made of: the request, over its template's current version when it names one. */
    private record Blueprint(String name, String dataset, QuerySpec spec, List<ReportParameter> parameters, List<String> formats,
                             UUID templateId, Integer templateVersion) {
    }

    public Uni<ReportDefinition> create(ReportRequests.CreateReport request) {
        TenantContext.Identity who = tenant.require();
        return blueprint(request).chain(b -> catalog.validate(b.dataset(), b.spec(), b.parameters()).chain(() -> {
            OffsetDateTime now = Timestamps.now();
            ReportDefinition d = new ReportDefinition();
            d.id = UUID.randomUUID();
            d.organization = who.organization();
            d.owner = who.user();
            d.name = b.name().trim();
            d.description = request.description();
            d.dataset = b.dataset();
            d.querySpec = mapper.json(b.spec());
            d.parameters = mapper.json(b.parameters());
            d.formats = mapper.json(b.formats().stream().distinct().toList());
            d.tags = mapper.json(request.tags() == null ? List.of() : request.tags().stream().distinct().toList());
            d.status = Objects.requireNonNullElse(request.status(), "draft");
            d.visibility = Objects.requireNonNullElse(request.visibility(), "private");
            d.templateId = b.templateId();
            d.templateVersion = b.templateVersion();
            d.active = true;
            d.createdAt = now;
            d.updatedAt = now;
            return d.<ReportDefinition>persist().call(this::announceCreated);
        }));
    }

    private Uni<Blueprint> blueprint(ReportRequests.CreateReport r) {
        if (r.templateId() == null) {
            require(r.name(), "name");
            require(r.type(), "type");
            require(r.querySpec(), "querySpec");
            require(r.formats(), "formats");
            return Uni.createFrom().item(new Blueprint(r.name(), r.type(), r.querySpec(), parameters(r.parameters()), r.formats(), null, null));
        }
        return templates.readable(r.templateId())
                .onFailure(ProblemException.class).transform(e -> ProblemException.invalidField("templateId",
                        "no template " + r.templateId() + " is available to you"))
                .map(t -> new Blueprint(r.name() != null ? r.name() : t.name, r.type() != null ? r.type() : t.dataset,
                        r.querySpec() != null ? r.querySpec() : templates.querySpec(t.querySpec),
                        // the template's parameters go with its query spec: a spec of one's own brings its own parameters
                        r.querySpec() != null || r.parameters() != null ? parameters(r.parameters()) : templates.parameters(t),
                        r.formats() != null ? r.formats() : templates.formats(t), t.id, t.version));
    }

    private static List<ReportParameter> parameters(List<ReportParameter> given) {
        return given == null ? List.of() : given;
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw ProblemException.invalidField(field, "is required unless the report starts from a templateId");
        }
    }

    private Uni<?> announceCreated(ReportDefinition d) {
        return outbox.publish(Topics.REPORT_DEFINITIONS, d.id.toString(), DefinitionEvents.ReportDefinitionCreated.TYPE,
                d.organization, new DefinitionEvents.ReportDefinitionCreated(1, d.id, d.owner, d.name, d.dataset, d.status,
                        d.visibility, d.version));
    }

    /** A live report the caller may read; 404 otherwise. */
    public Uni<ReportDefinition> readable(UUID id) {
        TenantContext.Identity who = tenant.require();
        return ReportDefinition.<ReportDefinition>find("id = ?1 and organization = ?2 and active = true", id, who.organization())
                .firstResult()
                .map(d -> {
                    if (d == null || !("organization".equals(d.visibility) || d.owner.equals(who.user()) || who.roles().contains("admin"))) {
                        throw ProblemException.notFound("Report", id);
                    }
                    return d;
                });
    }

    /** A live report the caller may change: its owner or an admin. */
    public Uni<ReportDefinition> editable(UUID id) {
        TenantContext.Identity who = tenant.require();
        return readable(id).invoke(d -> {
            if (!d.owner.equals(who.user()) && !who.roles().contains("admin")) {
                throw new ProblemException(Problem.of(403, "Forbidden", "Only the owner of report " + id + " or an admin can change it"));
            }
        });
    }

    public Uni<ReportDefinition> update(UUID id, ReportRequests.UpdateReport request) {
        return editable(id).call(d -> {
            if (d.version != request.version()) {
                throw ProblemException.conflict("Report " + id + " is at version " + d.version + ", not " + request.version()
                        + "; read it again and reapply your change");
            }
            String dataset = request.type() != null ? request.type() : d.dataset;
            QuerySpec spec = request.querySpec() != null ? request.querySpec() : mapper.querySpec(d);
            List<ReportParameter> parameters = request.parameters() != null ? request.parameters() : mapper.parameters(d);
            Uni<Void> validation = request.type() != null || request.querySpec() != null || request.parameters() != null
                    ? catalog.validate(dataset, spec, parameters).call(() -> checkSchedules(d, parameters)) : Uni.createFrom().voidItem();
            return validation.invoke(() -> {
                if (request.name() != null) {
                    d.name = request.name().trim();
                }
                if (request.description() != null) {
                    d.description = request.description().isEmpty() ? null : request.description();
                }
                d.dataset = dataset;
                d.querySpec = mapper.json(spec);
                d.parameters = mapper.json(parameters);
                if (request.formats() != null) {
                    d.formats = mapper.json(request.formats().stream().distinct().toList());
                }
                if (request.tags() != null) {
                    d.tags = mapper.json(request.tags().stream().distinct().toList());
                }
                if (request.status() != null) {
                    d.status = request.status();
                }
                if (request.visibility() != null) {
                    d.visibility = request.visibility();
                }
                d.updatedAt = Timestamps.now();
            }).call(() -> Panache.getSession().flatMap(s -> s.flush()))
                    .call(() -> outbox.publish(Topics.REPORT_DEFINITIONS, d.id.toString(),
                            DefinitionEvents.ReportDefinitionUpdated.TYPE, d.organization,
                            new DefinitionEvents.ReportDefinitionUpdated(1, d.id, d.name, d.dataset, d.status, d.visibility, d.version)));
        });
    }

    /**
     * A change of parameters must leave every live schedule of the report runnable: a schedule's value for a parameter
     * that is gone, renamed or no longer allowed, or a new required parameter it gives no value for, would run it
     * with the wrong rows (a filter left out) or fail every run. 409 naming the schedules; change them first.
     */
    private Uni<Void> checkSchedules(ReportDefinition d, List<ReportParameter> parameters) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select id::text, parameters::text from schedule where report_id = :id and status in ('active', 'paused') order by id",
                        Object[].class).setParameter("id", d.id).getResultList())
                .invoke(rows -> {
                    List<String> broken = new java.util.ArrayList<>();
                    for (Object[] row : rows) {
                        var errors = ReportParameters.resolve(parameters, null, "parameters", json.values((String) row[1]), "parameters").errors();
                        if (!errors.isEmpty()) {
                            broken.add("schedule " + row[0] + " (" + errors.get(0).field() + ": " + errors.get(0).message() + ")");
                        }
                    }
                    if (!broken.isEmpty()) {
                        throw ProblemException.conflict("This change of parameters would break " + broken.size() + " schedule(s) of report "
                                + d.id + ": " + String.join("; ", broken.subList(0, Math.min(5, broken.size())))
                                + ". Change or cancel them first (PUT /schedules/{id})");
                    }
                }).replaceWithVoid();
    }

    /** Soft delete: the report leaves lists, cannot run or be scheduled; its schedules are cancelled. */
    public Uni<Void> delete(UUID id) {
        return editable(id).call(d -> {
            d.active = false;
            d.deletedAt = Timestamps.now();
            d.updatedAt = d.deletedAt;
            d.nextRunAt = null;
            return cancelSchedules(d).chain(() -> outbox.publish(Topics.REPORT_DEFINITIONS, d.id.toString(), DefinitionEvents.ReportDefinitionDeleted.TYPE,
                    d.organization, new DefinitionEvents.ReportDefinitionDeleted(1, d.id, d.deletedAt)));
        }).replaceWithVoid();
    }

    /** A deleted report's schedules are cancelled with it (in the same transaction). */
    private static Uni<Integer> cancelSchedules(ReportDefinition d) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        update schedule set status = 'cancelled', next_run_at = null, updated_at = now(), version = version + 1
                         where report_id = :id and status in ('active', 'paused')""")
                .setParameter("id", d.id).executeUpdate());
    }

    /** A copy owned by the caller: name + " (Copy)", no runs, no schedules. */
    public Uni<ReportDefinition> duplicate(UUID id) {
        TenantContext.Identity who = tenant.require();
        return readable(id).chain(original -> {
            OffsetDateTime now = Timestamps.now();
            ReportDefinition copy = new ReportDefinition();
            copy.id = UUID.randomUUID();
            copy.organization = original.organization;
            copy.owner = who.user();
            copy.name = truncate(original.name + " (Copy)", 200);
            copy.description = original.description;
            copy.dataset = original.dataset;
            copy.querySpec = original.querySpec;
            copy.parameters = original.parameters;
            copy.formats = original.formats;
            copy.tags = original.tags;
            copy.status = original.status;
            copy.visibility = original.visibility;
            copy.templateId = original.templateId;
            copy.templateVersion = original.templateVersion;
            copy.active = true;
            copy.createdAt = now;
            copy.updatedAt = now;
            return copy.<ReportDefinition>persist().call(this::announceCreated);
        });
    }

    /** Records a run request and asks the execution service for it, in one transaction. */
    public Uni<ReportRequests.RunAccepted> run(UUID id, ReportRequests.RunReport request) {
        TenantContext.Identity who = tenant.require();
        return readable(id).chain(d -> {
            if ("archived".equals(d.status)) {
                throw ProblemException.conflict("Report " + id + " is archived; make it active to run it");
            }
            int priority = request == null || request.priority() == null ? RunRequester.DEFAULT_PRIORITY : request.priority();
            List<String> formats = request == null || request.formats() == null ? mapper.strings(d.formats)
                    : request.formats().stream().distinct().toList();
            String zone = request == null || request.timeZone() == null ? RunRequester.DEFAULT_TIME_ZONE
                    : com.kaa.reports.definition.schedules.ScheduleRules.zone(request.timeZone()).getId();
            ReportParameters.Resolution values = ReportParameters.resolve(mapper.parameters(d),
                    request == null ? null : request.parameters(), "parameters", null, "parameters");
            if (!values.errors().isEmpty()) {
                throw ProblemException.invalid(values.errors());
            }
            RunRequester.Run run = new RunRequester.Run(UUID.randomUUID(), who.user(), priority, formats, List.of(),
                    null, null, zone, false, values.values(), null, null);
            // a value fitting its declaration but not the column its filter reads (2.5 for an integer) is a 400 now, not a failed run
            return (values.values().isEmpty() ? Uni.createFrom().voidItem() : catalog.require(d.dataset, "type").invoke(dataset -> {
                        List<com.kaa.reports.platform.problems.Problem.FieldError> misfits =
                                ReportParameters.bind(mapper.querySpec(d), values.values(), dataset).errors();
                        if (!misfits.isEmpty()) {
                            throw ProblemException.invalid(misfits);
                        }
                    }).replaceWithVoid())
                    .chain(() -> runs.request(d, run)).map(row -> new ReportRequests.RunAccepted(row.id, d.id, priority, formats, zone,
                            row.requestedAt, values.values()));
        });
    }

    public Uni<NativePage<ReportDefinition>> list(ReportListQuery query, int limit, int offset) {
        return NativePage.fetch(ReportDefinition.class, query.selectSql(ReportDefinition.COLUMNS, limit + 1, offset), query.params(),
                query.countSql(), query.filterParams(), limit);
    }

    /** The keyset cursor after a row, for the given sort field. */
    static Cursor cursorAfter(ReportDefinition d, String sortBy) {
        String value = switch (sortBy) {
            case "updatedAt" -> d.updatedAt.toString();
            case "name" -> d.name;
            case "status" -> d.status;
            case "runCount" -> Long.toString(d.runCount);
            case "lastRunAt" -> d.lastRunAt == null ? "-infinity" : d.lastRunAt.toString();
            default -> d.createdAt.toString();
        };
        return new Cursor(value, d.id.toString());
    }


    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
