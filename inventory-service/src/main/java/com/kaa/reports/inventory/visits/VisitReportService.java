package com.kaa.reports.inventory.visits;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.offices.ActiveReferences;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;


import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Visit reports: each write, its event (outbox, same transaction) and the cache epoch change after commit. */
@ApplicationScoped
public class VisitReportService {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final Pool pool;
    private final Outbox outbox;
    private final InventoryCache cache;
    private final VisitReportPartitions partitions;
    private final ObjectMapper json;

    public VisitReportService(Pool pool, Outbox outbox, InventoryCache cache, VisitReportPartitions partitions, ObjectMapper json) {
        this.pool = pool;
        this.outbox = outbox;
        this.cache = cache;
        this.partitions = partitions;
        this.json = json;
    }

    public Uni<VisitReportRequests.VisitReport> create(String organization, String user, VisitReportRequests.CreateVisitReport r) {
        UUID id = UUID.randomUUID();
        String status = r.status() == null ? "draft" : r.status();
        return partitions.ensure(r.visitDate()).chain(() -> pool.withTransaction(c ->
                        ActiveReferences.check(c, organization, r.officeId(), r.technicianId())
                                .chain(() -> nextNumber(c, organization))
                                .chain(number -> c.preparedQuery("""
                                                insert into visit_report (id, organization, report_number, office_id, technician_id,
                                                    status, priority, visit_date, completion, purpose, summary, created_by, visit_type)
                                                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""")
                                        .execute(Tuple.from(Arrays.asList(id, organization, number, r.officeId(), r.technicianId(),
                                                status, r.priority() == null ? "normal" : r.priority(), r.visitDate(),
                                                r.completion() == null ? 0 : r.completion(), r.purpose().trim(),
                                                blankToNull(r.summary()), user, r.visitType() == null ? "routine" : r.visitType()))))
                                .chain(() -> find(c, organization, id))
                                .call(v -> outbox.write(c, List.of(event(organization, VisitReportEvents.CREATED,
                                        VisitReportEvents.VisitReportState.of(v, null)))))))
                .call(() -> cache.changed(organization));
    }

    public Uni<CachedJson> get(String organization, UUID id) {
        return cache.get(organization, "visit-report", id.toString(),
                () -> find(pool, organization, id));
    }

