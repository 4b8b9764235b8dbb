package com.kaa.reports.inventory.audits;

import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.hardware.HardwareBulk;
import com.kaa.reports.inventory.hardware.HardwareRows;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Audits (a device was seen) and maintenance records. An audit moves the device: its last audit, its next audit date
 * (its category's interval after this one), and its location and condition when the audit gives them; the device is
 * announced again (HardwareUpserted), so reports see when it was last seen.
 */
@ApplicationScoped
public class AuditService {

    private static final String AUDIT_COLUMNS = "id, hardware_id, audited_at, audited_by, building, floor, room, condition_rating, note";
    private static final String MAINTENANCE_COLUMNS = """
            id, hardware_id, kind, title, supplier, cost, started_on, completed_on, note, created_by, created_at, updated_at, version""";

    private final Pool pool;
    private final Outbox outbox;
    private final InventoryCache cache;

    public AuditService(Pool pool, Outbox outbox, InventoryCache cache) {
        this.pool = pool;
        this.outbox = outbox;
        this.cache = cache;
    }

    public Uni<AuditRequests.Audit> audit(String organization, String user, UUID device, AuditRequests.RecordAudit r) {
        OffsetDateTime at = r.auditedAt() == null ? OffsetDateTime.now() : r.auditedAt();
        if (at.isAfter(OffsetDateTime.now().plusMinutes(5))) {
            throw ProblemException.invalidField("auditedAt", "must not be in the future");
        }
        return pool.withTransaction(c -> liveDevice(c, organization, device)
                        .chain(() -> c.preparedQuery("insert into hardware_audit (id, organization, hardware_id, audited_at, audited_by,"
                                        + " building, floor, room, condition_rating, note) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                                        + " returning " + AUDIT_COLUMNS)
                                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, device, at, user, r.building(),
                                        r.floor(), r.room(), r.conditionRating() == null ? null : r.conditionRating().shortValue(), r.note()))))
                        .map(rows -> readAudit(rows.iterator().next()))
                        // an audit entered late (older than the last one) is history: it does not move the device back
                        .call(audit -> c.preparedQuery("""
                                        update hardware h set last_audited_at = $3,
                                               next_audit_date = coalesce((select ($3::date + make_interval(months => c.audit_months))::date
                                                                             from category c where c.id = h.category_id), h.next_audit_date),
                                               building = coalesce($4, building), floor = coalesce($5, floor), room = coalesce($6, room),
                                               condition_rating = coalesce($7, condition_rating), updated_at = now(), version = version + 1
                                         where organization = $1 and id = $2 and (last_audited_at is null or last_audited_at <= $3)
                                        returning\s""" + HardwareRows.COLUMNS)
                                .execute(Tuple.from(Arrays.asList(organization, device, at, r.building(), r.floor(), r.room(),
                                        r.conditionRating() == null ? null : r.conditionRating().shortValue())))
                                .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem() : outbox.write(c,
                                        List.of(HardwareBulk.upserted(organization, HardwareRows.read(rows.iterator().next())))))))
                .call(() -> cache.changed(organization));
    }

    public Uni<AuditRequests.AuditPage> audits(String organization, UUID device, int page, int limit) {
        Conditions where = new Conditions().always("organization = ?", organization).always("hardware_id = ?", device);
        return anyDevice(organization, device).chain(() -> SqlPage.offset(pool, "select " + AUDIT_COLUMNS, "from hardware_audit", where,
                        "audited_at desc, id desc", page, limit, AuditService::readAudit))
                .map(p -> new AuditRequests.AuditPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    public Uni<AuditRequests.Maintenance> maintain(String organization, String user, UUID device, AuditRequests.RecordMaintenance r) {
        if (r.completedOn() != null && r.completedOn().isBefore(r.startedOn())) {
            throw ProblemException.invalidField("completedOn", "must not be before startedOn");
        }
        return pool.withTransaction(c -> liveDevice(c, organization, device)
                .chain(() -> c.preparedQuery("insert into hardware_maintenance (id, organization, hardware_id, kind, title, supplier, cost,"
                                + " started_on, completed_on, note, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                                + " returning " + MAINTENANCE_COLUMNS)
                        .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, device, r.kind(), r.title().trim(),
                                r.supplier(), r.cost(), r.startedOn(), r.completedOn(), r.note(), user))))
                .map(rows -> readMaintenance(rows.iterator().next())));
    }

    public Uni<AuditRequests.Maintenance> changeMaintenance(String organization, UUID device, UUID id, AuditRequests.ChangeMaintenance r) {
        return pool.preparedQuery("""
                        update hardware_maintenance set title = coalesce($5, title), supplier = coalesce($6, supplier),
                               cost = coalesce($7, cost), completed_on = coalesce($8, completed_on), note = coalesce($9, note),
                               updated_at = now(), version = version + 1
                         where organization = $1 and hardware_id = $2 and id = $3 and version = $4
                           and ($8::date is null or $8::date >= started_on)
                        returning\s""" + MAINTENANCE_COLUMNS)
                .execute(Tuple.from(Arrays.asList(organization, device, id, r.version(), r.title() == null ? null : r.title().trim(),
                        r.supplier(), r.cost(), r.completedOn(), r.note())))
                .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(readMaintenance(rows.iterator().next()))
                        : pool.preparedQuery("select version, started_on from hardware_maintenance where organization = $1 and hardware_id = $2 and id = $3")
                        .execute(Tuple.of(organization, device, id)).map(current -> {
                            if (current.size() == 0) {
                                throw ProblemException.notFound("maintenance record", id);
                            }
                            Row now = current.iterator().next();
                            if (now.getLong("version") != r.version()) {
                                throw ProblemException.staleVersion("maintenance record", id, now.getLong("version"), r.version());
                            }
                            throw ProblemException.invalidField("completedOn", "must not be before startedOn (" + now.getLocalDate("started_on") + ")");
                        }));
    }

    public Uni<AuditRequests.MaintenancePage> maintenance(String organization, UUID device, int page, int limit) {
        Conditions where = new Conditions().always("organization = ?", organization).always("hardware_id = ?", device);
        return anyDevice(organization, device)
                .chain(() -> pool.preparedQuery("select coalesce(sum(cost), 0) from hardware_maintenance" + where.sql()).execute(where.tuple()))
                .chain(total -> SqlPage.offset(pool, "select " + MAINTENANCE_COLUMNS, "from hardware_maintenance", where,
                                "started_on desc, id desc", page, limit, AuditService::readMaintenance)
                        .map(p -> new AuditRequests.MaintenancePage(p.items(), p.total(), page, limit, p.hasMore(),
                                total.iterator().next().getBigDecimal(0))));
    }

    /** A device of the organization that is still here: a recycled one is gone, a deleted one is not found. */
    private static Uni<Void> liveDevice(SqlClient c, String organization, UUID device) {
        return c.preparedQuery("select status from hardware where organization = $1 and id = $2 and deleted_at is null for update")
                .execute(Tuple.of(organization, device))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("device", device);
                    }
                    if ("recycled".equals(rows.iterator().next().getString(0))) {
                        throw ProblemException.conflict("device " + device + " is recycled");
                    }
                })
                .replaceWithVoid();
    }

    /** Histories stay readable after a device is deleted. */
    private Uni<Void> anyDevice(String organization, UUID device) {
        return pool.preparedQuery("select 1 from hardware where organization = $1 and id = $2").execute(Tuple.of(organization, device))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("device", device);
                    }
                })
                .replaceWithVoid();
    }

    private static AuditRequests.Audit readAudit(Row r) {
        return new AuditRequests.Audit(r.getUUID("id"), r.getUUID("hardware_id"), r.getOffsetDateTime("audited_at"),
                r.getString("audited_by"), r.getString("building"), r.getString("floor"), r.getString("room"),
                r.getInteger("condition_rating"), r.getString("note"));
    }

    private static AuditRequests.Maintenance readMaintenance(Row r) {
        return new AuditRequests.Maintenance(r.getUUID("id"), r.getUUID("hardware_id"), r.getString("kind"), r.getString("title"),
                r.getString("supplier"), r.getBigDecimal("cost"), r.getLocalDate("started_on"), r.getLocalDate("completed_on"),
                r.getString("note"), r.getString("created_by"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                r.getLong("version"));
    }
}
