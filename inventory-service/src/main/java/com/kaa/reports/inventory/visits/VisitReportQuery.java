package com.kaa.reports.inventory.visits;

import com.kaa.reports.inventory.offices.NamePatterns;
import com.kaa.reports.platform.paging.Conditions;
import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.problems.ProblemException;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A visit-report list: filters, search, sort, and either a page number or a keyset cursor. Each filter
 * has an index that starts with the organization (V1__inventory.sql); a visit-date range also prunes the
 * monthly partitions. Search is websearch_to_tsquery over the search column: any text is a valid query
 * (quotes, operators and SQL are only words to it), and an exact report number matches too.
 */
record VisitReportQuery(String organization, UUID office, UUID technician, String officeName, String technicianName,
                        String visitType, String status, String priority, LocalDate from, LocalDate to, Integer completionMin,
                        Integer completionMax, String search, String sortBy, String sortOrder) {

    /** API sort field → SQL expression and the type its cursor value is cast to. */
    private static final Map<String, String[]> SORTS = Map.of(
            "visitDate", new String[] {"v.visit_date", "date"},
            "createdAt", new String[] {"v.created_at", "timestamptz"},
            "updatedAt", new String[] {"v.updated_at", "timestamptz"},
            "reportNumber", new String[] {"v.report_number", "text"},
            "completion", new String[] {"v.completion", "smallint"},
            "status", new String[] {"v.status", "text"});

    static final String SORT_FIELDS = String.join(", ", new TreeSet<>(SORTS.keySet()));

    VisitReportQuery {
        if (!SORTS.containsKey(sortBy)) {
            throw ProblemException.invalidField("sortBy", "must be one of " + SORT_FIELDS);
        }
        if (!"asc".equals(sortOrder) && !"desc".equals(sortOrder)) {
            throw ProblemException.invalidField("sortOrder", "must be asc or desc");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.invalidField("from", "must not be after to");
        }
        if (completionMin != null && completionMax != null && completionMin > completionMax) {
            throw ProblemException.invalidField("completionMin", "must not be above completionMax");
        }
        search = search == null || search.isBlank() ? null : search.trim();
        officeName = NamePatterns.containing(officeName);
        technicianName = NamePatterns.containing(technicianName);
    }

    Conditions conditions() {
        Conditions where = new Conditions()
                .always("v.organization = ?", organization)
                .always("v.deleted_at is null")
                .and("v.office_id = ?", office)
                .and("v.technician_id = ?", technician)
                // names through their own tables (an organization has few offices and technicians): the ids they
                // resolve to use the office and technician indexes of visit_report
                .and("v.office_id in (select id from office where organization = v.organization and lower(name) like ?)", officeName)
                .and("v.technician_id in (select id from technician where organization = v.organization and lower(name) like ?)",
                        technicianName)
                .and("v.visit_type = ?", visitType)
                .and("v.status = ?", status)
                .and("v.priority = ?", priority)
                .and("v.visit_date >= ?", from)
                .and("v.visit_date <= ?", to)
                .and("v.completion >= ?", completionMin)
                .and("v.completion <= ?", completionMax);
        if (search != null) {
            where.always("(v.search @@ websearch_to_tsquery('english', ?) or v.report_number = upper(?))", search, search);
        }
        return where;
    }

    String sortExpression() {
        return SORTS.get(sortBy)[0];
    }

    boolean descending() {
        return "desc".equals(sortOrder);
    }

    /** The select of one page: limit + 1 rows (the extra one says whether there is more). */
    String selectSql(Conditions where, Cursor after, int limit, int offset) {
        String direction = descending() ? " desc" : " asc";
        String keyset = "";
        if (after != null) {
            int n = where.nextParameter();
            keyset = " and (" + sortExpression() + ", v.id) " + (descending() ? "<" : ">")
                    + " ($" + n + "::text::" + SORTS.get(sortBy)[1] + ", $" + (n + 1) + "::uuid)";
        }
        return VisitReportRows.SELECT + where.sql() + keyset + " order by " + sortExpression() + direction + ", v.id" + direction
                + " limit " + (limit + 1) + " offset " + offset;
    }

    String countSql(Conditions where) {
        return "select count(*) from visit_report v" + where.sql();
    }

    /** The keyset position after a row of this list. */
    Cursor cursorAfter(VisitReportRequests.VisitReport v) {
        String value = switch (sortBy) {
            case "visitDate" -> v.visitDate().toString();
            case "createdAt" -> v.createdAt().toString();
            case "updatedAt" -> v.updatedAt().toString();
            case "reportNumber" -> v.reportNumber();
            case "completion" -> Integer.toString(v.completion());
            default -> v.status();
        };
        return new Cursor(value, v.id().toString());
    }

    /** A stable text of everything that shapes the list: the cache key of its pages. */
    String cacheKey(String cursor, int page, int limit) {
        return String.join("|", String.valueOf(office), String.valueOf(technician), String.valueOf(officeName),
                String.valueOf(technicianName), String.valueOf(visitType), String.valueOf(status),
                String.valueOf(priority), String.valueOf(from), String.valueOf(to), String.valueOf(completionMin),
                String.valueOf(completionMax), String.valueOf(search), sortBy, sortOrder, String.valueOf(cursor),
                Integer.toString(page), Integer.toString(limit));
    }
}
