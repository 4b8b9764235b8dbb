package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.inventory.cache.InventoryCache;
import com.kaa.reports.platform.input.InputBounds;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import com.kaa.reports.platform.tracing.Traces;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import java.lang.annotation.ElementType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Creates and updates many devices at once: each item is checked on its own (fields, visit report of the
 * organization, serial number unique), then all valid items go to Postgres in one statement over arrays
 * (unnest), with their events in one outbox insert, in one transaction. atomic: one bad item and nothing
 * is written (422 naming each); partial: the valid items are written and the others reported.
 * Single creates and updates go through here too, as one-item atomic batches.
 */
@ApplicationScoped
public class HardwareBulk {

    /** Why an item failed: the single-item endpoints turn it into 400, 404 or 409. */
    enum Failure { INVALID, NOT_FOUND, CONFLICT }

    record ItemError(Failure failure, String field, String message) {
    }

    /**
     * Follows INSERT and UPDATE: the HardwareUpserted event of every row they changed, written to the outbox by
     * Postgres in the same statement ($17: the envelope head, $18: the relay bucket of each id of $2), and the
     * ids and versions for the per-item results. Reading 10,000 rows back to serialize their events here was
     * a third of a bulk's time.
     */
    private static final String EVENTS = """
            , events as (
            insert into outbox_event (event_id, topic, message_key, event_type, bucket, payload)
            select r.event_id, '%s', r.key, '%s', r.bucket, %s
              from (select gen_random_uuid()::text as event_id, c.id::text as key, b.bucket, c.*
                      from changed c join unnest($2::uuid[], $18::int[]) as b(id, bucket) on b.id = c.id) r)
            select id, version from changed""".formatted(Topics.HARDWARE, HardwareRows.UPSERTED,
            Outbox.envelopeSql("$17", "r.event_id", "r.key", HardwareRows.UPSERTED_DATA_SQL));

    private static final String INSERT = """
            with changed as (
            insert into hardware (id, organization, visit_report_id, category, device_name, manufacturer, model, serial_number,
                                  asset_tag, status, purchase_date, warranty_expiry, building, floor, room, notes,
                                  ip_address, mac_address, condition_rating, specifications, metadata,
                                  category_id, custom_fields, purchase_cost, next_audit_date)
            select u.id, $1, u.visit_report_id, u.category, u.device_name, u.manufacturer, u.model, u.serial_number, u.asset_tag,
                   u.status, u.purchase_date, u.warranty_expiry, u.building, u.floor, u.room, u.notes,
                   u.ip_address::inet, u.mac_address::macaddr, u.condition_rating,
                   coalesce(u.specifications::jsonb, '{}'), coalesce(u.metadata::jsonb, '{}'),
                   u.category_id, coalesce(u.custom_fields::jsonb, '{}'), u.purchase_cost::numeric,
                   -- inventoried now: seen today, due again after its category's audit interval
                   (current_date + make_interval(months => c.audit_months))::date
              from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                          $10::text[], $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[],
                          $19::text[], $20::text[], $21::smallint[], $22::text[], $23::text[], $24::uuid[], $25::text[], $26::text[])
                   as u(id, visit_report_id, category, device_name, manufacturer, model, serial_number, asset_tag, status,
                        purchase_date, warranty_expiry, building, floor, room, notes,
                        ip_address, mac_address, condition_rating, specifications, metadata, category_id, custom_fields, purchase_cost)
              left join category c on c.id = u.category_id
            on conflict (organization, serial_number) where serial_number is not null and deleted_at is null do nothing
            returning\s""" + HardwareRows.COLUMNS + ")" + HardwareBulk.EVENTS;

