package com.kaa.reports.inventory.checkouts;

import com.kaa.reports.inventory.offices.ActiveReferences;
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

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who has which device: a check-out to a technician, an office or a location, and its check-in. A device has at most
 * one open check-out (V6's partial unique index; the device row is locked first so the answer is a 409 naming the
 * holder, not a constraint error). Every check-out and check-in leaves as an event on the device's key.
 */
@ApplicationScoped
public class CheckoutService {

    /** Devices that have left the organization's hands: nothing to check out. */
    private static final Set<String> GONE = Set.of("recycled", "retired");

    private static final String COLUMNS = """
            select k.id, k.hardware_id, h.device_name, h.asset_tag, h.serial_number, k.technician_id, t.name as technician_name,
                   k.office_id, o.name as office_name, k.location, k.expected_return, k.note, k.checked_out_at, k.checked_out_by,
                   k.checked_in_at, k.checked_in_by, k.checkin_note, k.version,
                   coalesce(k.checked_in_at is null and k.expected_return < current_date, false) as overdue""";
    private static final String FROM = """
            from hardware_checkout k
              join hardware h on h.id = k.hardware_id
              left join technician t on t.id = k.technician_id
              left join office o on o.id = k.office_id""";

    /** The histories a list can be of: the column that names the device, technician or office. */
    public enum Of {
        DEVICE("k.hardware_id", "hardware", "device"),
        TECHNICIAN("k.technician_id", "technician", "technician"),
        OFFICE("k.office_id", "office", "office");

        final String column;
        final String table;
        final String noun;

        Of(String column, String table, String noun) {
            this.column = column;
            this.table = table;
            this.noun = noun;
        }
    }

    private final Pool pool;
    private final Outbox outbox;

