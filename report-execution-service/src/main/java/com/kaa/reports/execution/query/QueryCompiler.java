package com.kaa.reports.execution.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.execution.datasets.CatalogColumn;
import com.kaa.reports.execution.datasets.Dataset;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.queryspec.ColumnType;
import com.kaa.reports.platform.queryspec.ParameterValue;
import com.kaa.reports.platform.queryspec.QuerySpec;
import com.kaa.reports.platform.queryspec.ReportParameter;
import com.kaa.reports.platform.queryspec.ReportParameters;
import com.kaa.reports.platform.queryspec.QuerySpecValidator;
import com.kaa.reports.platform.queryspec.RelativeDateRange;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a {@link QuerySpec} into one parameterized statement over a dataset. The spec is validated
 * against the catalog first; then the SQL text is assembled only from catalog expressions, fixed keywords
 * and positional aliases (c0, c1, ...): column names, output names and values a user wrote never
 * reach it. The organization filter is always the first condition.
 */
public final class QueryCompiler {

    private QueryCompiler() {
    }

    /**
     * @param zone where relative date ranges, local days and hours are computed
     * @param now  the run's reference time (a schedule's slot, or the request time)
     * @param cap  rows at most, whatever the spec's limit (null: the spec decides)
     */
    public static CompiledQuery compile(Dataset dataset, QuerySpec spec, String organization, ZoneId zone,
                                        ZonedDateTime now, Integer cap) {
        return compile(dataset, spec, List.of(), organization, zone, now, cap);
    }

    /**
     * ... binding the report's parameters: a filter naming one takes its value (a date range becomes its interval),
     * and a filter whose optional parameter has no value is left out. Values are checked again here, against the
     * declaration and the column: an event may come from anywhere.
     */
    public static CompiledQuery compile(Dataset dataset, QuerySpec spec, List<ParameterValue> parameters, String organization,
                                        ZoneId zone, ZonedDateTime now, Integer cap) {
        List<ReportParameter> declared = parameters.stream().map(ParameterValue::declaration).toList();
        List<Problem.FieldError> errors = new ArrayList<>(QuerySpecValidator.validate(spec, dataset.declaration(), "querySpec", declared));
        if (!errors.isEmpty()) {
            throw new InvalidQueryException(errors);
        }
        Bound bound = bind(spec, parameters, dataset, zone, now);
        spec = bound.spec();
        Parameters params = new Parameters();
        String org = params.bind(organization, "text");
        String zoneParam = params.bind(zone.getId(), "text");
        Map<String, CatalogColumn> catalog = dataset.columnsByName();
        Expressions expr = name -> catalog.get(name).sql().replace("{zone}", zoneParam);

        boolean aggregating = !spec.groupBy().isEmpty() || !spec.aggregations().isEmpty();
        List<String> select = new ArrayList<>();
        List<CompiledQuery.OutputColumn> outputs = new ArrayList<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>(spec.columns());
        spec.groupBy().stream().filter(g -> !plain.contains(g)).forEach(plain::add);
        for (String name : plain) {
            CatalogColumn column = catalog.get(name);
            String alias = "c" + select.size();
            select.add(expr.of(name) + " as " + alias);
            aliases.put(name, alias);
            outputs.add(new CompiledQuery.OutputColumn(name, column.label(), column.type(),
                    !aggregating && column.type() == ColumnType.MONEY, false));
        }
        for (QuerySpec.Aggregation aggregation : spec.aggregations()) {
            String alias = "c" + select.size();
            select.add(aggregate(aggregation, catalog, expr, spec.groupBy()) + " as " + alias);
            aliases.put(aggregation.outputName(), alias);
            outputs.add(new CompiledQuery.OutputColumn(aggregation.outputName(),
                    label(aggregation, catalog), type(aggregation, catalog),
                    Set.of("count", "sum").contains(aggregation.fn()), true));
        }

        List<String> where = new ArrayList<>(List.of("t.organization = " + org, "not t.deleted"));
        for (QuerySpec.Filter filter : spec.filters()) {
            where.add(condition(filter, catalog.get(filter.column()), expr.of(filter.column()), params, zone));
        }
        for (Bound.Range range : bound.ranges()) {
            CatalogColumn column = catalog.get(range.column());
            where.add(range(column, expr.of(column.name()), range.interval(), params));
        }
        if (spec.parameters() != null && spec.parameters().dateRange() != null) {
            CatalogColumn column = catalog.get(spec.parameters().dateColumn());
            RelativeDateRange.Interval interval = RelativeDateRange.parse(spec.parameters().dateRange()).orElseThrow()
                    .resolve(now, zone);
            where.add(range(column, expr.of(column.name()), interval, params));
        }

        StringBuilder sql = new StringBuilder("select ").append(String.join(", ", select))
                .append(" from ").append(dataset.table()).append(" t where ").append(String.join(" and ", where));
        if (!spec.groupBy().isEmpty()) {
            sql.append(" group by ").append(ordinals(plain.size()));
        }
        List<String> order = spec.sort().stream().map(s -> aliases.get(s.column()) + ("desc".equalsIgnoreCase(s.direction())
                ? " desc nulls last" : " asc nulls last")).collect(Collectors.toCollection(ArrayList::new));
        if (order.isEmpty() && aggregating && !plain.isEmpty()) {
            order.add(ordinals(plain.size()));
        }
        if (!order.isEmpty()) {
            sql.append(" order by ").append(String.join(", ", order));
        }
        Integer limit = spec.limit();
        if (cap != null) {
            limit = limit == null ? cap : Integer.valueOf(Math.min(cap, limit));
        }
        if (limit != null) {
            sql.append(" limit ").append(params.bind(Integer.toString(limit), "int"));
        }
        return new CompiledQuery(sql.toString(), params.values(), outputs);
    }