    private static final String UPDATE = """
            with changed as (
            update hardware h set category = coalesce(u.category, h.category), device_name = coalesce(u.device_name, h.device_name),
                   manufacturer = coalesce(u.manufacturer, h.manufacturer), model = coalesce(u.model, h.model),
                   serial_number = coalesce(u.serial_number, h.serial_number), asset_tag = coalesce(u.asset_tag, h.asset_tag),
                   status = coalesce(u.status, h.status), purchase_date = coalesce(u.purchase_date, h.purchase_date),
                   warranty_expiry = coalesce(u.warranty_expiry, h.warranty_expiry), building = coalesce(u.building, h.building),
                   floor = coalesce(u.floor, h.floor), room = coalesce(u.room, h.room), notes = coalesce(u.notes, h.notes),
                   ip_address = coalesce(u.ip_address::inet, h.ip_address), mac_address = coalesce(u.mac_address::macaddr, h.mac_address),
                   condition_rating = coalesce(u.condition_rating, h.condition_rating),
                   specifications = coalesce(u.specifications::jsonb, h.specifications), metadata = coalesce(u.metadata::jsonb, h.metadata),
                   category_id = coalesce(u.category_id, h.category_id), purchase_cost = coalesce(u.purchase_cost::numeric, h.purchase_cost),
                   -- a new category brings its own fields (none given: none) and audit interval, counted from the last audit
                   custom_fields = case when u.category_id is distinct from h.category_id and u.category_id is not null
                                        then coalesce(u.custom_fields::jsonb, '{}')
                                        else coalesce(u.custom_fields::jsonb, h.custom_fields) end,
                   next_audit_date = case when u.category_id is not null and u.category_id is distinct from h.category_id
                                          then (select (coalesce(h.last_audited_at::date, current_date) + make_interval(months => c.audit_months))::date
                                                  from category c where c.id = u.category_id)
                                          else h.next_audit_date end,
                   updated_at = now(), version = h.version + 1
              from unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                          $10::text[], $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[],
                          $19::text[], $20::text[], $21::smallint[], $22::text[], $23::text[], $24::uuid[], $25::text[], $26::text[])
                   as u(id, version, category, device_name, manufacturer, model, serial_number, asset_tag, status,
                        purchase_date, warranty_expiry, building, floor, room, notes,
                        ip_address, mac_address, condition_rating, specifications, metadata, category_id, custom_fields, purchase_cost)
             where h.organization = $1 and h.id = u.id and h.deleted_at is null and (u.version is null or h.version = u.version)
            returning\s""" + HardwareRows.columns("h.") + ")" + HardwareBulk.EVENTS;

    private final Pool pool;
    private final Outbox outbox;
    private final InventoryCache cache;
    private final Validator validator;
    private final ObjectMapper json;
    private final CategoryChecks categoryChecks;

    public HardwareBulk(Pool pool, Outbox outbox, InventoryCache cache, ValidatorFactory validators, ObjectMapper json,
                        CategoryChecks categoryChecks) {
        this.pool = pool;
        this.categoryChecks = categoryChecks;
        this.json = json;
        this.outbox = outbox;
        this.cache = cache;
        this.validator = validators.usingContext().traversableResolver(new EveryPropertyReachable()).getValidator();
    }

