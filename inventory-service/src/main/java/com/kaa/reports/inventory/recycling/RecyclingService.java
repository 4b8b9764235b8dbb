package com.kaa.reports.inventory.recycling;

import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.hardware.HardwareBulk;
import com.kaa.reports.inventory.hardware.HardwareRows;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Recycling records through their stages: requested, scheduled (pickupDate), collected (recycledOn) and certified
 * (certificateNumber). Collection marks the device recycled in the same transaction; every change leaves as a
 * RecyclingRecorded event with the whole record, and a collection also as the device's HardwareUpserted.
 */
@ApplicationScoped
public class RecyclingService {

    // v2 added status and pickupDate (recycledOn is absent before collection); consumers still accept v1
    static final String RECORDED = "RecyclingRecorded.v2";
    static final String DELETED = "RecyclingDeleted.v1";
    static final String COLUMNS = """
            id, hardware_id, visit_report_id, status, method, weight_kg, certificate_number, recycler, pickup_date, recycled_on,
            created_at, updated_at, version""";

    /** RecyclingRecorded.v2 on inventory.recycling.v1 (key: record id); weightKg as an exact decimal string. */
    record RecyclingRecorded(int version, UUID id, UUID hardwareId, UUID visitReportId, String status, String method,
                             String weightKg, String certificateNumber, String recycler, LocalDate pickupDate,
                             LocalDate recycledOn, OffsetDateTime updatedAt) {
    }

    record RecyclingDeleted(int version, UUID id, OffsetDateTime updatedAt) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final InventoryCache cache;

    public RecyclingService(Pool pool, Outbox outbox, InventoryCache cache) {
        this.pool = pool;
        this.outbox = outbox;
        this.cache = cache;
    }

