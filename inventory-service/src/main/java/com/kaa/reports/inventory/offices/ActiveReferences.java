package com.kaa.reports.inventory.offices;

import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.UUID;

/**
 * An office or technician a new visit or check-out names: of the caller's organization and active. A deactivated one
 * keeps its past visits and check-outs but takes no new ones (400 naming the field).
 */
public final class ActiveReferences {

    private ActiveReferences() {
    }

    public static Uni<Void> check(SqlClient c, String organization, UUID office, UUID technician) {
        if (office == null && technician == null) {
            return Uni.createFrom().voidItem();
        }
        // shared locks: a deactivation (which locks the row for update) waits for this write, or this write for it
        return active(c, "office", organization, office)
                .invoke(active -> refuse(office, active, "officeId", "office"))
                .chain(() -> active(c, "technician", organization, technician))
                .invoke(active -> refuse(technician, active, "technicianId", "technician"))
                .replaceWithVoid();
    }

    private static Uni<Boolean> active(SqlClient c, String table, String organization, UUID id) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return c.preparedQuery("select active from " + table + " where organization = $1 and id = $2 for share")
                .execute(Tuple.of(organization, id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBoolean(0));
    }

    private static void refuse(UUID id, Boolean active, String field, String what) {
        if (id != null && active == null) {
            throw ProblemException.invalidField(field, "no " + what + " " + id + " in your organization");
        }
        if (id != null && !active) {
            throw ProblemException.invalidField(field, what + " " + id + " is deactivated");
        }
    }
}