    /** A spec whose parameter filters carry their values, and the date ranges parameters asked for. */
    private record Bound(QuerySpec spec, List<Range> ranges) {
        record Range(String column, RelativeDateRange.Interval interval) {
        }
    }

    private static Bound bind(QuerySpec spec, List<ParameterValue> parameters, Dataset dataset, ZoneId zone, ZonedDateTime now) {
        ReportParameters.Bound bound = ReportParameters.bind(spec, parameters, dataset.declaration());
        if (!bound.errors().isEmpty()) {
            throw new InvalidQueryException(bound.errors());
        }
        List<Bound.Range> ranges = bound.ranges().stream()
                .map(f -> new Bound.Range(f.column(), interval(f.value(), zone, now))).toList();
        return new Bound(bound.spec(), ranges);
    }

    /**
     * Which of {@code values} no row of the organization has in {@code column}: an enum parameter whose values come
     * from a dataset column allows only those it has (checked when the report runs: the data decides).
     */
    public static CompiledQuery absentValues(Dataset dataset, String column, String organization, ZoneId zone, List<String> values) {
        Parameters params = new Parameters();
        String org = params.bind(organization, "text");
        String zoneParam = params.bind(zone.getId(), "text");
        String expr = dataset.columnsByName().get(column).sql().replace("{zone}", zoneParam);
        String wanted = params.bindArray(values.toArray(String[]::new), "text");
        String sql = "select v as c0 from unnest(" + wanted + ") v where not exists (select 1 from " + dataset.table()
                + " t where t.organization = " + org + " and not t.deleted and " + expr + " = v)";
        return new CompiledQuery(sql, params.values(), List.of(new CompiledQuery.OutputColumn("value", "Value", ColumnType.STRING, false, false)));
    }

    /** A dateRange value: a relative range resolved at the run's reference time, or whole days from..to (both included). */
    public static RelativeDateRange.Interval interval(JsonNode value, ZoneId zone, ZonedDateTime now) {
        if (value.isTextual()) {
            return RelativeDateRange.parse(value.asText()).orElseThrow().resolve(now, zone);
        }
        return new RelativeDateRange.Interval(LocalDate.parse(value.get("from").asText()).atStartOfDay(zone),
                LocalDate.parse(value.get("to").asText()).plusDays(1).atStartOfDay(zone));
    }

    @FunctionalInterface
    private interface Expressions {
        String of(String column);
    }

