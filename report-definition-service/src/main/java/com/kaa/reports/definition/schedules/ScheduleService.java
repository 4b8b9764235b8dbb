package com.kaa.reports.definition.schedules;

import com.fasterxml.jackson.core.type.TypeReference;
import com.kaa.reports.definition.JsonColumns;
import com.kaa.reports.definition.NativePage;
import com.kaa.reports.platform.http.PageLinks;
import jakarta.ws.rs.core.UriInfo;
import com.kaa.reports.definition.Timestamps;
import com.kaa.reports.definition.definitions.ReportDefinitionService;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.queryspec.ReportParameters;
import com.kaa.reports.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Schedules of a report: created and changed by whoever may change the report; each change recomputes nextRunAt. */
@ApplicationScoped
public class ScheduleService {

    private static final TypeReference<List<String>> STRINGS = JsonColumns.STRINGS;
    private static final TypeReference<List<LocalDate>> DATES = new TypeReference<>() {
    };
    private static final TypeReference<List<ScheduleRequests.Recipient>> RECIPIENTS = new TypeReference<>() {
    };

    private final TenantContext tenant;
    private final ReportDefinitionService reports;
    private final com.kaa.reports.definition.catalog.DatasetCatalog catalog;
    private final Outbox outbox;
    private final JsonColumns json;
    private final Duration minimumInterval;
    /** Hosts a Slack or Teams recipient may name besides the chats' own (local receivers in dev and test). */
    private final java.util.Set<String> chatHosts;
    private final RegisteredWebhooks webhooks;

    public ScheduleService(TenantContext tenant, ReportDefinitionService reports, Outbox outbox, JsonColumns json,
                           @ConfigProperty(name = "kaa.schedules.minimum-interval", defaultValue = "PT5M") Duration minimumInterval,
                           RegisteredWebhooks webhooks, com.kaa.reports.definition.catalog.DatasetCatalog catalog,
                           @ConfigProperty(name = "kaa.chat.allowed-hosts") java.util.Optional<java.util.Set<String>> chatHosts) {
        this.chatHosts = chatHosts.orElse(java.util.Set.of());
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.tenant = tenant;
        this.reports = reports;
        this.outbox = outbox;
        this.json = json;
        this.minimumInterval = minimumInterval;
    }

    public Uni<Schedule> create(UUID reportId, ScheduleRequests.CreateSchedule request) {
        TenantContext.Identity who = tenant.require();
        return reports.editable(reportId).chain(report -> calendar(request.exclusionCalendar()).chain(calendar -> {
            Instant now = Instant.now();
            Recurrence recurrence = validated(request, calendar, now, who);
            return checkAgainstReport(report, request).chain(() -> webhooks.checkRegistered(report.organization, request.recipients())).chain(() -> {
                Schedule s = new Schedule();
                s.id = UUID.randomUUID();
                s.organization = report.organization;
                s.reportId = report.id;
                s.createdBy = who.user();
                apply(s, request, recurrence);
                s.status = "active";
                s.nextRunAt = Timestamps.at(ScheduleRules.firstRun(recurrence, now));
                s.createdAt = Timestamps.at(now);
                s.updatedAt = s.createdAt;
                return s.<Schedule>persist()
                        .call(() -> refreshReportNextRun(report.id))
                        .call(() -> announce(s, ScheduleEvents.CREATED));
            });
        }));
    }

