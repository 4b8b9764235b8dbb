package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.input.InputBounds;
import com.kaa.reports.platform.problems.Problem.FieldError;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of {@link ReportParameter}s: which declarations are valid for a query spec over a dataset, which
 * values fit a declaration, and which value each parameter takes for a run. Errors name the field
 * ({@code parameters[0].default}, {@code parameters.county}) so a client can point at it.
 */
public final class ReportParameters {

    public static final int MAX_PARAMETERS = 20;
    public static final int MAX_VALUES = QuerySpecValidator.MAX_IN_VALUES;
    /** A text value's length: what a contains filter takes, so a value fits every filter it may reach. */
    public static final int MAX_TEXT = 200;
    /** All of a run's values, as JSON: they travel in one Kafka record with the rest of the request. */
    public static final int MAX_JSON = 16_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> SCALAR_OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte");

    private ReportParameters() {
    }

    /** The declarations by name (the valid ones; a duplicate keeps the first). */
    public static Map<String, ReportParameter> byName(List<ReportParameter> parameters) {
        Map<String, ReportParameter> map = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.stream().filter(p -> p != null && p.name() != null).forEach(p -> map.putIfAbsent(p.name(), p));
        }
        return map;
    }

    /** Checks declarations against the dataset and the spec's filters: each must be valid and used by a filter. */
    public static List<FieldError> validate(List<ReportParameter> parameters, QuerySpec spec, DatasetDeclaration dataset,
                                            String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (parameters == null || parameters.isEmpty()) {
            return errors;
        }
        if (parameters.size() > MAX_PARAMETERS) {
            errors.add(new FieldError(prefix, "at most " + MAX_PARAMETERS + " parameters"));
            return errors;
        }
        Set<String> names = new HashSet<>();
        Set<String> used = new HashSet<>();
        spec.filters().forEach(f -> used.add(f.parameter()));
        for (int i = 0; i < parameters.size(); i++) {
            String field = prefix + "[" + i + "]";
            ReportParameter p = parameters.get(i);
            if (p == null) {
                errors.add(new FieldError(field, "must be a parameter declaration"));
                continue;
            }
            if (p.name() == null || !NAME.matcher(p.name()).matches()) {
                errors.add(new FieldError(field + ".name", "must match " + NAME.pattern()));
            } else if (!names.add(p.name())) {
                errors.add(new FieldError(field + ".name", "parameter " + p.name() + " is declared twice"));
            } else if (!used.contains(p.name())) {
                errors.add(new FieldError(field + ".name", "no filter uses parameter " + p.name()
                        + "; reference it from querySpec.filters[].parameter"));
            }
            if (p.label() != null && (p.label().length() > 200 || InputBounds.hasNul(p.label()))) {
                errors.add(new FieldError(field + ".label", "must be at most 200 characters without NUL"));
            }
            if (ReportParameter.Type.of(p.type()).isEmpty()) {
                errors.add(new FieldError(field + ".type", "must be one of " + Arrays.stream(ReportParameter.Type.values())
                        .map(ReportParameter.Type::json).toList()));
                continue;
            }
            ReportParameter.Type type = p.kind();
            if (p.many() && !Set.of(ReportParameter.Type.STRING, ReportParameter.Type.NUMBER, ReportParameter.Type.ENUM).contains(type)) {
                errors.add(new FieldError(field + ".multiple", "only string, number and enum parameters take several values"));
            }
            if (type == ReportParameter.Type.ENUM) {
                enumSource(p, dataset, field, errors);
            } else if (p.allowedValues() != null || p.valuesFrom() != null) {
                errors.add(new FieldError(field + (p.allowedValues() != null ? ".allowedValues" : ".valuesFrom"),
                        "only an enum parameter has allowed values"));
            }
            if (p.defaultValue() != null && !p.defaultValue().isNull()) {
                value(p, p.defaultValue(), field + ".default", errors);
            }
        }
        return errors;
    }

    private static void enumSource(ReportParameter p, DatasetDeclaration dataset, String field, List<FieldError> errors) {
        if ((p.allowedValues() == null) == (p.valuesFrom() == null)) {
            errors.add(new FieldError(field + ".allowedValues", "an enum takes either allowedValues or valuesFrom"));
        } else if (p.allowedValues() != null) {
            if (p.allowedValues().isEmpty() || p.allowedValues().size() > MAX_VALUES) {
                errors.add(new FieldError(field + ".allowedValues", "takes 1 to " + MAX_VALUES + " values"));
            }
            for (int j = 0; j < p.allowedValues().size(); j++) {
                String v = p.allowedValues().get(j);
                if (v == null || v.isEmpty() || v.length() > MAX_TEXT || InputBounds.hasNul(v)) {
                    errors.add(new FieldError(field + ".allowedValues[" + j + "]", "must be a text of 1 to " + MAX_TEXT
                            + " characters without NUL"));
                }
            }
        } else {
            DatasetDeclaration.Column column = dataset.column(p.valuesFrom()).orElse(null);
            if (column == null) {
                errors.add(new FieldError(field + ".valuesFrom", "dataset " + dataset.name() + " has no column " + p.valuesFrom()));
            } else if (column.type() != ColumnType.STRING || !column.filterable()) {
                errors.add(new FieldError(field + ".valuesFrom", "column " + column.name() + " is not a filterable string column"));
            }
        }
    }

    /** Whether a filter on {@code column} with {@code op} can take parameter {@code p}; null when it can, else why not. */
    public static String fit(ReportParameter p, DatasetDeclaration.Column column, String op) {
        if (ReportParameter.Type.of(p.type()).isEmpty()) {
            return null; // reported on the declaration itself
        }
        return switch (p.kind()) {
            case DATE_RANGE -> column.type().temporal() && "between".equals(op) ? null
                    : "a dateRange parameter filters a date or timestamp column with op between";
            // a day on a timestamp column is that day's start: equal to it means "at midnight exactly", never meant
            case DATE -> column.type() == ColumnType.DATE && SCALAR_OPS.contains(op) ? null
                    : column.type() == ColumnType.TIMESTAMP && Set.of("gt", "gte", "lt", "lte").contains(op) ? null
                    : "a date parameter filters a date column with one of " + new java.util.TreeSet<>(SCALAR_OPS)
                    + ", or a timestamp column with gt, gte, lt or lte (for one day, use a dateRange)";
            case NUMBER -> !column.type().numeric() ? "a number parameter filters a numeric column, " + column.name() + " is " + column.type().json()
                    : p.many() ? ("in".equals(op) ? null : "a parameter with several values filters with op in")
                    : SCALAR_OPS.contains(op) ? null : "a number parameter filters with one of " + new java.util.TreeSet<>(SCALAR_OPS);
            case STRING, ENUM -> column.type() != ColumnType.STRING ? "a " + p.type() + " parameter filters a string column, "
                    + column.name() + " is " + column.type().json()
                    : p.many() ? ("in".equals(op) ? null : "a parameter with several values filters with op in")
                    : Set.of("eq", "ne", "contains").contains(op) ? null : "a " + p.type() + " parameter filters with eq, ne or contains";
        };
    }

    /** Checks one value against a valid declaration. */
    public static void value(ReportParameter p, JsonNode value, String field, List<FieldError> errors) {
        if (p.many()) {
            if (!value.isArray() || value.isEmpty() || value.size() > MAX_VALUES) {
                errors.add(new FieldError(field, "takes an array of 1 to " + MAX_VALUES + " values"));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                scalar(p, value.get(i), field + "[" + i + "]", errors);
            }
            return;
        }
        scalar(p, value, field, errors);
    }

    private static void scalar(ReportParameter p, JsonNode value, String field, List<FieldError> errors) {
        String problem = switch (p.kind()) {
            case STRING -> value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= MAX_TEXT
                    && !InputBounds.hasNul(value.asText()) ? null : "needs a text of 1 to " + MAX_TEXT + " characters without NUL";
            case NUMBER -> value.isNumber() && decimal(value.decimalValue()) ? null : "needs a number";
            case DATE -> value.isTextual() && date(value.asText()) ? null : "needs a date yyyy-mm-dd (years 0001-9999)";
            case DATE_RANGE -> dateRange(value);
            case ENUM -> !value.isTextual() ? "needs one of the allowed values"
                    : p.allowedValues() != null && !p.allowedValues().contains(value.asText())
                    ? "'" + abbreviate(value.asText()) + "' is not one of " + abbreviate(p.allowedValues().toString())
                    : value.asText().isEmpty() || value.asText().length() > MAX_TEXT || InputBounds.hasNul(value.asText())
                    ? "needs a text of 1 to " + MAX_TEXT + " characters without NUL" : null;
        };
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static String dateRange(JsonNode value) {
        String expected = "needs a relative range (one of " + Arrays.stream(RelativeDateRange.values()).map(RelativeDateRange::key).toList()
                + ") or {\"from\": yyyy-mm-dd, \"to\": yyyy-mm-dd}";
        if (value.isTextual()) {
            return RelativeDateRange.parse(value.asText()).isPresent() ? null : expected;
        }
        if (!value.isObject() || value.size() != 2 || !value.path("from").isTextual() || !value.path("to").isTextual()
                || !date(value.get("from").asText()) || !date(value.get("to").asText())) {
            return expected;
        }
        return LocalDate.parse(value.get("from").asText()).isAfter(LocalDate.parse(value.get("to").asText()))
                ? "from is after to" : null;
    }

    /**
     * The value each declared parameter takes for a run: the run's, else the schedule's, else the default. A name
     * not declared, a value that does not fit, or a required parameter left without one is an error naming it.
     *
     * @param run      values of the run-now request (null: none), errors under {@code runField}
     * @param schedule values of the schedule (null: none), errors under {@code scheduleField}
     */
    public static Resolution resolve(List<ReportParameter> declared, Map<String, JsonNode> run, String runField,
                                     Map<String, JsonNode> schedule, String scheduleField) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, ReportParameter> byName = byName(declared);
        unknown(byName, run, runField, errors);
        unknown(byName, schedule, scheduleField, errors);
        size(run, runField, errors);
        size(schedule, scheduleField, errors);
        List<ParameterValue> values = new ArrayList<>();
        for (ReportParameter p : byName.values()) {
            JsonNode value = null;
            String source = "none";
            if (present(run, p.name())) {
                value = run.get(p.name());
                source = "run";
                value(p, value, runField + "." + p.name(), errors);
            } else if (present(schedule, p.name())) {
                value = schedule.get(p.name());
                source = "schedule";
                value(p, value, scheduleField + "." + p.name(), errors);
            } else if (p.defaultValue() != null && !p.defaultValue().isNull()) {
                value = p.defaultValue();
                source = "default";
            } else if (p.mandatory()) {
                errors.add(new FieldError((run != null || schedule == null ? runField : scheduleField) + "." + p.name(),
                        "parameter " + p.name() + " is required and has no default"));
            }
            values.add(new ParameterValue(p.name(), p.label(), p.type(), p.many() ? Boolean.TRUE : null, p.mandatory() ? Boolean.TRUE : null,
                    p.allowedValues(), p.valuesFrom(), value, source));
        }
        return new Resolution(values, errors);
    }

    public record Resolution(List<ParameterValue> values, List<FieldError> errors) {
    }

    private static void unknown(Map<String, ReportParameter> declared, Map<String, JsonNode> given, String field,
                                List<FieldError> errors) {
        if (given != null) {
            given.keySet().stream().filter(name -> !declared.containsKey(name)).sorted().forEach(name -> errors.add(new FieldError(
                    field + "." + abbreviate(name), declared.isEmpty() ? "the report declares no parameters"
                    : "the report has no parameter " + abbreviate(name) + "; it declares " + declared.keySet())));
        }
    }

    private static void size(Map<String, JsonNode> given, String field, List<FieldError> errors) {
        if (given != null) {
            int length = given.values().stream().mapToInt(v -> v == null ? 4 : v.toString().length()).sum();
            if (length > MAX_JSON) {
                errors.add(new FieldError(field, "the values take " + length + " characters of JSON, at most " + MAX_JSON));
            }
        }
    }

    /**
     * The spec with each parameter filter carrying its bound value (a dateRange's filter and an optional parameter's
     * without a value are left out: the compiler turns the first into an interval), checked as a literal spec would
     * be, so a value that fits its declaration but not its column (2.5 for an integer column) is refused by name. The
     * values are checked against their declarations first: they may come from an event.
     */
    public static Bound bind(QuerySpec spec, List<ParameterValue> values, DatasetDeclaration dataset) {
        Map<String, ParameterValue> byName = new LinkedHashMap<>();
        values.forEach(p -> byName.putIfAbsent(p.name(), p));
        List<FieldError> invalid = new ArrayList<>();
        for (ParameterValue p : byName.values()) {
            if (p.value() == null || p.value().isNull()) {
                if (Boolean.TRUE.equals(p.required())) {
                    invalid.add(new FieldError("parameters." + p.name(), "parameter " + p.name() + " is required and has no value"));
                }
            } else {
                value(p.declaration(), p.value(), "parameters." + p.name(), invalid);
            }
        }
        if (!invalid.isEmpty()) {
            return new Bound(spec, List.of(), invalid);
        }
        List<QuerySpec.Filter> filters = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        List<QuerySpec.Filter> ranges = new ArrayList<>();
        for (int i = 0; i < spec.filters().size(); i++) {
            QuerySpec.Filter f = spec.filters().get(i);
            if (f.parameter() == null) {
                filters.add(f);
                origin.add(null);
                continue;
            }
            ParameterValue p = byName.get(f.parameter());
            if (p == null || p.value() == null || p.value().isNull()) {
                continue; // optional and not given: no condition (an undeclared one was refused with the spec)
            }
            if ("dateRange".equals(p.type())) {
                ranges.add(new QuerySpec.Filter(f.column(), f.op(), p.value()));
                continue;
            }
            origin.add(i);
            filters.add(new QuerySpec.Filter(f.column(), f.op(), p.value()));
        }
        QuerySpec literal = new QuerySpec(spec.columns(), filters, spec.groupBy(), spec.aggregations(), spec.sort(), spec.limit(),
                spec.parameters());
        List<FieldError> errors = new ArrayList<>();
        for (FieldError e : QuerySpecValidator.validate(literal, dataset, "querySpec")) {
            java.util.regex.Matcher m = FILTER_FIELD.matcher(e.field());
            Integer index = m.matches() ? origin.get(Integer.parseInt(m.group(1))) : null;
            errors.add(index == null ? e : new FieldError("parameters." + spec.filters().get(index).parameter(), e.message()));
        }
        return new Bound(literal, ranges, errors);
    }

    private static final Pattern FILTER_FIELD = Pattern.compile("querySpec\\.filters\\[(\\d+)](.*)");

    /** A literal spec, the dateRange filters (their value the range), and what did not fit. */
    public record Bound(QuerySpec spec, List<QuerySpec.Filter> ranges, List<FieldError> errors) {
    }

    private static boolean present(Map<String, JsonNode> values, String name) {
        return values != null && values.get(name) != null && !values.get(name).isNull();
    }

    private static boolean decimal(BigDecimal value) {
        return value.precision() <= 40 && Math.abs(value.scale()) <= 20;
    }

    private static boolean date(String text) {
        try {
            // 9998 at most: a range's end is the day after its last, and Postgres has no year 10000
            return text.length() == 10 && InputBounds.inYears(LocalDate.parse(text)) && LocalDate.parse(text).getYear() <= 9998;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
