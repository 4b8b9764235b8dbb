package com.kaa.reports.inventory.recycling;

import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

/**
 * The moves of a recycling record: requested → scheduled (and rescheduled) → collected → certified; a pickup can also
 * be collected without having been scheduled. Any other move is a 409 naming the record's stage. Each move is one
 * conditional update (stage and version), so two clients racing on one record cannot both move it.
 */
@ApplicationScoped
public class RecyclingStages {

    private final Pool pool;
    private final RecyclingService records;
    private final InventoryCache cache;

    public RecyclingStages(Pool pool, RecyclingService records, InventoryCache cache) {
        this.pool = pool;
        this.records = records;
        this.cache = cache;
    }

    public Uni<RecyclingRequests.Recycling> schedule(String organization, UUID id, RecyclingRequests.ScheduleRecycling r) {
        if (r.pickupDate().isBefore(LocalDate.now().minusDays(1))) {
            // a day of slack for callers west of UTC, whose today is still yesterday here
            throw ProblemException.invalidField("pickupDate", "must not be in the past");
        }
        return move(organization, id, r.version(), "scheduled", Set.of("requested", "scheduled"), "scheduled",
                r.pickupDate(), r.recycler(), null, null, null);
    }

    public Uni<RecyclingRequests.Recycling> collect(String organization, UUID id, RecyclingRequests.CollectRecycling r) {
        return move(organization, id, r.version(), "collected", Set.of("requested", "scheduled"), "collected",
                null, null, r.recycledOn(), r.weightKg(), null);
    }

    public Uni<RecyclingRequests.Recycling> certify(String organization, UUID id, RecyclingRequests.CertifyRecycling r) {
        return move(organization, id, r.version(), "certified", Set.of("collected"), "certified",
                null, null, null, null, r.certificateNumber().trim());
    }

    private Uni<RecyclingRequests.Recycling> move(String organization, UUID id, long version, String to, Set<String> from,
                                                  String verb, LocalDate pickupDate, String recycler, LocalDate recycledOn,
                                                  BigDecimal weightKg, String certificateNumber) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update recycling_record set status = $4, pickup_date = coalesce($6, pickup_date),
                                       recycler = coalesce($7, recycler), recycled_on = coalesce($8, recycled_on),
                                       weight_kg = coalesce($9, weight_kg), certificate_number = coalesce($10, certificate_number),
                                       updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and version = $3 and status = any($5::text[])
                                returning\s""" + RecyclingService.COLUMNS)
                        .execute(Tuple.from(Arrays.asList(organization, id, version, to, from.toArray(String[]::new), pickupDate,
                                recycler, recycledOn, weightKg, certificateNumber)))
                        .chain(rows -> {
                            if (rows.size() == 1) {
                                return Uni.createFrom().item(RecyclingService.read(rows.iterator().next()));
                            }
                            return records.get(organization, id).map(current -> {
                                throw current.version() != version ? ProblemException.staleVersion("recycling record", id, current.version(), version)
                                        : ProblemException.conflict("recycling record " + id + " is " + current.status()
                                        + ": it can be " + verb + " only when " + String.join(" or ", from.stream().sorted().toList()));
                            });
                        })
                        .call(record -> records.announce(c, organization, record, "collected".equals(to))))
                .call(() -> cache.changed(organization));
    }
}
