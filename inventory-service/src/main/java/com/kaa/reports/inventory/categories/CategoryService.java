package com.kaa.reports.inventory.categories;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.inventory.hardware.HardwareBulk;
import com.kaa.reports.inventory.hardware.HardwareRows;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Categories of an organization, and their rules as device writes need them. */
@ApplicationScoped
public class CategoryService {

    private static final String COLUMNS = """
            id, name, description, fields::text as fields, audit_months, depreciation_months, created_at, updated_at, version,
            (select count(*) from hardware h where h.category_id = category.id and h.deleted_at is null) as devices""";
    private static final TypeReference<List<CategoryRequests.CustomField>> FIELDS = new TypeReference<>() {
    };

    /** What a device write needs of its category. */
    public record Rules(UUID id, String name, List<CategoryRequests.CustomField> fields, Integer auditMonths) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final InventoryCache cache;
    private final Outbox outbox;

    public CategoryService(Pool pool, ObjectMapper json, InventoryCache cache, Outbox outbox) {
        this.pool = pool;
        this.json = json;
        this.cache = cache;
        this.outbox = outbox;
    }

    public Uni<CategoryRequests.Category> create(String organization, CategoryRequests.CreateCategory r) {
        CustomFields.checkDefinitions(r.fields());
        return pool.preparedQuery("""
                        insert into category (id, organization, name, description, fields, audit_months, depreciation_months)
                        values ($1, $2, $3, $4, $5::text::jsonb, $6, $7) returning\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), organization, r.name().trim(), r.description(),
                        write(r.fields() == null ? List.of() : r.fields()), r.auditMonths(), r.depreciationMonths())))
                .onFailure(CategoryService::duplicateName).transform(e -> nameTaken(r.name()))
                .map(rows -> read(rows.iterator().next()));
    }

    public Uni<CategoryRequests.Category> get(String organization, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from category where organization = $1 and id = $2")
                .execute(Tuple.of(organization, id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("category", id);
                    }
                    return read(rows.iterator().next());
                });
    }

    public Uni<CategoryRequests.CategoryList> list(String organization) {
        return pool.preparedQuery("select " + COLUMNS + " from category where organization = $1 order by lower(name) limit 1000")
                .execute(Tuple.of(organization))
                .map(rows -> {
                    List<CategoryRequests.Category> items = new ArrayList<>();
                    rows.forEach(r -> items.add(read(r)));
                    return new CategoryRequests.CategoryList(items);
                });
    }

    /**
     * A change is also a change of the category's devices (their category text is its name, their value depreciates over
     * its months): they are written and announced again in the same transaction.
     */
    public Uni<CategoryRequests.Category> update(String organization, UUID id, CategoryRequests.UpdateCategory r) {
        CustomFields.checkDefinitions(r.fields());
        return pool.withTransaction(c -> c.preparedQuery("""
                                update category set name = coalesce($4, name), description = coalesce($5, description),
                                       fields = coalesce($6::text::jsonb, fields), audit_months = coalesce($7, audit_months),
                                       depreciation_months = coalesce($8, depreciation_months), updated_at = now(), version = version + 1
                                 where organization = $1 and id = $2 and version = $3 returning\s""" + COLUMNS)
                        .execute(Tuple.from(Arrays.asList(organization, id, r.version(), r.name() == null ? null : r.name().trim(),
                                r.description(), r.fields() == null ? null : write(r.fields()), r.auditMonths(), r.depreciationMonths())))
                        .onFailure(CategoryService::duplicateName).transform(e -> nameTaken(r.name()))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                return get(organization, id).map(current -> {
                                    throw ProblemException.staleVersion("category", id, current.version(), r.version());
                                });
                            }
                            CategoryRequests.Category category = read(rows.iterator().next());
                            if (r.name() == null && r.auditMonths() == null && r.depreciationMonths() == null) {
                                return Uni.createFrom().item(category);   // description or fields: nothing of the devices changes
                            }
                            // its devices carry its name, depreciation and audit interval (their next audit counted from the
                            // last, or from when they were recorded): they are written and announced again, as they are now
                            return c.preparedQuery("update hardware set category = $3, updated_at = now(), version = version + 1,"
                                            + " next_audit_date = case when $4::int is null then next_audit_date"
                                            + " else (coalesce(last_audited_at, created_at)::date + make_interval(months => $4::int))::date end"
                                            + " where organization = $1 and category_id = $2 and deleted_at is null returning " + HardwareRows.COLUMNS)
                                    .execute(Tuple.from(Arrays.asList(organization, id, category.name(), r.auditMonths())))
                                    .chain(devices -> {
                                        List<Outbox.Pending> events = new ArrayList<>();
                                        devices.forEach(d -> events.add(HardwareBulk.upserted(organization, HardwareRows.read(d))));
                                        return outbox.write(c, events);
                                    })
                                    .replaceWith(category);
                        }))
                .call(() -> cache.changed(organization));
    }

    /** Only a category no live device uses: devices are moved to another category first. */
    public Uni<Void> delete(String organization, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("select " + COLUMNS + " from category where organization = $1 and id = $2 for update")
                .execute(Tuple.of(organization, id))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("category", id);
                    }
                    long devices = rows.iterator().next().getLong("devices");
                    if (devices > 0) {
                        throw ProblemException.conflict(devices + " device(s) are of category " + id + ": move them to another first");
                    }
                    // deleted devices keep their history; their reference goes, their category text stays
                    return c.preparedQuery("update hardware set category_id = null where organization = $1 and category_id = $2")
                            .execute(Tuple.of(organization, id))
                            .chain(() -> c.preparedQuery("delete from category where organization = $1 and id = $2").execute(Tuple.of(organization, id)));
                })
                .replaceWithVoid());
    }

    /** The rules of the categories a device write names, by id; ids of no category of the organization are absent. */
    public Uni<Map<UUID, Rules>> rules(SqlClient c, String organization, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("select id, name, fields::text as fields, audit_months from category where organization = $1 and id = any($2::uuid[])")
                .execute(Tuple.of(organization, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Rules> rules = new HashMap<>();
                    rows.forEach(r -> rules.put(r.getUUID("id"), new Rules(r.getUUID("id"), r.getString("name"),
                            fields(r.getString("fields")), r.getInteger("audit_months"))));
                    return rules;
                });
    }

    private CategoryRequests.Category read(Row r) {
        return new CategoryRequests.Category(r.getUUID("id"), r.getString("name"), r.getString("description"), fields(r.getString("fields")),
                r.getInteger("audit_months"), r.getInteger("depreciation_months"), r.getLong("devices"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }

    private List<CategoryRequests.CustomField> fields(String text) {
        try {
            return json.readValue(text, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a category's stored fields do not read back", e);
        }
    }

    private String write(List<CategoryRequests.CustomField> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("custom field definitions did not write", e);
        }
    }

    private static boolean duplicateName(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
    }

    private static ProblemException nameTaken(String name) {
        return ProblemException.conflict("a category named \"" + (name == null ? "" : name.trim()) + "\" already exists");
    }
}
