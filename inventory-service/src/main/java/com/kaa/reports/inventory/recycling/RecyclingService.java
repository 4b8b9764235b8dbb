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
 * Recycling records. Recording one also marks the device recycled, in the same transaction, and both
 * changes leave as events (RecyclingRecorded and the device's HardwareUpserted).
 */
@ApplicationScoped
public class RecyclingService {

    static final String RECORDED = "RecyclingRecorded.v1";
    static final String DELETED = "RecyclingDeleted.v1";
    private static final String COLUMNS = """
            id, hardware_id, visit_report_id, method, weight_kg, certificate_number, recycler, recycled_on, created_at,
            updated_at, version""";

    /** RecyclingRecorded.v1 on inventory.recycling.v1 (key: record id); weightKg as an exact decimal string. */
    record RecyclingRecorded(int version, UUID id, UUID hardwareId, UUID visitReportId, String method, String weightKg,
                             String certificateNumber, String recycler, LocalDate recycledOn, OffsetDateTime updatedAt) {
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
        return pool.withTransaction(c -> c.preparedQuery("""
                                update hardware set status = 'recycled', updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and deleted_at is null
                                   and not exists (select 1 from recycling_record where hardware_id = $2)
                                returning\s""" + HardwareRows.COLUMNS)
                        .execute(Tuple.of(organization, r.hardwareId()))
                        .chain(devices -> {
                            if (devices.size() == 0) {
                                return alreadyRecycledOrMissing(organization, r.hardwareId());
                            }
                            Row device = devices.iterator().next();
                            return c.preparedQuery("""
                                            insert into recycling_record (id, organization, hardware_id, visit_report_id, method, weight_kg,
                                                                          certificate_number, recycler, recycled_on)
                                            values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning\s""" + COLUMNS)
                                    .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, r.hardwareId(),
                                            device.getUUID("visit_report_id"), r.method().trim(), r.weightKg(), r.certificateNumber(),
                                            r.recycler(), r.recycledOn())))
                                    .map(rows -> read(rows.iterator().next()))
                                    .call(record -> outbox.write(c, List.of(recorded(organization, record),
                                            HardwareBulk.upserted(organization, HardwareRows.read(device)))));
                        }))
                .call(() -> cache.changed(organization));
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

    public Uni<RecyclingRequests.Recycling> change(String organization, UUID id, RecyclingRequests.ChangeRecycling r) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update recycling_record set method = coalesce($4, method), weight_kg = coalesce($5, weight_kg),
                                       certificate_number = coalesce($6, certificate_number), recycler = coalesce($7, recycler),
                                       recycled_on = coalesce($8, recycled_on), updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and version = $3 returning\s""" + COLUMNS)
                        .execute(Tuple.from(Arrays.asList(organization, id, r.version(), r.method(), r.weightKg(),
                                r.certificateNumber(), r.recycler(), r.recycledOn())))
                        .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(read(rows.iterator().next()))
                                : get(organization, id).map(current -> {
                                    throw ProblemException.conflict("recycling record " + id + " is at version " + current.version()
                                            + ", not " + r.version() + ": read it again and reapply your change");
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

    public Uni<RecyclingRequests.RecyclingPage> list(String organization, LocalDate from, LocalDate to, String method, int page, int limit) {
        Conditions where = new Conditions().always("organization = ?", organization)
                .and("recycled_on >= ?", from).and("recycled_on <= ?", to).and("method = ?", method);
        return SqlPage.fetch(pool, "select " + COLUMNS + " from recycling_record" + where.sql()
                                + " order by recycled_on desc, id desc limit " + (limit + 1) + " offset " + (page - 1) * limit, where.tuple(),
                        "select count(*) from recycling_record" + where.sql(), where.tuple(), limit, RecyclingService::read)
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

    private Uni<RecyclingRequests.Recycling> alreadyRecycledOrMissing(String organization, UUID hardware) {
        return pool.preparedQuery("""
                        select exists (select 1 from hardware where organization = $1 and id = $2 and deleted_at is null),
                               exists (select 1 from recycling_record where organization = $1 and hardware_id = $2)""")
                .execute(Tuple.of(organization, hardware))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (!r.getBoolean(0)) {
                        throw ProblemException.invalidField("hardwareId", "no device " + hardware + " in your organization");
                    }
                    throw ProblemException.conflict("device " + hardware + " is already recycled");
                });
    }

    private static Outbox.Pending recorded(String organization, RecyclingRequests.Recycling r) {
        return new Outbox.Pending(Topics.RECYCLING, r.id().toString(), RECORDED, organization, new RecyclingRecorded(1, r.id(),
                r.hardwareId(), r.visitReportId(), r.method(), r.weightKg() == null ? null : r.weightKg().toPlainString(),
                r.certificateNumber(), r.recycler(), r.recycledOn(), r.updatedAt()));
    }

    private static RecyclingRequests.Recycling read(Row r) {
        return new RecyclingRequests.Recycling(r.getUUID("id"), r.getUUID("hardware_id"), r.getUUID("visit_report_id"),
                r.getString("method"), r.getBigDecimal("weight_kg"), r.getString("certificate_number"), r.getString("recycler"),
                r.getLocalDate("recycled_on"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
