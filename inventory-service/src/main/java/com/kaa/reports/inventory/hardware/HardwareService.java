package com.kaa.reports.inventory.hardware;

import com.kaa.reports.inventory.cache.CachedJson;
import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.categories.CategoryService;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.paging.SqlPage;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One device at a time (creates and updates are one-item batches of {@link HardwareBulk}), lists and deletes. */
@ApplicationScoped
public class HardwareService {

    private final Pool pool;
    private final HardwareBulk bulk;
    private final Outbox outbox;
    private final InventoryCache cache;
    private final CategoryService categories;

    public HardwareService(Pool pool, HardwareBulk bulk, Outbox outbox, InventoryCache cache, CategoryService categories) {
        this.pool = pool;
        this.categories = categories;
        this.bulk = bulk;
        this.outbox = outbox;
        this.cache = cache;
    }

    /** @return the new device's id */
    public Uni<UUID> create(String organization, HardwareRequests.NewHardware item) {
        return single(bulk.create(organization, HardwareRequests.Mode.atomic, List.of(item), Map.of(), null));
    }

    public Uni<CachedJson> update(String organization, UUID id, HardwareRequests.HardwareChange change) {
        HardwareRequests.HardwareChange withId = new HardwareRequests.HardwareChange(id, change.version(), change.category(),
                change.deviceName(), change.manufacturer(), change.model(), change.serialNumber(), change.assetTag(),
                change.status(), change.purchaseDate(), change.warrantyExpiry(), change.building(), change.floor(),
                change.room(), change.notes(), change.ipAddress(), change.macAddress(), change.conditionRating(),
                change.specifications(), change.metadata(), change.categoryId(), change.customFields(), change.purchaseCost());
        return single(bulk.update(organization, HardwareRequests.Mode.atomic, List.of(withId))).chain(x -> get(organization, id));
    }

    public Uni<CachedJson> get(String organization, UUID id) {
        return cache.get(organization, "hardware", id.toString(),
                () -> pool.preparedQuery("select " + HardwareRows.COLUMNS + " from hardware where organization = $1 and id = $2"
                                + " and deleted_at is null")
                        .execute(Tuple.of(organization, id))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("device", id);
                            }
                            return HardwareRows.read(rows.iterator().next());
                        }));
    }

    /** Soft: the row stays for its recycling record and history; its serial number becomes free again. */
    public Uni<Void> delete(String organization, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                update hardware set deleted_at = now(), updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and deleted_at is null returning updated_at""")
                        .execute(Tuple.of(organization, id))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("device", id);
                            }
                            return outbox.write(c, List.of(new Outbox.Pending(Topics.HARDWARE, id.toString(), HardwareRows.DELETED,
                                    organization, new HardwareRows.HardwareDeleted(1, id, rows.iterator().next().getOffsetDateTime(0)))));
                        }))
                .call(() -> cache.changed(organization));
    }

    /** With custom field filters: their values typed by the category the query names (required for them). */
    public Uni<CachedJson> list(HardwareQuery query, List<String> customFields, String cursor, int page, int limit) {
        if (customFields.isEmpty()) {
            return list(query, cursor, page, limit);
        }
        if (query.categoryId() == null) {
            throw ProblemException.invalidField("customField", "custom fields are a category's: give its categoryId too");
        }
        return categories.rules(pool, query.organization(), java.util.Set.of(query.categoryId())).chain(rules -> {
            CategoryService.Rules category = rules.get(query.categoryId());
            if (category == null) {
                throw ProblemException.invalidField("categoryId", "no category " + query.categoryId() + " in your organization");
            }
            return list(query.withCustomFields(CustomFieldFilter.json(category, customFields)), cursor, page, limit);
        });
    }

    public Uni<CachedJson> list(HardwareQuery query, String cursor, int page, int limit) {
        Cursor after = cursor == null ? null : Cursor.decode(cursor);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return cache.get(query.organization(), "hardware-list", InventoryCache.keyOf(query.cacheKey(cursor, page, limit, today)), () -> {
                    var where = query.conditions(today);
                    int offset = after == null ? (page - 1) * limit : 0;
                    Tuple params = after == null ? where.tuple() : where.tuple(after.value(), UUID.fromString(after.id()));
                    return SqlPage.fetch(pool, query.selectSql(where, after, limit, offset), params,
                                    after == null ? query.countSql(where) : null, where.tuple(), limit, HardwareRows::read)
                            .map(p -> new HardwareRequests.HardwarePage(p.items(), p.total(), after == null ? page : null,
                                    limit, p.hasMore(), p.hasMore() ? query.cursorAfter(p.last()).encode() : null));
                });
    }

    /** A one-item atomic batch: its item error becomes the answer's status (400 invalid, 404 missing, 409 conflict). */
    private static Uni<UUID> single(Uni<HardwareRequests.BulkResult> batch) {
        return batch.onFailure(HardwareBulk.AtomicFailure.class).transform(e -> {
            HardwareBulk.ItemError error = ((HardwareBulk.AtomicFailure) e).errors.get(0);
            return switch (error.failure()) {
                case NOT_FOUND -> new ProblemException(Problem.of(404, "Not Found", error.message()));
                case CONFLICT -> ProblemException.conflict(error.message());
                case INVALID -> ProblemException.invalidField(error.field(), error.message());
            };
        }).map(result -> result.results().get(0).id());
    }
}