    /** "1, 2, ..., count": the plain (grouped) columns come first in the select list. */
    private static String ordinals(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private static String aggregate(QuerySpec.Aggregation aggregation, Map<String, CatalogColumn> catalog,
                                    Expressions expr, List<String> groupBy) {
        if ("share".equals(aggregation.fn())) {
            String parent = groupBy.subList(0, groupBy.size() - 1).stream().map(expr::of).collect(Collectors.joining(", "));
            return "round(count(*)::numeric / sum(count(*)) over (" + (parent.isEmpty() ? "" : "partition by " + parent) + "), 4)";
        }
        if ("*".equals(aggregation.column())) {
            return "count(*)";
        }
        CatalogColumn column = catalog.get(aggregation.column());
        String x = expr.of(column.name());
        int scale = column.type() == ColumnType.MONEY ? 2 : 4;
        return switch (aggregation.fn()) {
            case "count" -> "count(" + x + ")";
            case "count_distinct" -> "count(distinct " + x + ")";
            case "sum" -> "sum(" + x + ")";
            case "avg" -> "round(avg(" + x + ")::numeric, " + scale + ")";
            case "min" -> "min(" + x + ")";
            case "max" -> "max(" + x + ")";
            // exact: the mean of the lower and upper middle values, never a floating-point interpolation
            case "median" -> "round((percentile_disc(0.5) within group (order by " + x + ")::numeric"
                    + " + percentile_disc(0.5) within group (order by " + x + " desc)::numeric) / 2, " + scale + ")";
            default -> throw new IllegalStateException("validated function " + aggregation.fn());
        };
    }

    private static ColumnType type(QuerySpec.Aggregation aggregation, Map<String, CatalogColumn> catalog) {
        CatalogColumn source = "*".equals(aggregation.column()) ? null : catalog.get(aggregation.column());
        return QuerySpecValidator.aggregateType(aggregation.fn(), source == null ? null : source.type());
    }

    private static String label(QuerySpec.Aggregation aggregation, Map<String, CatalogColumn> catalog) {
        if (aggregation.as() != null && !aggregation.as().isBlank()) {
            return aggregation.as();
        }
        String of = "*".equals(aggregation.column()) ? "rows" : catalog.get(aggregation.column()).label();
        return aggregation.fn().replace('_', ' ') + " of " + of;
    }

    private static String condition(QuerySpec.Filter filter, CatalogColumn column, String x, Parameters params, ZoneId zone) {
        String type = sqlType(column.type());
        JsonNode value = filter.value();
        return switch (filter.op()) {
            case "eq" -> x + " = " + params.bind(text(column, value, zone), type);
            case "ne" -> x + " <> " + params.bind(text(column, value, zone), type);
            case "gt" -> x + " > " + params.bind(text(column, value, zone), type);
            case "gte" -> x + " >= " + params.bind(text(column, value, zone), type);
            case "lt" -> x + " < " + params.bind(text(column, value, zone), type);
            case "lte" -> x + " <= " + params.bind(text(column, value, zone), type);
            case "between" -> x + " between " + params.bind(text(column, value.get(0), zone), type)
                    + " and " + params.bind(text(column, value.get(1), zone), type);
            case "in" -> {
                String[] values = new String[value.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = text(column, value.get(i), zone);
                }
                yield x + " = any(" + params.bindArray(values, type) + ")";
            }
            // a substring test, not a pattern: % and _ in the user's text are just characters
            case "contains" -> "strpos(lower(" + x + "), lower(" + params.bind(value.asText(), "text") + ")) > 0";
            case "is_null" -> x + (value != null && value.isBoolean() && !value.asBoolean() ? " is not null" : " is null");
            default -> throw new IllegalStateException("validated operator " + filter.op());
        };
    }

    private static String range(CatalogColumn column, String x, RelativeDateRange.Interval interval, Parameters params) {
        if (column.type() == ColumnType.DATE) {
            return x + " >= " + params.bind(interval.start().toLocalDate().toString(), "date")
                    + " and " + x + " < " + params.bind(interval.end().toLocalDate().toString(), "date");
        }
        return x + " >= " + params.bind(interval.start().toOffsetDateTime().toString(), "timestamptz")
                + " and " + x + " < " + params.bind(interval.end().toOffsetDateTime().toString(), "timestamptz");
    }

    /** A validated JSON scalar as the text Postgres casts to the column's type. */
    private static String text(CatalogColumn column, JsonNode value, ZoneId zone) {
        return switch (column.type()) {
            case DECIMAL, MONEY -> value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
            case INTEGER -> value.isNumber() ? value.bigIntegerValue().toString() : value.asText();
            // a bare date on a timestamp column means that day's start where the report runs
            case TIMESTAMP -> value.asText().length() == 10
                    ? LocalDate.parse(value.asText()).atStartOfDay(zone).toOffsetDateTime().toString()
                    : OffsetDateTime.parse(value.asText()).toString();
            default -> value.asText();
        };
    }

    static String sqlType(ColumnType type) {
        return switch (type) {
            case STRING -> "text";
            case INTEGER -> "bigint";
            case DECIMAL, MONEY -> "numeric";
            case DATE -> "date";
            case TIMESTAMP -> "timestamptz";
            case BOOLEAN -> "boolean";
        };
    }
}
