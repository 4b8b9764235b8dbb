package com.kaa.reports.platform.queryspec;

import com.kaa.reports.platform.input.InputBounds;
import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.problems.Problem.FieldError;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link QuerySpec} against a dataset's declaration: every identifier must be a catalog column
 * with the right capability, every operator and function must suit the column's type, every value must
 * have that type. Returns one error per problem, each naming its field (e.g. {@code querySpec.filters[0].op}).
 */
public final class QuerySpecValidator {

    public static final int MAX_ROWS = 1_000_000;
    public static final int MAX_IN_VALUES = 1_000;
    public static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "between", "contains", "is_null");
    public static final Set<String> FUNCTIONS = Set.of("count", "count_distinct", "sum", "avg", "min", "max", "median", "share");
    private static final Set<String> ORDERING = Set.of("gt", "gte", "lt", "lte", "between");
    private static final Pattern OUTPUT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private QuerySpecValidator() {
    }

    public static List<FieldError> validate(QuerySpec spec, DatasetDeclaration dataset, String prefix) {
        return validate(spec, dataset, prefix, List.of());
    }

    /** ... with the report's parameters, which its filters may name ({@link ReportParameters#validate} checks them). */
    public static List<FieldError> validate(QuerySpec spec, DatasetDeclaration dataset, String prefix, List<ReportParameter> parameters) {
        List<FieldError> errors = new ArrayList<>();
        Checker check = new Checker(dataset, prefix, errors, ReportParameters.byName(parameters));
        if (spec.columns().isEmpty() && spec.aggregations().isEmpty()) {
            errors.add(new FieldError(prefix + ".columns", "select at least one column or aggregation"));
        }
        Set<String> outputs = new HashSet<>();
        for (int i = 0; i < spec.columns().size(); i++) {
            String field = prefix + ".columns[" + i + "]";
            check.column(field, spec.columns().get(i)).ifPresent(c -> {
                if (!outputs.add(c.name())) {
                    errors.add(new FieldError(field, "column " + c.name() + " is selected twice"));
                }
            });
        }
        for (int i = 0; i < spec.groupBy().size(); i++) {
            String field = prefix + ".groupBy[" + i + "]";
            check.column(field, spec.groupBy().get(i)).ifPresent(c -> {
                if (!c.groupable()) {
                    errors.add(new FieldError(field, "column " + c.name() + " cannot be grouped by"));
                }
                outputs.add(c.name());
            });
        }
        boolean aggregating = !spec.aggregations().isEmpty() || !spec.groupBy().isEmpty();
        if (aggregating) {
            for (int i = 0; i < spec.columns().size(); i++) {
                if (!spec.groupBy().contains(spec.columns().get(i))) {
                    errors.add(new FieldError(prefix + ".columns[" + i + "]",
                            "when aggregating, a plain column must also be in groupBy"));
                }
            }
        }
        for (int i = 0; i < spec.aggregations().size(); i++) {
            check.aggregation(prefix + ".aggregations[" + i + "]", spec.aggregations().get(i), outputs, spec.groupBy());
        }
        for (int i = 0; i < spec.filters().size(); i++) {
            check.filter(prefix + ".filters[" + i + "]", spec.filters().get(i));
        }
        for (int i = 0; i < spec.sort().size(); i++) {
            QuerySpec.Sort sort = spec.sort().get(i);
            String field = prefix + ".sort[" + i + "]";
            if (sort.column() == null || !outputs.contains(sort.column())) {
                errors.add(new FieldError(field + ".column", "sort by one of the output columns " + new java.util.TreeSet<>(outputs)));
            }
            if (sort.direction() != null && !Set.of("asc", "desc").contains(sort.direction().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field + ".direction", "must be asc or desc"));
            }
        }
        if (spec.limit() != null && (spec.limit() < 1 || spec.limit() > MAX_ROWS)) {
            errors.add(new FieldError(prefix + ".limit", "must be between 1 and " + MAX_ROWS));
        }
        if (spec.parameters() != null) {
            check.parameters(prefix + ".parameters", spec.parameters());
        }
        return errors;
    }

    /**
     * The output columns of a valid spec with their types, by output name: plain columns as the catalog types them,
     * aggregations as the compiler computes them (counts are integers, averages and medians decimals).
     */
    public static java.util.Map<String, ColumnType> outputs(QuerySpec spec, DatasetDeclaration dataset) {
        java.util.Map<String, ColumnType> outputs = new java.util.LinkedHashMap<>();
        java.util.stream.Stream.concat(spec.columns().stream(), spec.groupBy().stream())
                .forEach(name -> dataset.column(name).ifPresent(c -> outputs.putIfAbsent(name, c.type())));
        for (QuerySpec.Aggregation a : spec.aggregations()) {
            ColumnType source = "*".equals(a.column()) ? null : dataset.column(a.column()).map(DatasetDeclaration.Column::type).orElse(null);
            ColumnType type = a.fn() == null ? null : aggregateType(a.fn(), source);
            if (type != null) {
                outputs.put(a.outputName(), type);
            }
        }
        return outputs;
    }

    /** The type of an aggregation's values: counts are integers, shares decimals, averages and medians keep money. */
    public static ColumnType aggregateType(String fn, ColumnType source) {
        return switch (fn) {
            case "count", "count_distinct" -> ColumnType.INTEGER;
            case "share" -> ColumnType.DECIMAL;
            case "avg", "median" -> source == ColumnType.MONEY ? ColumnType.MONEY : ColumnType.DECIMAL;
            default -> source;
        };
    }

    private record Checker(DatasetDeclaration dataset, String prefix, List<FieldError> errors,
                           java.util.Map<String, ReportParameter> parameters) {

        Optional<DatasetDeclaration.Column> column(String field, String name) {
            Optional<DatasetDeclaration.Column> column = name == null ? Optional.empty() : dataset.column(name);
            if (column.isEmpty()) {
                errors.add(new FieldError(field, "dataset " + dataset.name() + " has no column "
                        + (name == null ? "(missing)" : "'" + abbreviate(name) + "'")));
            }
            return column;
        }

        void aggregation(String field, QuerySpec.Aggregation aggregation, Set<String> outputs, List<String> groupBy) {
            String fn = aggregation.fn();
            if (fn == null || !FUNCTIONS.contains(fn)) {
                errors.add(new FieldError(field + ".fn", "must be one of " + new java.util.TreeSet<>(FUNCTIONS)));
                return;
            }
            if (fn.equals("share")) {
                if (!"*".equals(aggregation.column())) {
                    errors.add(new FieldError(field + ".column", "share counts rows: its column must be *"));
                }
                if (groupBy.isEmpty()) {
                    errors.add(new FieldError(field + ".fn", "share needs groupBy: it is a group's share of its parent group"));
                }
            } else if ("*".equals(aggregation.column())) {
                if (!fn.equals("count")) {
                    errors.add(new FieldError(field + ".column", "* is only allowed with count"));
                }
            } else {
                column(field + ".column", aggregation.column()).ifPresent(c -> {
                    if (!fn.equals("count") && !fn.equals("count_distinct") && !c.aggregatable()) {
                        errors.add(new FieldError(field + ".column", "column " + c.name() + " cannot be aggregated"));
                    } else if (Set.of("sum", "avg", "median").contains(fn) && !c.type().numeric()) {
                        errors.add(new FieldError(field + ".fn", fn + " needs a numeric column, " + c.name() + " is " + c.type().json()));
                    } else if (Set.of("min", "max").contains(fn) && !c.type().numeric() && !c.type().temporal()) {
                        errors.add(new FieldError(field + ".fn", fn + " needs a numeric or date column, " + c.name() + " is " + c.type().json()));
                    }
                });
            }
            String name = aggregation.outputName();
            if (!OUTPUT_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field + ".as", "must match " + OUTPUT_NAME.pattern()));
            } else if (!outputs.add(name)) {
                errors.add(new FieldError(field + ".as", "output name " + name + " is used twice"));
            }
        }

        void filter(String field, QuerySpec.Filter filter) {
            Optional<DatasetDeclaration.Column> found = column(field + ".column", filter.column());
            if (filter.op() == null || !OPERATORS.contains(filter.op())) {
                errors.add(new FieldError(field + ".op", "must be one of " + new java.util.TreeSet<>(OPERATORS)));
                return;
            }
            if (found.isEmpty()) {
                return;
            }
            DatasetDeclaration.Column column = found.get();
            if (!column.filterable()) {
                errors.add(new FieldError(field + ".column", "column " + column.name() + " cannot be filtered on"));
                return;
            }
            String op = filter.op();
            JsonNode value = filter.value();
            if (filter.parameter() != null) {
                parameterFilter(field, column, filter);
                return;
            }
            if (ORDERING.contains(op) && !column.type().numeric() && !column.type().temporal()) {
                errors.add(new FieldError(field + ".op", op + " needs a numeric or date column, " + column.name() + " is " + column.type().json()));
                return;
            }
            switch (op) {
                case "is_null" -> {
                    if (value != null && !value.isNull() && !value.isBoolean()) {
                        errors.add(new FieldError(field + ".value", "is_null takes true, false or no value"));
                    }
                }
                case "contains" -> {
                    if (column.type() != ColumnType.STRING) {
                        errors.add(new FieldError(field + ".op", "contains needs a string column, " + column.name() + " is " + column.type().json()));
                    } else if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > 200
                            || InputBounds.hasNul(value.asText())) {
                        errors.add(new FieldError(field + ".value", "contains takes a text of 1 to 200 characters without NUL"));
                    }
                }
                case "in" -> {
                    if (value == null || !value.isArray() || value.isEmpty() || value.size() > MAX_IN_VALUES) {
                        errors.add(new FieldError(field + ".value", "in takes an array of 1 to " + MAX_IN_VALUES + " values"));
                    } else {
                        for (int i = 0; i < value.size(); i++) {
                            scalar(field + ".value[" + i + "]", column, value.get(i));
                        }
                    }
                }
                case "between" -> {
                    if (value == null || !value.isArray() || value.size() != 2) {
                        errors.add(new FieldError(field + ".value", "between takes an array [from, to]"));
                    } else {
                        scalar(field + ".value[0]", column, value.get(0));
                        scalar(field + ".value[1]", column, value.get(1));
                    }
                }
                default -> scalar(field + ".value", column, value);
            }
        }

        void parameterFilter(String field, DatasetDeclaration.Column column, QuerySpec.Filter filter) {
            if (filter.value() != null && !filter.value().isNull()) {
                errors.add(new FieldError(field + ".value", "give a value or a parameter, not both"));
            }
            ReportParameter parameter = parameters.get(filter.parameter());
            if (parameter == null) {
                errors.add(new FieldError(field + ".parameter", "the report declares no parameter '" + abbreviate(filter.parameter())
                        + "'" + (parameters.isEmpty() ? "" : "; it declares " + parameters.keySet())));
                return;
            }
            String misfit = ReportParameters.fit(parameter, column, filter.op());
            if (misfit != null) {
                errors.add(new FieldError(field + ".parameter", misfit));
            }
        }

        void scalar(String field, DatasetDeclaration.Column column, JsonNode value) {
            if (value == null || value.isNull() || value.isContainerNode()) {
                errors.add(new FieldError(field, "needs a " + column.type().json() + " value"));
                return;
            }
            boolean ok = switch (column.type()) {
                case STRING -> value.isTextual() && value.asText().length() <= 1000 && !InputBounds.hasNul(value.asText());
                case BOOLEAN -> value.isBoolean();
                // within a bigint: a larger number would fail the run in Postgres instead of here
                case INTEGER -> (value.canConvertToExactIntegral() || value.isIntegralNumber()) && value.canConvertToLong();
                case DECIMAL, MONEY -> value.isNumber() || (value.isTextual() && decimal(value.asText()));
                case DATE -> value.isTextual() && date(value.asText());
                case TIMESTAMP -> value.isTextual() && (timestamp(value.asText()) || date(value.asText()));
            };
            if (!ok) {
                // what the column's database type holds: no NUL in text, years 0001-9999 (a stored report whose
                // filter Postgres refuses would fail on every run)
                errors.add(new FieldError(field, "needs a " + column.type().json() + " value"
                        + (column.type().temporal() ? " (ISO-8601, years 0001-9999)" : "")
                        + (column.type() == ColumnType.STRING ? " without NUL characters" : "") + " for column " + column.name()));
            }
        }

        void parameters(String field, QuerySpec.Parameters parameters) {
            if (parameters.dateRange() == null && parameters.dateColumn() == null) {
                return;
            }
            if (parameters.dateRange() == null || RelativeDateRange.parse(parameters.dateRange()).isEmpty()) {
                errors.add(new FieldError(field + ".dateRange", "must be one of "
                        + java.util.Arrays.stream(RelativeDateRange.values()).map(RelativeDateRange::key).toList()));
            }
            column(field + ".dateColumn", parameters.dateColumn()).ifPresent(c -> {
                if (!c.type().temporal()) {
                    errors.add(new FieldError(field + ".dateColumn", "column " + c.name() + " is not a date"));
                }
            });
        }
    }

    private static boolean decimal(String text) {
        try {
            new BigDecimal(text);
            return text.length() <= 40;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean date(String text) {
        try {
            return InputBounds.inYears(LocalDate.parse(text));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean timestamp(String text) {
        try {
            return InputBounds.inYears(OffsetDateTime.parse(text));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** User text echoed in an error stays short. */
    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