    public Uni<Schedule> update(UUID id, ScheduleRequests.UpdateSchedule request) {
        TenantContext.Identity who = tenant.require();
        return editable(id).chain(s -> {
            if (s.version != request.version()) {
                throw ProblemException.conflict("Schedule " + id + " is at version " + s.version + ", not " + request.version());
            }
            if ("cancelled".equals(s.status) || "completed".equals(s.status)) {
                throw ProblemException.conflict("Schedule " + id + " is " + s.status + " and can no longer change");
            }
            return reports.readable(s.reportId).call(report -> checkAgainstReport(report, request.schedule()))
                    .chain(() -> calendar(request.schedule().exclusionCalendar())).chain(calendar -> {
                Instant now = Instant.now();
                Recurrence recurrence = validated(request.schedule(), calendar, now, who);
                return webhooks.checkRegistered(s.organization, request.schedule().recipients()).chain(() -> {
                    apply(s, request.schedule(), recurrence);
                    s.nextRunAt = "active".equals(s.status) ? Timestamps.at(ScheduleRules.firstRun(recurrence, now)) : null;
                    s.updatedAt = Timestamps.at(now);
                    return refreshReportNextRun(s.reportId).call(() -> announce(s, ScheduleEvents.UPDATED)).replaceWith(s);
                });
            });
        });
    }

    public Uni<Schedule> pause(UUID id) {
        return transition(id, "active", "paused", ScheduleEvents.PAUSED);
    }

    /** Resumes from now: the next run is the first slot after now, never a burst of the missed ones. */
    public Uni<Schedule> resume(UUID id) {
        return transition(id, "paused", "active", ScheduleEvents.RESUMED);
    }

    public Uni<Schedule> cancel(UUID id) {
        return editable(id).chain(s -> {
            if ("cancelled".equals(s.status)) {
                return Uni.createFrom().item(s);
            }
            s.status = "cancelled";
            s.nextRunAt = null;
            s.updatedAt = Timestamps.at(Instant.now());
            return refreshReportNextRun(s.reportId).call(() -> announce(s, ScheduleEvents.CANCELLED)).replaceWith(s);
        });
    }

    /** The seed's updateNextRun: recompute nextRunAt from now (after a calendar change, for instance). */
    public Uni<Schedule> recompute(UUID id) {
        return editable(id).chain(s -> recurrenceOf(s).map(recurrence -> {
            s.nextRunAt = "active".equals(s.status) ? recurrence.first(Instant.now()).map(Timestamps::at).orElse(null) : null;
            if ("active".equals(s.status) && s.nextRunAt == null) {
                s.status = "completed";
            }
            return s;
        })).call(s -> refreshReportNextRun(s.reportId));
    }