    public Uni<RecyclingRequests.Recycling> record(String organization, RecyclingRequests.RecordRecycling r) {
        if (r.certificateNumber() != null && r.recycledOn() == null) {
            throw ProblemException.invalidField("certificateNumber", "a certificate comes after collection: give recycledOn too,"
                    + " or certify the record once it is collected");
        }
        String status = r.recycledOn() != null ? (r.certificateNumber() != null ? "certified" : "collected")
                : r.pickupDate() != null ? "scheduled" : "requested";
        // the device's row locked first, its record read after: a racing request's committed record is seen
        return pool.withTransaction(c -> c.preparedQuery("select 1 from hardware where organization = $1 and id = $2 and deleted_at is null for update")
                        .execute(Tuple.of(organization, r.hardwareId()))
                        .chain(locked -> locked.size() == 0 ? Uni.createFrom().item(locked) : c.preparedQuery("""
                                select visit_report_id, (select id from recycling_record where hardware_id = $2) as record
                                  from hardware where organization = $1 and id = $2""").execute(Tuple.of(organization, r.hardwareId())))
                        .chain(devices -> {
                            if (devices.size() == 0) {
                                throw ProblemException.invalidField("hardwareId", "no device " + r.hardwareId() + " in your organization");
                            }
                            Row device = devices.iterator().next();
                            if (device.getUUID("record") != null) {
                                throw ProblemException.conflict("device " + r.hardwareId() + " already has recycling record "
                                        + device.getUUID("record") + ": a device is recycled once");
                            }
                            return c.preparedQuery("""
                                            insert into recycling_record (id, organization, hardware_id, visit_report_id, status, method,
                                                                          weight_kg, certificate_number, recycler, pickup_date, recycled_on)
                                            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning\s""" + COLUMNS)
                                    .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, r.hardwareId(),
                                            device.getUUID("visit_report_id"), status, r.method().trim(), r.weightKg(),
                                            r.certificateNumber(), r.recycler(), r.pickupDate(), r.recycledOn())))
                                    .map(rows -> read(rows.iterator().next()));
                        })
                        .call(record -> announce(c, organization, record, record.recycledOn() != null)))
                .call(() -> cache.changed(organization));
    }

    /**
     * The record's event, and when it was just collected the device's: its status becomes recycled (a device deleted
     * since stays as it is).
     */
    Uni<Void> announce(SqlClient c, String organization, RecyclingRequests.Recycling record, boolean collected) {
        if (!collected) {
            return outbox.write(c, List.of(recorded(organization, record)));
        }
        return c.preparedQuery("""
                        update hardware set status = 'recycled', updated_at = now(), version = version + 1
                         where organization = $1 and id = $2 and deleted_at is null returning\s""" + HardwareRows.COLUMNS)
                .execute(Tuple.of(organization, record.hardwareId()))
                .chain(devices -> {
                    List<Outbox.Pending> events = new ArrayList<>(List.of(recorded(organization, record)));
                    devices.forEach(d -> events.add(HardwareBulk.upserted(organization, HardwareRows.read(d))));
                    return outbox.write(c, events);
                });
    }

    public Uni<RecyclingRequests.Recycling> get(String organization, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from recycling_record where organization = $1 and id = $2")
                .execute(Tuple.of(organization, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("recycling record", id);
                    }
                    return read(rows.iterator().next());
                });
    }

    /** Corrects a record's fields; a field of a later stage is a 409 until the record reaches it (stages move by RecyclingStages). */
    public Uni<RecyclingRequests.Recycling> change(String organization, UUID id, RecyclingRequests.ChangeRecycling r) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update recycling_record set method = coalesce($4, method), weight_kg = coalesce($5, weight_kg),
                                       certificate_number = coalesce($6, certificate_number), recycler = coalesce($7, recycler),
                                       pickup_date = coalesce($8, pickup_date), recycled_on = coalesce($9, recycled_on),
                                       updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and version = $3
                                   and ($6::text is null or status = 'certified') and ($8::date is null or status = 'scheduled')
                                   and ($9::date is null or status in ('collected', 'certified'))
                                returning\s""" + COLUMNS)
                        .execute(Tuple.from(Arrays.asList(organization, id, r.version(), r.method(), r.weightKg(),
                                r.certificateNumber(), r.recycler(), r.pickupDate(), r.recycledOn())))
                        .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(read(rows.iterator().next()))
                                : get(organization, id).map(current -> {
                                    throw current.version() != r.version()
                                            ? ProblemException.staleVersion("recycling record", id, current.version(), r.version())
                                            : ProblemException.conflict("recycling record " + id + " is " + current.status() + ": "
                                            + (r.certificateNumber() != null && !"certified".equals(current.status()) ? "certify it to give its certificateNumber"
                                            : r.pickupDate() != null && !"scheduled".equals(current.status()) ? "pickupDate is changed by scheduling, on a requested or scheduled record"
                                            : "collect it to give its recycledOn"));
                                }))
                        .call(record -> outbox.write(c, List.of(recorded(organization, record)))))
                .call(() -> cache.changed(organization));
    }

    /** A record entered by mistake; the device keeps its recycled status (change it on the device if needed). */
    public Uni<Void> delete(String organization, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("delete from recycling_record where organization = $1 and id = $2 returning id")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("recycling record", id);
                            }
                            return outbox.write(c, List.of(new Outbox.Pending(Topics.RECYCLING, id.toString(), DELETED, organization,
                                    new RecyclingDeleted(1, id, OffsetDateTime.now()))));
                        }))
                .call(() -> cache.changed(organization));
    }

    public Uni<RecyclingRequests.RecyclingPage> list(String organization, LocalDate from, LocalDate to, String method, String status,
                                                     int page, int limit) {
        Conditions where = new Conditions().always("organization = ?", organization)
                .and("recycled_on >= ?", from).and("recycled_on <= ?", to).and("method = ?", method).and("status = ?", status);
        return SqlPage.offset(pool, "select " + COLUMNS, "from recycling_record", where, "recycled_on desc nulls first, id desc",
                        page, limit, RecyclingService::read)
                .map(p -> new RecyclingRequests.RecyclingPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    /** Scheduled pickups due by the given day (overdue ones first), over recycling_record_org_status_pickup. */
    public Uni<RecyclingRequests.RecyclingPage> pickupsDue(String organization, LocalDate by, int page, int limit) {
        Conditions where = new Conditions().always("organization = ?", organization).always("status = 'scheduled'")
                .always("pickup_date <= ?", by);
        return SqlPage.offset(pool, "select " + COLUMNS, "from recycling_record", where, "pickup_date, id", page, limit,
                        RecyclingService::read)
                .map(p -> new RecyclingRequests.RecyclingPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    /** Devices and kilograms per month and method, over recycling_record_org_date. */
    public Uni<CachedJson> summary(String organization, LocalDate from, LocalDate to) {
        return cache.get(organization, "recycling-summary", from + ".." + to,
                () -> pool.preparedQuery("""
                                select to_char(recycled_on, 'YYYY-MM') as month, method, count(*) as records,
                                       coalesce(sum(weight_kg), 0) as weight
                                  from recycling_record where organization = $1 and recycled_on between $2 and $3
                                 group by 1, 2 order by 1, 2""")
                        .execute(Tuple.of(organization, from, to))
                        .map(rows -> {
                            List<RecyclingRequests.MonthMethod> lines = new ArrayList<>();
                            long records = 0;
                            BigDecimal weight = BigDecimal.ZERO;
                            for (Row r : rows) {
                                BigDecimal kg = r.getBigDecimal("weight");
                                lines.add(new RecyclingRequests.MonthMethod(r.getString("month"), r.getString("method"),
                                        r.getLong("records"), kg));
                                records += r.getLong("records");
                                weight = weight.add(kg);
                            }
                            return new RecyclingRequests.RecyclingSummary(from, to, lines, records, weight);
                        }));
    }

    static Outbox.Pending recorded(String organization, RecyclingRequests.Recycling r) {
        return new Outbox.Pending(Topics.RECYCLING, r.id().toString(), RECORDED, organization, new RecyclingRecorded(2, r.id(),
                r.hardwareId(), r.visitReportId(), r.status(), r.method(), r.weightKg() == null ? null : r.weightKg().toPlainString(),
                r.certificateNumber(), r.recycler(), r.pickupDate(), r.recycledOn(), r.updatedAt()));
    }

    static RecyclingRequests.Recycling read(Row r) {
        return new RecyclingRequests.Recycling(r.getUUID("id"), r.getUUID("hardware_id"), r.getUUID("visit_report_id"),
                r.getString("status"), r.getString("method"), r.getBigDecimal("weight_kg"), r.getString("certificate_number"),
                r.getString("recycler"), r.getLocalDate("pickup_date"), r.getLocalDate("recycled_on"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
