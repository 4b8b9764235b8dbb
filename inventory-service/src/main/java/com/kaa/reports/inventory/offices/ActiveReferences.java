package com.kaa.reports.inventory.offices;

import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
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
        return c.preparedQuery("""
                        select (select active from office where organization = $1 and id = $2),
                               (select active from technician where organization = $1 and id = $3)""")
                .execute(Tuple.of(organization, office, technician))
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    refuse(office, r.getBoolean(0), "officeId", "office");
                    refuse(technician, r.getBoolean(1), "technicianId", "technician");
                })
                .replaceWithVoid();
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