    public CheckoutService(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    public Uni<CheckoutRequests.Checkout> checkOut(String organization, String user, UUID device, CheckoutRequests.CheckOut r) {
        long holders = java.util.stream.Stream.of(r.technicianId(), r.officeId(), r.location()).filter(java.util.Objects::nonNull).count();
        if (holders != 1) {
            throw ProblemException.invalidField("technicianId", "give exactly one of technicianId, officeId or location");
        }
        if (r.expectedReturn() != null && r.expectedReturn().isBefore(LocalDate.now().minusDays(1))) {
            // a day of slack for callers west of UTC, whose today is still yesterday here
            throw ProblemException.invalidField("expectedReturn", "must not be in the past");
        }
        // the device's row is locked first; the open check-out is read by the next statement, which (read committed)
        // sees what a racing check-out committed while this one waited for the lock
        return pool.withTransaction(c -> c.preparedQuery("select status from hardware where organization = $1 and id = $2"
                                + " and deleted_at is null for update")
                        .execute(Tuple.of(organization, device))
                        .chain(locked -> {
                            if (locked.size() == 0) {
                                throw ProblemException.notFound("device", device);
                            }
                            return c.preparedQuery("select $1::text as status, (select id from hardware_checkout where hardware_id = $2"
                                    + " and checked_in_at is null) as open").execute(Tuple.of(locked.iterator().next().getString(0), device));
                        })
                        .chain(rows -> {
                            Row d = rows.iterator().next();
                            if (GONE.contains(d.getString("status"))) {
                                throw ProblemException.conflict("device " + device + " is " + d.getString("status") + ": it cannot be checked out");
                            }
                            if (d.getUUID("open") != null) {
                                return find(c, organization, d.getUUID("open")).map(open -> {
                                    throw ProblemException.conflict("device " + device + " is checked out to " + holder(open) + " since "
                                            + open.checkedOutAt() + ": check it in first");
                                });
                            }
                            return ActiveReferences.check(c, organization, r.officeId(), r.technicianId())
                                    .chain(() -> c.preparedQuery("""
                                                    insert into hardware_checkout (id, organization, hardware_id, technician_id, office_id,
                                                        location, expected_return, note, checked_out_by)
                                                    values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id""")
                                            .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, device, r.technicianId(),
                                                    r.officeId(), r.location() == null ? null : r.location().trim(), r.expectedReturn(),
                                                    r.note(), user))))
                                    .chain(inserted -> find(c, organization, inserted.iterator().next().getUUID(0)));
                        })
                        .call(checkout -> outbox.write(c, List.of(CheckoutEvents.of(organization, checkout)))));
    }

    public Uni<CheckoutRequests.Checkout> checkIn(String organization, String user, UUID device, CheckoutRequests.CheckIn r) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update hardware_checkout set checked_in_at = now(), checked_in_by = $3, checkin_note = $4, version = version + 1
                                 where organization = $1 and hardware_id = $2 and checked_in_at is null returning id""")
                        .execute(Tuple.from(Arrays.asList(organization, device, user, r == null ? null : r.note())))
                        .chain(rows -> rows.size() == 1 ? find(c, organization, rows.iterator().next().getUUID(0))
                                : exists(c, organization, Of.DEVICE, device).map(found -> {
                                    throw ProblemException.conflict("device " + device + " is not checked out");
                                }))
                        .call(checkout -> outbox.write(c, List.of(CheckoutEvents.of(organization, checkout)))));
    }

    /** Newest first; open: only what is out now. */
    public Uni<CheckoutRequests.CheckoutPage> history(String organization, Of of, UUID id, boolean open, int page, int limit) {
        Conditions where = new Conditions().always("k.organization = ?", organization).always(of.column + " = ?", id);
        if (open) {
            where.always("k.checked_in_at is null");
        }
        return exists(pool, organization, of, id).chain(() -> page(where, "k.checked_out_at desc, k.id desc", page, limit));
    }

    /** Open check-outs past their expected return, the longest overdue first. */
    public Uni<CheckoutRequests.CheckoutPage> overdue(String organization, int page, int limit) {
        Conditions where = new Conditions().always("k.organization = ?", organization).always("k.checked_in_at is null")
                .always("k.expected_return < current_date");
        return page(where, "k.expected_return, k.id", page, limit);
    }

    /** Open check-outs held by a technician or an office: what must come back before it is deactivated. */
    public static Uni<Long> openWith(SqlClient c, String organization, Of holder, UUID id) {
        return c.preparedQuery("select count(*) from hardware_checkout k where k.organization = $1 and " + holder.column
                        + " = $2 and k.checked_in_at is null")
                .execute(Tuple.of(organization, id)).map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<CheckoutRequests.CheckoutPage> page(Conditions where, String order, int page, int limit) {
        return SqlPage.offset(pool, COLUMNS, FROM, where, order, page, limit, CheckoutService::read)
                .map(p -> new CheckoutRequests.CheckoutPage(p.items(), p.total(), page, limit, p.hasMore()));
    }

    private static Uni<Void> exists(SqlClient c, String organization, Of of, UUID id) {
        return c.preparedQuery("select 1 from " + of.table + " where organization = $1 and id = $2").execute(Tuple.of(organization, id))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound(of.noun, id);
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<CheckoutRequests.Checkout> find(SqlClient c, String organization, UUID id) {
        return c.preparedQuery(COLUMNS + " " + FROM + " where k.organization = $1 and k.id = $2").execute(Tuple.of(organization, id))
                .map(rows -> read(rows.iterator().next()));
    }

    private static String holder(CheckoutRequests.Checkout c) {
        return c.technicianId() != null ? "technician " + c.technicianName()
                : c.officeId() != null ? "office " + c.officeName() : "location " + c.location();
    }

    private static CheckoutRequests.Checkout read(Row r) {
        return new CheckoutRequests.Checkout(r.getUUID("id"), r.getUUID("hardware_id"), r.getString("device_name"),
                r.getString("asset_tag"), r.getString("serial_number"), r.getUUID("technician_id"), r.getString("technician_name"),
                r.getUUID("office_id"), r.getString("office_name"), r.getString("location"), r.getLocalDate("expected_return"),
                r.getString("note"), r.getOffsetDateTime("checked_out_at"), r.getString("checked_out_by"),
                r.getOffsetDateTime("checked_in_at"), r.getString("checked_in_by"), r.getString("checkin_note"),
                r.getBoolean("overdue"), r.getLong("version"));
    }
}
