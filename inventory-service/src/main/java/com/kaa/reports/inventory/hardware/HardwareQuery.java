package com.kaa.reports.inventory.hardware;

import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.problems.ProblemException;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A hardware list. The filters map to V1__inventory.sql's indexes: by visit report, the
 * category/status/warranty composite, warranty expiry, the building/floor/room location, and the GIN
 * search over device name, manufacturer, model and serial number ('simple' dictionary: serials and model
 * names are not English words to stem). ipAddress is one address or a whole network (inet's <<=, V3's GiST index).
 */
record HardwareQuery(String organization, UUID visitReport, String category, String status, Integer warrantyWithinDays,
                     String building, String floor, String room, String ipAddress, String macAddress, Integer maxConditionRating,
                     UUID categoryId, String customFields, boolean auditOverdue, String search, String sortBy, String sortOrder) {

    private static final Map<String, String[]> SORTS = Map.of(
            "createdAt", new String[] {"created_at", "timestamptz"},
            "updatedAt", new String[] {"updated_at", "timestamptz"},
            "warrantyExpiry", new String[] {"coalesce(warranty_expiry, 'infinity'::date)", "date"},
            "category", new String[] {"category", "text"},
            "status", new String[] {"status", "text"},
            "nextAuditDate", new String[] {"coalesce(next_audit_date, 'infinity'::date)", "date"});

    static final String SORT_FIELDS = String.join(", ", new TreeSet<>(SORTS.keySet()));

    HardwareQuery {
        if (!SORTS.containsKey(sortBy)) {
            throw ProblemException.invalidField("sortBy", "must be one of " + SORT_FIELDS);
        }
        if (!"asc".equals(sortOrder) && !"desc".equals(sortOrder)) {
            throw ProblemException.invalidField("sortOrder", "must be asc or desc");
        }
        if (ipAddress != null) {
            String network = NetworkAddresses.network(ipAddress);
            if (network == null) {
                throw ProblemException.invalidField("ipAddress", "must be an address (10.20.0.15) or a network (10.20.0.0/16)");
            }
            ipAddress = network;
        }
        search = search == null || search.isBlank() ? null : search.trim();
    }

    /** The same list with custom field filters as one JSON object of typed values. */
    HardwareQuery withCustomFields(String json) {
        return new HardwareQuery(organization, visitReport, category, status, warrantyWithinDays, building, floor, room, ipAddress,
                macAddress, maxConditionRating, categoryId, json, auditOverdue, search, sortBy, sortOrder);
    }

    Conditions conditions(LocalDate today) {
        Conditions where = new Conditions()
                .always("organization = ?", organization)
                .always("deleted_at is null")
                .and("visit_report_id = ?", visitReport)
                .and("category = ?", category)
                .and("status = ?", status)
                .and("building = ?", building)
                .and("floor = ?", floor)
                .and("room = ?", room)
                .and("ip_address <<= ?::text::inet", ipAddress)
                .and("mac_address = ?::text::macaddr", macAddress)
                .and("condition_rating <= ?", maxConditionRating)
                .and("category_id = ?", categoryId)
                // containment over V7's GIN index (jsonb_path_ops): the values typed by the category (HardwareService)
                .and("custom_fields @> ?::text::jsonb", customFields);
        if (auditOverdue) {
            where.always("next_audit_date < ?", today);
        }
        if (warrantyWithinDays != null) {
            where.always("warranty_expiry between ? and ?", today, today.plusDays(warrantyWithinDays));
        }
        if (search != null) {
            where.always("search @@ websearch_to_tsquery('simple', ?)", search);
        }
        return where;
    }

    String selectSql(Conditions where, Cursor after, int limit, int offset) {
        String[] sort = SORTS.get(sortBy);
        boolean descending = "desc".equals(sortOrder);
        String direction = descending ? " desc" : " asc";
        String keyset = "";
        if (after != null) {
            int n = where.nextParameter();
            keyset = " and (" + sort[0] + ", id) " + (descending ? "<" : ">") + " ($" + n + "::text::" + sort[1] + ", $" + (n + 1) + "::uuid)";
        }
        return "select " + HardwareRows.COLUMNS + " from hardware" + where.sql() + keyset
                + " order by " + sort[0] + direction + ", id" + direction + " limit " + (limit + 1) + " offset " + offset;
    }

    String countSql(Conditions where) {
        return "select count(*) from hardware" + where.sql();
    }

    Cursor cursorAfter(HardwareRequests.Hardware h) {
        String value = switch (sortBy) {
            case "createdAt" -> h.createdAt().toString();
            case "updatedAt" -> h.updatedAt().toString();
            case "warrantyExpiry" -> h.warrantyExpiry() == null ? "infinity" : h.warrantyExpiry().toString();
            case "category" -> h.category();
            case "nextAuditDate" -> h.nextAuditDate() == null ? "infinity" : h.nextAuditDate().toString();
            default -> h.status();
        };
        return new Cursor(value, h.id().toString());
    }

    String cacheKey(String cursor, int page, int limit, LocalDate today) {
        return String.join("|", String.valueOf(visitReport), String.valueOf(category), String.valueOf(status),
                String.valueOf(warrantyWithinDays), String.valueOf(building), String.valueOf(floor), String.valueOf(room),
                String.valueOf(ipAddress), String.valueOf(macAddress), String.valueOf(maxConditionRating),
                String.valueOf(categoryId), String.valueOf(customFields), String.valueOf(auditOverdue),
                String.valueOf(search), sortBy, sortOrder, String.valueOf(cursor), Integer.toString(page),
                Integer.toString(limit), today.toString());
    }
}
