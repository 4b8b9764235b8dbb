package com.kaa.reports.inventory.hardware;

import com.kaa.reports.inventory.categories.CategoryRequests;
import com.kaa.reports.inventory.categories.CategoryService;
import com.kaa.reports.inventory.categories.CustomFields;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The category side of a batch of device writes: each categoryId is a category of the organization, the category text
 * agrees with it, custom fields are what the category defines, and a unique field's value is no other live device's of
 * the category (in the batch or stored). Writers of one category's unique values are serialised by an advisory lock,
 * so two batches cannot both take a value. Failures are item errors, as every other check of a batch.
 */
@ApplicationScoped
class CategoryChecks {

    /** One item as the checks see it; device is null for a new device. */
    record Item(int index, UUID device, UUID categoryId, String category, Map<String, Object> customFields) {
    }

    private final CategoryService categories;

    CategoryChecks(CategoryService categories) {
        this.categories = categories;
    }

    /** @return the category text each checked item gets (the category's name when it names one), by index */
    Uni<Map<Integer, String>> check(SqlClient c, String organization, List<Item> items, Map<Integer, HardwareBulk.ItemError> errors) {
        List<Item> todo = items.stream().filter(i -> !errors.containsKey(i.index())).toList();
        List<UUID> needCurrent = todo.stream().filter(i -> i.device() != null
                        && (i.categoryId() != null || i.category() != null || i.customFields() != null))
                .map(Item::device).toList();
        return currentCategories(c, organization, needCurrent).chain(current -> {
            Set<UUID> ids = new HashSet<>(current.values().stream().map(Current::category).toList());
            todo.forEach(i -> {
                if (i.categoryId() != null) {
                    ids.add(i.categoryId());
                }
            });
            return categories.rules(c, organization, ids).chain(rules -> {
                Map<Integer, String> names = new HashMap<>();
                // in item order: of two items with one unique value, the later one is refused
                Map<Item, CategoryService.Rules> ruled = new java.util.LinkedHashMap<>();
                for (Item item : todo) {
                    Current stored = item.device() == null ? null : current.get(item.device());
                    UUID categoryId = item.categoryId() != null ? item.categoryId() : stored == null ? null : stored.category();
                    HardwareBulk.ItemError error = checkOne(item, stored, categoryId == null ? null : rules.get(categoryId));
                    if (error != null) {
                        errors.put(item.index(), error);
                        continue;
                    }
                    if (categoryId != null && item.customFields() != null) {
                        ruled.put(item, rules.get(categoryId));
                    }
                    CategoryService.Rules named = categoryId == null ? null : rules.get(categoryId);
                    names.put(item.index(), item.category() == null && item.categoryId() == null ? null
                            : named != null ? named.name() : item.category().trim());
                }
                return unique(c, organization, ruled, errors).replaceWith(names);
            });
        });
    }

    private static HardwareBulk.ItemError checkOne(Item item, Current stored, CategoryService.Rules rules) {
        if (item.categoryId() != null && rules == null) {
            return invalid("categoryId", "no category " + item.categoryId() + " in your organization");
        }
        if (item.categoryId() != null && item.category() != null && !item.category().trim().equalsIgnoreCase(rules.name())) {
            return invalid("category", "is the name of category " + item.categoryId() + " (\"" + rules.name() + "\") when categoryId is given: leave it out");
        }
        if (item.categoryId() == null && stored != null && item.category() != null && rules != null
                && !item.category().trim().equalsIgnoreCase(rules.name())) {
            // the text of a device with a category is the category's name: another text would drift from it
            return invalid("category", "the device is of category " + rules.id() + " (\"" + rules.name() + "\"): change its categoryId instead");
        }
        if (item.device() == null && item.categoryId() == null && (item.category() == null || item.category().isBlank())) {
            return invalid("category", "give a category (text) or a categoryId");
        }
        if (item.customFields() != null && !item.customFields().isEmpty() && rules == null) {
            return invalid("customFields", "custom fields belong to a category: give the categoryId whose fields these are");
        }
        // a new device, or a change of category, is checked whole: the category's required fields must be there
        boolean whole = item.device() == null || (item.categoryId() != null && (stored == null || !item.categoryId().equals(stored.category())));
        if (rules != null && (whole || item.customFields() != null)) {
            CustomFields.Refusal refusal = CustomFields.check(rules.fields(), item.customFields());
            if (refusal != null) {
                return invalid(refusal.field(), refusal.message());
            }
        }
        return null;
    }