    public Uni<VisitReportRequests.VisitReport> update(String organization, UUID id, VisitReportRequests.UpdateVisitReport r) {
        Uni<Void> partitionReady = r.visitDate() == null ? Uni.createFrom().voidItem() : partitions.ensure(r.visitDate());
        return partitionReady.chain(() -> pool.withTransaction(c -> c.preparedQuery(
                                "select status, version from visit_report where organization = $1 and id = $2 and deleted_at is null for update")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("visit report", id);
                            }
                            Row current = rows.iterator().next();
                            String before = current.getString("status");
                            if (current.getLong("version") != r.version()) {
                                throw ProblemException.staleVersion("visit report", id, current.getLong("version"), r.version());
                            }
                            VisitReportStatus.checkTransition(before, r.status());
                            Integer completion = "completed".equals(r.status()) ? Integer.valueOf(100) : r.completion();
                            return ActiveReferences.check(c, organization, r.officeId(), r.technicianId())
                                    .chain(() -> c.preparedQuery("""
                                                    update visit_report set office_id = coalesce($3, office_id),
                                                        technician_id = coalesce($4, technician_id), visit_date = coalesce($5, visit_date),
                                                        priority = coalesce($6, priority), status = coalesce($7, status),
                                                        completion = coalesce($8, completion), purpose = coalesce($9, purpose),
                                                        summary = coalesce($10, summary), visit_type = coalesce($11, visit_type),
                                                        updated_at = now(), version = version + 1
                                                     where organization = $1 and id = $2 and deleted_at is null""")
                                            .execute(Tuple.from(Arrays.asList(organization, id, r.officeId(), r.technicianId(),
                                                    r.visitDate(), r.priority(), r.status(), completion,
                                                    r.purpose() == null ? null : r.purpose().trim(), blankToNull(r.summary()),
                                                    r.visitType()))))
                                    .chain(() -> find(c, organization, id))
                                    .call(v -> {
                                        boolean statusChanged = !Objects.equals(before, v.status());
                                        return outbox.write(c, List.of(event(organization,
                                                statusChanged ? VisitReportEvents.STATUS_CHANGED : VisitReportEvents.UPDATED,
                                                VisitReportEvents.VisitReportState.of(v, statusChanged ? before : null))));
                                    });
                        })))
                .call(() -> cache.changed(organization));
    }

    public Uni<Void> delete(String organization, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update visit_report set deleted_at = now(), updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and deleted_at is null returning updated_at""")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("visit report", id);
                            }
                            return outbox.write(c, List.of(new Outbox.Pending(Topics.VISIT_REPORTS, id.toString(),
                                    VisitReportEvents.DELETED, organization, new VisitReportEvents.VisitReportDeleted(1, id,
                                    rows.iterator().next().getOffsetDateTime("updated_at")))));
                        }))
                .call(() -> cache.changed(organization));
    }

    public Uni<CachedJson> list(VisitReportQuery query, String cursor, int page, int limit) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        return cache.get(query.organization(), "visit-report-list", InventoryCache.keyOf(query.cacheKey(cursor, page, limit)), () -> {
                    Conditions where = query.conditions();
                    int offset = after == null ? (page - 1) * limit : 0;
                    Tuple params = after == null ? where.tuple() : where.tuple(after.value(), UUID.fromString(after.id()));
                    // the total costs a count over every match: page mode only (cursor mode is for walking big lists)
                    return SqlPage.fetch(pool, query.selectSql(where, after, limit, offset), params,
                                    after == null ? query.countSql(where) : null, where.tuple(), limit, VisitReportRows::read)
                            .map(p -> new VisitReportRequests.VisitReportPage(p.items(), p.total(), after == null ? page : null,
                                    limit, p.hasMore(), p.hasMore() ? query.cursorAfter(p.last()).encode() : null));
                });
    }

    public Uni<CachedJson> summary(String organization, UUID id) {
        return cache.get(organization, "visit-report-summary", id.toString(),
                () -> pool.preparedQuery("""
                                select v.id, v.report_number, v.status, v.visit_date, v.completion,
                                  (select count(*) from hardware h where h.organization = $1 and h.visit_report_id = $2 and h.deleted_at is null) as hardware,
                                  (select coalesce(json_object_agg(status, n), '{}')::text from (select status, count(*) as n from hardware
                                     where organization = $1 and visit_report_id = $2 and deleted_at is null group by status) s) as by_status,
                                  (select coalesce(json_object_agg(category, n), '{}')::text from (select category, count(*) as n from hardware
                                     where organization = $1 and visit_report_id = $2 and deleted_at is null group by category) s) as by_category,
                                  (select count(*) from hardware h where h.organization = $1 and h.visit_report_id = $2 and h.deleted_at is null
                                     and h.warranty_expiry between current_date and current_date + 90) as expiring,
                                  (select count(*) from recycling_record r where r.organization = $1 and r.visit_report_id = $2) as recycled,
                                  (select coalesce(sum(weight_kg), 0)::text from recycling_record r where r.organization = $1 and r.visit_report_id = $2) as weight,
                                  (select count(*) from file_attachment f where f.organization = $1 and f.visit_report_id = $2) as files,
                                  (select coalesce(sum(size_bytes), 0) from file_attachment f where f.organization = $1 and f.visit_report_id = $2) as bytes
                                from visit_report v where v.organization = $1 and v.id = $2 and v.deleted_at is null""")
                        .execute(Tuple.of(organization, id))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("visit report", id);
                            }
                            Row r = rows.iterator().next();
                            return new VisitReportRequests.Summary(r.getUUID("id"), r.getString("report_number"), r.getString("status"),
                                    r.getLocalDate("visit_date"), r.getInteger("completion"), r.getLong("hardware"),
                                    counts(r.getString("by_status")), counts(r.getString("by_category")), r.getLong("expiring"),
                                    r.getLong("recycled"), r.getString("weight"), r.getLong("files"), r.getLong("bytes"));
                        }));
    }

    /** The live visit report as the API shows it, read through the given client (a transaction or the pool). */
    static Uni<VisitReportRequests.VisitReport> find(SqlClient client, String organization, UUID id) {
        return client.preparedQuery(VisitReportRows.SELECT + " where v.organization = $1 and v.id = $2 and v.deleted_at is null")
                .execute(Tuple.of(organization, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("visit report", id);
                    }
                    return VisitReportRows.read(rows.iterator().next());
                });
    }

    /** Office and technician must be the caller's organization's: another's ids are as unknown as missing ones. */
    /** VR-2026-000042: the organization's next number this year, taken in the creating transaction. */
    private static Uni<String> nextNumber(SqlClient c, String organization) {
        int year = Year.now(ZoneOffset.UTC).getValue();
        return c.preparedQuery("""
                        insert into report_number_counter (organization, year, last_number) values ($1, $2, 1)
                        on conflict (organization, year) do update set last_number = report_number_counter.last_number + 1
                        returning last_number""")
                .execute(Tuple.of(organization, year))
                .map(rows -> String.format("VR-%d-%06d", year, rows.iterator().next().getInteger(0)));
    }

    private static Outbox.Pending event(String organization, String type, VisitReportEvents.VisitReportState state) {
        return new Outbox.Pending(Topics.VISIT_REPORTS, state.id().toString(), type, organization, state);
    }

    private Map<String, Long> counts(String jsonObject) {
        try {
            return json.readValue(jsonObject, COUNTS);
        } catch (Exception e) {
            throw new IllegalStateException("unexpected counts from Postgres: " + jsonObject, e);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
