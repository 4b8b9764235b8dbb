package com.kaa.reports.definition.definitions;

import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.problems.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a report list. Only fixed fragments and allow-listed sort expressions reach the SQL text;
 * every user value (search text, tags, cursor) is a bound parameter, and search text is matched as
 * data: LIKE wildcards in it are escaped, so ".*(" or "%" match themselves.
 */
final class ReportListQuery {

    /** API sort field → SQL expression and the type its keyset cursor value is cast to. */
    private static final Map<String, String[]> SORTS = Map.of(
            "createdAt", new String[] {"created_at", "timestamptz"},
            "updatedAt", new String[] {"updated_at", "timestamptz"},
            "name", new String[] {"name", "text"},
            "status", new String[] {"status", "text"},
            "runCount", new String[] {"run_count", "bigint"},
            "lastRunAt", new String[] {"coalesce(last_run_at, '-infinity'::timestamptz)", "timestamptz"});

    static final List<String> SORT_FIELDS = List.copyOf(new java.util.TreeSet<>(SORTS.keySet()));

    private final StringBuilder where = new StringBuilder(
            " from report_definition where is_active and organization = :org and (visibility = 'organization' or owner = :user)");
    private final StringBuilder keyset = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Object> cursorParams = new LinkedHashMap<>();
    private final String sortExpression;
    private final String sortType;
    private final boolean descending;

    ReportListQuery(String organization, String user, String sortBy, String sortOrder) {
        String[] sort = SORTS.get(sortBy);
        if (sort == null) {
            throw ProblemException.invalidField("sortBy", "must be one of " + SORT_FIELDS);
        }
        if (!"asc".equals(sortOrder) && !"desc".equals(sortOrder)) {
            throw ProblemException.invalidField("sortOrder", "must be asc or desc");
        }
        this.sortExpression = sort[0];
        this.sortType = sort[1];
        this.descending = "desc".equals(sortOrder);
        params.put("org", organization);
        params.put("user", user);
    }

    ReportListQuery status(String status) {
        if (status != null) {
            where.append(" and status = :status");
            params.put("status", status);
        }
        return this;
    }

    ReportListQuery type(String type) {
        if (type != null) {
            where.append(" and dataset = :type");
            params.put("type", type);
        }
        return this;
    }

    /** all: every tag present; any: at least one. Each tag is its own containment test on the GIN index. */
    ReportListQuery tags(List<String> tags, boolean all) {
        if (tags.isEmpty()) {
            return this;
        }
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < tags.size(); i++) {
            tests.add("tags @> cast(cast(:tag" + i + " as text) as jsonb)");
            params.put("tag" + i, "[\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                    .quoteAsString(tags.get(i))) + "\"]");
        }
        where.append(" and (").append(String.join(all ? " and " : " or ", tests)).append(')');
        return this;
    }

    ReportListQuery search(String text) {
        if (text != null && !text.isBlank()) {
            where.append(" and (name ilike :search escape '\\' or description ilike :search escape '\\')");
            params.put("search", "%" + escapeLike(text.trim()) + "%");
        }
        return this;
    }

    /**
     * Keyset: rows strictly after the cursor's (sort value, id) in the list's order; the total ignores it. The value
     * is bound as text and cast by Postgres: bound bare, the driver takes the cast's type for the parameter's and
     * refuses a String for a timestamptz or bigint (every next page was a 500). It is checked first, so a forged
     * cursor is a 400 on the cursor, not a cast error.
     */
    ReportListQuery after(Cursor cursor) {
        if (cursor != null) {
            checkCursorValue(cursor.value());
            keyset.append(" and (").append(sortExpression).append(", id) ").append(descending ? "<" : ">")
                    .append(" (cast(cast(:cursorValue as text) as ").append(sortType).append("), cast(cast(:cursorId as text) as uuid))");
            cursorParams.put("cursorValue", cursor.value());
            cursorParams.put("cursorId", cursor.id());
        }
        return this;
    }

    private void checkCursorValue(String value) {
        try {
            switch (sortType) {
                case "timestamptz" -> {
                    if (!"-infinity".equals(value)) {
                        java.time.OffsetDateTime.parse(value);
                    }
                }
                case "bigint" -> Long.parseLong(value);
                default -> {
                    if (value.indexOf('\0') >= 0) {
                        throw new IllegalArgumentException("NUL");
                    }
                }
            }
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor returned by this list (in this sort order)");
        }
    }

    String countSql() {
        return "select count(*)" + where;
    }

    /** limit and offset are validated integers, not user text. */
    String selectSql(String columns, int limit, int offset) {
        String direction = descending ? " desc" : " asc";
        return "select " + columns + where + keyset + " order by " + sortExpression + direction + ", id" + direction
                + " limit " + limit + " offset " + offset;
    }

    /** Parameters of the select: the filters' and the cursor's. */
    Map<String, Object> params() {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.putAll(cursorParams);
        return all;
    }

    /** Parameters of the count: the filters' only. */
    Map<String, Object> filterParams() {
        return params;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