    /**
     * Items are request records, never JPA entities with lazy state. The default resolver asks Hibernate ORM
     * (on the classpath for the outbox) whether each property is loaded, which was 20% of a 10,000-item
     * bulk's event-loop time.
     */
    private static final class EveryPropertyReachable implements TraversableResolver {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }
    }

    /** @param known errors found before (CSV rows that did not parse), by index; those items are null in items */
    public Uni<HardwareRequests.BulkResult> create(String organization, HardwareRequests.Mode mode,
                                                   List<HardwareRequests.NewHardware> items, Map<Integer, ItemError> known,
                                                   List<Integer> lines) {
        Map<Integer, ItemError> errors = new HashMap<>(known);
        Map<String, Integer> serials = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            HardwareRequests.NewHardware item = items.get(i);
            if (item == null || errors.containsKey(i)) {
                continue;
            }
            ItemError invalid = validate(item);
            if (invalid != null) {
                errors.put(i, invalid);
            } else if (item.serialNumber() != null && serials.putIfAbsent(item.serialNumber(), i) != null) {
                errors.put(i, new ItemError(Failure.CONFLICT, "serialNumber",
                        "serial number " + item.serialNumber() + " appears twice in this request (first at item " + serials.get(item.serialNumber()) + ")"));
            }
        }
        return pool.withTransaction(c -> liveVisitReports(c, organization, items.stream()
                        .filter(java.util.Objects::nonNull).map(HardwareRequests.NewHardware::visitReportId).collect(Collectors.toSet()))
                .chain(visits -> {
                    for (int i = 0; i < items.size(); i++) {
                        HardwareRequests.NewHardware item = items.get(i);
                        if (item != null && !errors.containsKey(i) && !visits.contains(item.visitReportId())) {
                            errors.put(i, new ItemError(Failure.INVALID, "visitReportId",
                                    "no visit report " + item.visitReportId() + " in your organization"));
                        }
                    }
                    return categoryChecks.check(c, organization, CategoryChecks.items(items), errors);
                })
                .chain(categories -> {
                    failIfAtomic(mode, errors, lines);
                    List<Integer> valid = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        if (!errors.containsKey(i) && items.get(i) != null) {
                            valid.add(i);
                        }
                    }
                    return insert(c, organization, items, valid, categories).map(created -> {
                        List<ItemResult> results = new ArrayList<>();
                        for (int i : valid) {
                            Saved h = created.get(i);
                            if (h == null) {
                                errors.put(i, new ItemError(Failure.CONFLICT, "serialNumber",
                                        "a device with serial number " + items.get(i).serialNumber() + " already exists"));
                            } else {
                                results.add(new ItemResult(i, h));
                            }
                        }
                        // the events are written: an atomic failure here rolls them back with the rows
                        failIfAtomic(mode, errors, lines);
                        return summarize(mode, results, errors, lines, "created");
                    });
                }))
                .call(result -> result.succeeded() > 0 ? cache.changed(organization) : Uni.createFrom().voidItem());
    }

    public Uni<HardwareRequests.BulkResult> update(String organization, HardwareRequests.Mode mode,
                                                   List<HardwareRequests.HardwareChange> items) {
        Map<Integer, ItemError> errors = new HashMap<>();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            HardwareRequests.HardwareChange item = items.get(i);
            ItemError invalid = item == null ? new ItemError(Failure.INVALID, null, "must not be null") : validate(item);
            if (invalid == null && item.id() == null) {
                invalid = new ItemError(Failure.INVALID, "id", "must not be null");
            }
            if (invalid == null && !ids.add(item.id())) {
                invalid = new ItemError(Failure.CONFLICT, "id", "device " + item.id() + " appears twice in this request");
            }
            if (invalid != null) {
                errors.put(i, invalid);
            }
        }
        return pool.withTransaction(c -> serialOwners(c, organization, items, errors).chain(owners -> {
                    for (int i = 0; i < items.size(); i++) {
                        HardwareRequests.HardwareChange item = items.get(i);
                        if (!errors.containsKey(i) && item.serialNumber() != null) {
                            UUID owner = owners.get(item.serialNumber());
                            if (owner != null && !owner.equals(item.id())) {
                                errors.put(i, new ItemError(Failure.CONFLICT, "serialNumber",
                                        "a device with serial number " + item.serialNumber() + " already exists"));
                            }
                        }
                    }
                    return categoryChecks.check(c, organization, CategoryChecks.items(items), errors);
                }).chain(categories -> {
                    List<Integer> valid = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        if (!errors.containsKey(i)) {
                            valid.add(i);
                        }
                    }
                    return applyUpdates(c, organization, items, valid, categories).chain(updated -> explainMissing(c, organization, items, valid, updated, errors)
                            .map(ignored -> {
                                failIfAtomic(mode, errors, null);
                                List<ItemResult> results = valid.stream().filter(updated::containsKey)
                                        .map(i -> new ItemResult(i, updated.get(i))).toList();
                                return summarize(mode, results, errors, null, "updated");
                            }));
                }))
                .call(result -> result.succeeded() > 0 ? cache.changed(organization) : Uni.createFrom().voidItem());
    }

    private record ItemResult(int index, Saved hardware) {
    }

    private ItemError validate(Object item) {
        Set<ConstraintViolation<Object>> violations = validator.validate(item);
        ItemError invalid = violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new ItemError(Failure.INVALID, v.getPropertyPath().toString(), v.getMessage())).orElse(null);
        if (invalid == null && item instanceof HardwareRequests.NewHardware h) {
            invalid = jsonObjects(h.specifications(), h.metadata());
        } else if (invalid == null && item instanceof HardwareRequests.HardwareChange h) {
            invalid = jsonObjects(h.specifications(), h.metadata());
        }
        return invalid;
    }

    /** Within the size cap, and storable: jsonb refuses the NUL character (\\u0000) anywhere in a document. */
    private ItemError jsonObjects(Map<String, Object> specifications, Map<String, Object> metadata) {
        ItemError invalid = jsonObject("specifications", specifications);
        return invalid != null ? invalid : jsonObject("metadata", metadata);
    }

    private ItemError jsonObject(String field, Map<String, Object> object) {
        if (object != null && !finite(object)) {
            return new ItemError(Failure.INVALID, field, "numbers must be finite (1e400 is not a number JSON can keep)");
        }
        String text = json(object);
        if (text != null && text.length() > HardwareRequests.MAX_JSON) {
            return new ItemError(Failure.INVALID, field, "is " + text.length() + " characters as JSON; at most " + HardwareRequests.MAX_JSON);
        }
        return text != null && text.contains("\\u0000") ? new ItemError(Failure.INVALID, field, InputBounds.NUL) : null;
    }

    private static Uni<Set<UUID>> liveVisitReports(SqlClient c, String organization, Set<UUID> ids) {
        return c.preparedQuery("select id from visit_report where organization = $1 and id = any($2::uuid[]) and deleted_at is null")
                .execute(Tuple.of(organization, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(r -> found.add(r.getUUID(0)));
                    return found;
                });
    }

    private Uni<Map<Integer, Saved>> insert(SqlClient c, String organization, List<HardwareRequests.NewHardware> items,
                                            List<Integer> valid, Map<Integer, String> categories) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = valid.size();
        UUID[] id = new UUID[n];
        UUID[] visit = new UUID[n];
        String[][] text = new String[11][n];
        LocalDate[] purchase = new LocalDate[n];
        LocalDate[] warranty = new LocalDate[n];
        SeedColumns seed = new SeedColumns(n);
        Map<UUID, Integer> indexOf = new HashMap<>();
        for (int k = 0; k < n; k++) {
            HardwareRequests.NewHardware h = items.get(valid.get(k));
            id[k] = UUID.randomUUID();
            indexOf.put(id[k], valid.get(k));
            visit[k] = h.visitReportId();
            String[] values = {categories.get(valid.get(k)), h.deviceName(), h.manufacturer(), h.model(), h.serialNumber(), h.assetTag(),
                    h.status(), h.building(), h.floor(), h.room(), h.notes()};
            for (int f = 0; f < values.length; f++) {
                text[f][k] = values[f];
            }
            purchase[k] = h.purchaseDate();
            warranty[k] = h.warrantyExpiry();
            seed.set(k, h.ipAddress(), h.macAddress(), h.conditionRating(), h.specifications(), h.metadata());
            seed.setCategory(k, h.categoryId(), h.customFields(), h.purchaseCost());
        }
        Tuple params = Tuple.from(List.<Object>of(organization, id, visit, text[0], text[1], text[2], text[3], text[4], text[5],
                text[6], purchase, warranty, text[7], text[8], text[9], text[10], eventHead(organization), buckets(id)));
        return c.preparedQuery(INSERT).execute(seed.addTo(params)).map(rows -> saved(rows, indexOf));
    }

    private Uni<Map<Integer, Saved>> applyUpdates(SqlClient c, String organization,
                                                  List<HardwareRequests.HardwareChange> items, List<Integer> valid,
                                                  Map<Integer, String> categories) {
        if (valid.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = valid.size();
        UUID[] id = new UUID[n];
        Long[] version = new Long[n];
        String[][] text = new String[11][n];
        LocalDate[] purchase = new LocalDate[n];
        LocalDate[] warranty = new LocalDate[n];
        SeedColumns seed = new SeedColumns(n);
        Map<UUID, Integer> indexOf = new HashMap<>();
        for (int k = 0; k < n; k++) {
            HardwareRequests.HardwareChange h = items.get(valid.get(k));
            id[k] = h.id();
            indexOf.put(h.id(), valid.get(k));
            version[k] = h.version();
            String[] values = {categories.get(valid.get(k)), h.deviceName(), h.manufacturer(), h.model(), h.serialNumber(), h.assetTag(),
                    h.status(), h.building(), h.floor(), h.room(), h.notes()};
            for (int f = 0; f < values.length; f++) {
                text[f][k] = values[f];
            }
            purchase[k] = h.purchaseDate();
            warranty[k] = h.warrantyExpiry();
            seed.set(k, h.ipAddress(), h.macAddress(), h.conditionRating(), h.specifications(), h.metadata());
            seed.setCategory(k, h.categoryId(), h.customFields(), h.purchaseCost());
        }
        Tuple params = Tuple.from(List.<Object>of(organization, id, version, text[0], text[1], text[2], text[3], text[4], text[5],
                text[6], purchase, warranty, text[7], text[8], text[9], text[10], eventHead(organization), buckets(id)));
        return c.preparedQuery(UPDATE).execute(seed.addTo(params)).map(rows -> saved(rows, indexOf));
    }

    /**
     * The columns V3 and V7 added ($19 to $26): addresses as inet reads them, the JSON objects as text, the category and
     * the cost (as text: Postgres makes it the exact numeric).
     */
    private final class SeedColumns {
        final String[] ip;
        final String[] mac;
        final Short[] condition;
        final String[] specifications;
        final String[] metadata;
        final UUID[] category;
        final String[] customFields;
        final String[] cost;

        SeedColumns(int n) {
            ip = new String[n];
            mac = new String[n];
            condition = new Short[n];
            specifications = new String[n];
            metadata = new String[n];
            category = new UUID[n];
            customFields = new String[n];
            cost = new String[n];
        }

        void setCategory(int k, UUID categoryId, Map<String, Object> values, java.math.BigDecimal purchaseCost) {
            category[k] = categoryId;
            customFields[k] = json(values);
            cost[k] = purchaseCost == null ? null : purchaseCost.toPlainString();
        }

        void set(int k, String ipAddress, String macAddress, Integer conditionRating, Map<String, Object> specs,
                 Map<String, Object> meta) {
            ip[k] = ipAddress == null ? null : NetworkAddresses.address(ipAddress);
            mac[k] = macAddress;
            condition[k] = conditionRating == null ? null : conditionRating.shortValue();
            specifications[k] = json(specs);
            metadata[k] = json(meta);
        }

        Tuple addTo(Tuple params) {
            return params.addArrayOfString(ip).addArrayOfString(mac).addArrayOfShort(condition)
                    .addArrayOfString(specifications).addArrayOfString(metadata)
                    .addArrayOfUUID(category).addArrayOfString(customFields).addArrayOfString(cost);
        }
    }

    private String json(Map<String, Object> object) {
        if (object == null) {
            return null;
        }
        try {
            return json.writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON object read from a request did not write back", e);
        }
    }

    /** No infinite number anywhere in a JSON value read as maps and lists (Jackson reads 1e400 as Infinity). */
    static boolean finite(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(HardwareBulk::finite);
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(HardwareBulk::finite);
        }
        return !(value instanceof Double d) || Double.isFinite(d);
    }

    /** A device the statement wrote: what the item's result reports. */
    private record Saved(UUID id, long version) {
    }

    private static Map<Integer, Saved> saved(Iterable<Row> rows, Map<UUID, Integer> indexOf) {
        Map<Integer, Saved> saved = new HashMap<>();
        for (Row r : rows) {
            UUID id = r.getUUID(0);
            saved.put(indexOf.get(id), new Saved(id, r.getLong(1)));
        }
        return saved;
    }

    private String eventHead(String organization) {
        return outbox.envelopeHead(HardwareRows.UPSERTED, organization, Traces.current());
    }

    private Integer[] buckets(UUID[] ids) {
        Integer[] buckets = new Integer[ids.length];
        for (int k = 0; k < ids.length; k++) {
            buckets[k] = outbox.bucket(ids[k].toString());
        }
        return buckets;
    }

    /** Current owners of the serial numbers the items want, so a clash is an item error, not a failed statement. */
    private static Uni<Map<String, UUID>> serialOwners(SqlClient c, String organization, List<HardwareRequests.HardwareChange> items,
                                                       Map<Integer, ItemError> errors) {
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!errors.containsKey(i) && items.get(i).serialNumber() != null) {
                serials.add(items.get(i).serialNumber());
            }
        }
        if (serials.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("select serial_number, id from hardware where organization = $1 and serial_number = any($2::text[])"
                        + " and deleted_at is null")
                .execute(Tuple.of(organization, serials.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, UUID> owners = new HashMap<>();
                    rows.forEach(r -> owners.put(r.getString(0), r.getUUID(1)));
                    return owners;
                });
    }

    /** Items the update did not touch: missing (or another organization's) or at another version. */
    private static Uni<Void> explainMissing(SqlClient c, String organization, List<HardwareRequests.HardwareChange> items,
                                            List<Integer> valid, Map<Integer, Saved> updated,
                                            Map<Integer, ItemError> errors) {
        List<Integer> missing = valid.stream().filter(i -> !updated.containsKey(i)).toList();
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return c.preparedQuery("select id, version from hardware where organization = $1 and id = any($2::uuid[]) and deleted_at is null")
                .execute(Tuple.of(organization, missing.stream().map(i -> items.get(i).id()).toArray(UUID[]::new)))
                .invoke(rows -> {
                    Map<UUID, Long> versions = new HashMap<>();
                    rows.forEach(r -> versions.put(r.getUUID(0), r.getLong(1)));
                    for (int i : missing) {
                        HardwareRequests.HardwareChange item = items.get(i);
                        Long current = versions.get(item.id());
                        errors.put(i, current == null
                                ? new ItemError(Failure.NOT_FOUND, "id", "no device " + item.id() + " in your organization")
                                : new ItemError(Failure.CONFLICT, "version",
                                ProblemException.staleVersionDetail("device", item.id(), current, item.version())));
                    }
                })
                .replaceWithVoid();
    }

    /** In atomic mode any error rolls the transaction back: a 422 listing every failed item. */
    private static void failIfAtomic(HardwareRequests.Mode mode, Map<Integer, ItemError> errors, List<Integer> lines) {
        if (mode != HardwareRequests.Mode.atomic || errors.isEmpty()) {
            return;
        }
        List<Problem.FieldError> fields = errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Problem.FieldError(location(e.getKey(), lines) + (e.getValue().field() == null ? "" : "." + e.getValue().field()),
                        e.getValue().message()))
                .toList();
        throw new AtomicFailure(Problem.of(422, "Unprocessable Content", errors.size() + " of the items cannot be written,"
                + " so none was (atomic mode): fix them, or send mode=partial to write the others").withErrors(fields), errors);
    }

    private static String location(int index, List<Integer> lines) {
        return lines == null ? "items[" + index + "]" : "line " + lines.get(index);
    }

    private static HardwareRequests.BulkResult summarize(HardwareRequests.Mode mode, List<ItemResult> done,
                                                         Map<Integer, ItemError> errors, List<Integer> lines, String outcome) {
        List<HardwareRequests.ItemResult> results = new ArrayList<>();
        done.forEach(r -> results.add(new HardwareRequests.ItemResult(r.index(), line(lines, r.index()), outcome,
                r.hardware().id(), r.hardware().version(), null)));
        errors.forEach((i, e) -> results.add(new HardwareRequests.ItemResult(i, line(lines, i), "error", null, null,
                (e.field() == null ? "" : e.field() + ": ") + e.message())));
        results.sort(Comparator.comparingInt(HardwareRequests.ItemResult::index));
        return new HardwareRequests.BulkResult(mode, done.size(), errors.size(), results);
    }

    private static Integer line(List<Integer> lines, int index) {
        return lines == null ? null : lines.get(index);
    }

    /** The HardwareUpserted event of a device's current state. */
    public static Outbox.Pending upserted(String organization, HardwareRequests.Hardware h) {
        return new Outbox.Pending(Topics.HARDWARE, h.id().toString(), HardwareRows.UPSERTED, organization,
                HardwareRows.HardwareUpserted.of(h));
    }

    /** An atomic batch that failed: the problem to answer, and the item errors for single-item callers. */
    static final class AtomicFailure extends ProblemException {
        final transient Map<Integer, ItemError> errors;

        AtomicFailure(Problem problem, Map<Integer, ItemError> errors) {
            super(problem);
            this.errors = Map.copyOf(errors);
        }
    }
}