    /** Unique fields: one value per live device of the category, in the batch and against what is stored. */
    private static Uni<Void> unique(SqlClient c, String organization, Map<Item, CategoryService.Rules> ruled,
                                    Map<Integer, HardwareBulk.ItemError> errors) {
        record Key(UUID category, String field) {
        }
        // sorted: two batches take the advisory locks of the same keys in the same order (no deadlock)
        Map<Key, Map<String, Item>> wanted = new java.util.TreeMap<>(java.util.Comparator.comparing(Key::category).thenComparing(Key::field));
        for (var entry : ruled.entrySet()) {
            for (CategoryRequests.CustomField field : entry.getValue().fields()) {
                Object value = entry.getKey().customFields().get(field.key());
                if (!field.unique() || value == null || errors.containsKey(entry.getKey().index())) {
                    continue;
                }
                Item earlier = wanted.computeIfAbsent(new Key(entry.getValue().id(), field.key()), k -> new HashMap<>())
                        .putIfAbsent(value.toString(), entry.getKey());
                if (earlier != null) {
                    errors.put(entry.getKey().index(), conflict(field.key(), "value " + value + " appears twice in this request (first at item "
                            + earlier.index() + ")"));
                }
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var entry : wanted.entrySet()) {
            Key key = entry.getKey();
            chain = chain.chain(() -> c.preparedQuery("select pg_advisory_xact_lock(hashtext($1))")
                            .execute(Tuple.of("inventory.category " + key.category() + " " + key.field())))
                    .chain(() -> c.preparedQuery("""
                                    select custom_fields ->> $3 as value, id from hardware
                                     where organization = $1 and category_id = $2 and deleted_at is null and custom_fields ->> $3 = any($4::text[])""")
                            .execute(Tuple.of(organization, key.category(), key.field(), entry.getValue().keySet().toArray(String[]::new))))
                    .invoke(rows -> rows.forEach(r -> {
                        Item item = entry.getValue().get(r.getString("value"));
                        if (item != null && !Objects.equals(item.device(), r.getUUID("id")) && !errors.containsKey(item.index())) {
                            errors.put(item.index(), conflict(key.field(), "device " + r.getUUID("id") + " of this category already has "
                                    + r.getString("value")));
                        }
                    }))
                    .replaceWithVoid();
        }
        return chain;
    }

    /** A changed device's stored category. */
    private record Current(UUID category) {
    }

    /** The stored category of changed devices that have one. */
    private static Uni<Map<UUID, Current>> currentCategories(SqlClient c, String organization, List<UUID> devices) {
        if (devices.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return c.preparedQuery("select id, category_id from hardware where organization = $1 and id = any($2::uuid[]) and category_id is not null")
                .execute(Tuple.of(organization, devices.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Current> current = new HashMap<>();
                    rows.forEach(r -> current.put(r.getUUID("id"), new Current(r.getUUID("category_id"))));
                    return current;
                });
    }

    private static HardwareBulk.ItemError invalid(String field, String message) {
        return new HardwareBulk.ItemError(HardwareBulk.Failure.INVALID, field, message);
    }

    private static HardwareBulk.ItemError conflict(String key, String message) {
        return new HardwareBulk.ItemError(HardwareBulk.Failure.CONFLICT, "customFields." + key, message);
    }

    static List<Item> items(List<?> requests) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Object r = requests.get(i);
            if (r instanceof HardwareRequests.NewHardware n) {
                items.add(new Item(i, null, n.categoryId(), n.category(), n.customFields()));
            } else if (r instanceof HardwareRequests.HardwareChange h) {
                items.add(new Item(i, h.id(), h.categoryId(), h.category(), h.customFields()));
            }
        }
        return items;
    }
}