    public Uni<Schedule> readable(UUID id) {
        TenantContext.Identity who = tenant.require();
        return Schedule.<Schedule>find("id = ?1 and organization = ?2", id, who.organization()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Schedule", id))
                .call(s -> reports.readable(s.reportId).onFailure(ProblemException.class)
                        .transform(e -> ProblemException.notFound("Schedule", id)));
    }

    /**
     * The next count runs from now, as the dispatcher will fire them: excluded dates and the calendar skipped, the local
     * time kept across DST changes. A paused schedule shows what resuming it now would give; a cancelled or completed
     * one has none.
     */
    public Uni<ScheduleRequests.Upcoming> upcoming(UUID id, int count) {
        return readable(id).chain(s -> recurrenceOf(s).map(recurrence -> new ScheduleRequests.Upcoming(s.id, s.status, s.timeZone,
                "active".equals(s.status) || "paused".equals(s.status) ? runs(recurrence, s.timeZone, count) : List.of())));
    }

    /**
     * The next count runs of a schedule not saved (the body of a create or update), validated as a create would be:
     * check a cron, a DST week or a one-off local time before saving it.
     */
    public Uni<ScheduleRequests.Upcoming> preview(ScheduleRequests.CreateSchedule request, int count, UUID reportId) {
        TenantContext.Identity who = tenant.require();
        Uni<Void> report = reportId == null ? Uni.createFrom().item(request).invoke(ScheduleService::checkMessageAlone).replaceWithVoid()
                : reports.editable(reportId).call(r -> checkAgainstReport(r, request)).replaceWithVoid();
        return report.chain(() -> calendar(request.exclusionCalendar())).chain(calendar -> {
            Recurrence recurrence = validated(request, calendar, Instant.now(), who);
            String zone = Objects.requireNonNullElse(request.timeZone(), ScheduleRules.DEFAULT_ZONE);
            return webhooks.checkRegistered(who.organization(), request.recipients())
                    .replaceWith(new ScheduleRequests.Upcoming(null, "preview", zone, runs(recurrence, zone, count)));
        });
    }

    /**
     * A preview without its report still checks the message as a create would, except the parameters' names: those the
     * templates name are allowed (a create checks them against the report's).
     */
    private static void checkMessageAlone(ScheduleRequests.CreateSchedule r) {
        var errors = com.kaa.reports.platform.messages.MessageTemplates.validate(r.message(),
                com.kaa.reports.platform.messages.MessageTemplates.parametersNamed(r.message()),
                r.formats() != null ? r.formats() : List.of("csv"), "message");
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static List<ScheduleRequests.Upcoming.Run> runs(Recurrence recurrence, String timeZone, int count) {
        List<ScheduleRequests.Upcoming.Run> runs = new java.util.ArrayList<>();
        java.time.ZoneId zone = ScheduleRules.zone(timeZone);
        java.util.Optional<Instant> next = recurrence.first(Instant.now());
        while (next.isPresent() && runs.size() < count) {
            runs.add(new ScheduleRequests.Upcoming.Run(next.get().atOffset(java.time.ZoneOffset.UTC), next.get().atZone(zone).toOffsetDateTime()));
            next = recurrence.nextAfter(next.get());
        }
        return runs;
    }

    Uni<Schedule> editable(UUID id) {
        return readable(id).call(s -> reports.editable(s.reportId));
    }

    private Uni<Schedule> transition(UUID id, String from, String to, String event) {
        return editable(id).chain(s -> {
            if (!from.equals(s.status)) {
                throw ProblemException.conflict("Schedule " + id + " is " + s.status + "; only a " + from + " schedule can be " + to);
            }
            return recurrenceOf(s).chain(recurrence -> {
                s.status = to;
                s.nextRunAt = "active".equals(to) ? recurrence.first(Instant.now()).map(Timestamps::at).orElse(null) : null;
                if ("active".equals(to) && s.nextRunAt == null) {
                    s.status = "completed";
                }
                s.updatedAt = Timestamps.at(Instant.now());
                return refreshReportNextRun(s.reportId).call(() -> announce(s, event)).replaceWith(s);
            });
        });
    }

    private Recurrence validated(ScheduleRequests.CreateSchedule request, Set<LocalDate> calendar, Instant now,
                                 TenantContext.Identity who) {
        Recurrence recurrence = ScheduleRules.recurrence(request, calendar);
        ScheduleRules.checkRecipients(request.recipients(), chatHosts);
        Instant first = ScheduleRules.firstRun(recurrence, now);
        if (!who.roles().contains("admin")) {
            ScheduleRules.checkMinimumInterval(recurrence, first, minimumInterval);
        }
        return recurrence;
    }

    /** The schedule's values must fit the report's parameters; with the defaults, every required one needs a value. */
    /**
     * What a schedule asks of its report, checked together against the dataset: its parameter values (declared, fitting
     * the declaration and the columns their filters read), its message templates (rendered against sample data with
     * the report's parameters and the formats it sends) and its alert (an output column of the report).
     */
    private Uni<Void> checkAgainstReport(com.kaa.reports.definition.definitions.ReportDefinition report, ScheduleRequests.CreateSchedule r) {
        return catalog.require(report.dataset, "type").invoke(dataset -> {
            var spec = json.read(report.querySpec, com.kaa.reports.platform.queryspec.QuerySpec.class);
            var declared = json.parameters(report.parameters);
            ReportParameters.Resolution values = ReportParameters.resolve(declared, null, "parameters",
                    r.parameters() == null ? java.util.Map.of() : r.parameters(), "parameters");
            List<com.kaa.reports.platform.problems.Problem.FieldError> errors = new java.util.ArrayList<>(values.errors());
            if (errors.isEmpty()) {
                errors.addAll(ReportParameters.bind(spec, values.values(), dataset).errors());
            }
            errors.addAll(com.kaa.reports.platform.messages.MessageTemplates.validate(r.message(),
                    declared.stream().map(com.kaa.reports.platform.queryspec.ReportParameter::name).toList(),
                    r.formats() != null ? r.formats() : json.strings(report.formats), "message"));
            if (r.alert() != null) {
                errors.addAll(r.alert().validate(com.kaa.reports.platform.queryspec.QuerySpecValidator.outputs(spec, dataset), "alert"));
                // an alert on an empty result must be able to tell: sendOnlyIfRows would silence exactly that run
                if (Boolean.TRUE.equals(r.sendOnlyIfRows())) {
                    errors.add(new com.kaa.reports.platform.problems.Problem.FieldError("sendOnlyIfRows",
                            "an alert decides when its recipients hear; drop sendOnlyIfRows (use an alert on rows gt 0 instead)"));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
        }).replaceWithVoid();
    }

    private void apply(Schedule s, ScheduleRequests.CreateSchedule r, Recurrence recurrence) {
        s.frequency = r.frequency();
        // a local one-off run keeps the offset its zone has then: the view shows the wall-clock time it was given
        s.runAt = "once".equals(r.frequency()) ? recurrence.runAt().atZone(recurrence.zone()).toOffsetDateTime() : null;
        s.timeOfDay = r.time() == null ? null : java.time.LocalTime.parse(r.time());
        s.daysOfWeek = json(r.daysOfWeek() == null ? List.of() : r.daysOfWeek().stream().distinct().toList());
        s.dayOfMonth = r.dayOfMonth();
        s.cron = "cron".equals(r.frequency()) ? r.cron().trim() : null;
        s.timeZone = Objects.requireNonNullElse(r.timeZone(), ScheduleRules.DEFAULT_ZONE);
        s.startDate = r.startDate();
        s.endDate = r.endDate();
        s.excludedDates = json(r.excludedDates() == null ? List.of() : r.excludedDates().stream().distinct().sorted().toList());
        s.exclusionCalendar = r.exclusionCalendar();
        s.recipients = json(r.recipients() == null ? List.of() : r.recipients());
        s.formats = r.formats() == null ? null : json(r.formats().stream().distinct().toList());
        s.sendOnlyIfRows = Boolean.TRUE.equals(r.sendOnlyIfRows());
        s.missedFirePolicy = Objects.requireNonNullElse(r.missedFirePolicy(), "fire_once");
        s.parameters = json(r.parameters() == null ? java.util.Map.of() : r.parameters());
        s.alert = r.alert() == null ? null : json(r.alert());
        s.message = r.message() == null ? null : json(r.message());
    }

    /** The schedule's recurrence as stored, with its exclusion calendar's dates. */
    Uni<Recurrence> recurrenceOf(Schedule s) {
        return calendar(s.exclusionCalendar).map(calendar -> recurrence(s, calendar));
    }

    /** The recurrence of a schedule, given the days of its exclusion calendar (none when it has no calendar). */
    Recurrence recurrence(Schedule s, Set<LocalDate> calendar) {
        Set<LocalDate> excluded = new HashSet<>(calendar);
        excluded.addAll(read(s.excludedDates, DATES));
        Set<DayOfWeek> days = read(s.daysOfWeek, STRINGS).stream()
                .map(d -> DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT))).collect(Collectors.toSet());
        return new Recurrence(s.frequency, s.runAt == null ? null : s.runAt.toInstant(), s.timeOfDay, days, s.dayOfMonth,
                s.cron, ScheduleRules.zone(s.timeZone), s.startDate, s.endDate, excluded);
    }

    Uni<Set<LocalDate>> calendar(String name) {
        if (name == null) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select day from holiday_calendar where calendar = :name", LocalDate.class)
                .setParameter("name", name).getResultList()).map(Set::copyOf);
    }

    /** The report's nextRunAt is the earliest next run of its active schedules. */
    Uni<Void> refreshReportNextRun(UUID reportId) {
        return Panache.getSession().flatMap(session -> session.flush().chain(() -> session.createNativeQuery("""
                        update report_definition set next_run_at =
                               (select min(next_run_at) from schedule where report_id = :id and status = 'active')
                         where id = :id""").setParameter("id", reportId).executeUpdate()))
                .replaceWithVoid();
    }

    Uni<Void> announce(Schedule s, String type) {
        return outbox.publish(Topics.REPORT_DEFINITIONS, s.reportId.toString(), type, s.organization,
                new ScheduleEvents.ScheduleChanged(1, s.id, s.reportId, s.status, s.frequency, s.timeZone, s.nextRunAt))
                .replaceWithVoid();
    }

    public ScheduleRequests.ScheduleView view(Schedule s) {
        return new ScheduleRequests.ScheduleView(s.id, s.reportId, s.organization, s.createdBy, s.frequency, s.runAt,
                s.timeOfDay == null ? null : s.timeOfDay.toString(), read(s.daysOfWeek, STRINGS), s.dayOfMonth, s.cron, s.timeZone,
                s.startDate, s.endDate, read(s.excludedDates, DATES), s.exclusionCalendar, read(s.recipients, RECIPIENTS),
                s.formats == null ? null : read(s.formats, STRINGS), s.sendOnlyIfRows, s.missedFirePolicy,
                json.values(s.parameters), alert(s), message(s),
                s.status,
                s.nextRunAt, s.lastFiredAt, s.createdAt, s.updatedAt, s.version);
    }

    com.kaa.reports.platform.queryspec.AlertCondition alert(Schedule s) {
        return s.alert == null ? null : json.read(s.alert, com.kaa.reports.platform.queryspec.AlertCondition.class);
    }

    com.kaa.reports.platform.messages.MessageTemplate message(Schedule s) {
        return s.message == null ? null : json.read(s.message, com.kaa.reports.platform.messages.MessageTemplate.class);
    }

    List<ScheduleRequests.Recipient> recipients(Schedule s) {
        return read(s.recipients, RECIPIENTS);
    }

    List<String> strings(String json) {
        return read(json, STRINGS);
    }

    private String json(Object value) {
        return json.write(value);
    }

    private <T> T read(String value, TypeReference<T> type) {
        return json.read(value, type);
    }


    /** Schedules of the organization's reports the caller can see, newest first. */
    public Uni<ScheduleRequests.SchedulePage> list(String status, UUID reportId, int page, int limit, UriInfo uri) {
        TenantContext.Identity who = tenant.require();
        StringBuilder where = new StringBuilder(" from schedule s join report_definition r on r.id = s.report_id"
                + " where s.organization = :org and r.is_active and (r.visibility = 'organization' or r.owner = :user or :admin)");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", who.organization());
        params.put("user", who.user());
        params.put("admin", who.roles().contains("admin"));
        if (status != null) {
            where.append(" and s.status = :status");
            params.put("status", status);
        }
        if (reportId != null) {
            where.append(" and s.report_id = :report");
            params.put("report", reportId);
        }
        String select = "select " + Schedule.columns("s.") + where + " order by s.created_at desc, s.id desc limit " + (limit + 1)
                + " offset " + ((long) (page - 1) * limit);
        return NativePage.fetch(Schedule.class, select, params, "select count(*)" + where, params, limit)
                .map(p -> new ScheduleRequests.SchedulePage(p.items().stream().map(this::view).toList(), p.total(), page, limit, p.hasMore(),
                        PageLinks.of(uri, page, p.hasMore())));
    }

    public Uni<Void> reportReadable(UUID reportId) {
        return reports.readable(reportId).replaceWithVoid();
    }
}
