package com.kaa.reports.platform.queryspec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.kaa.reports.platform.problems.Problem.FieldError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A condition on a run's result (Superset's and Metabase's alerts): the number of rows, or an aggregate of one of the
 * result's columns, compared to a threshold. The schedule's recipients hear only when it holds; with
 * {@code onlyWhenChanged}, only when it starts to hold again after a run where it did not ("notify once until resolved").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AlertCondition", examples = """
        {"fn":"max","column":"failure_rate","op":"gt","threshold":0.05,"onlyWhenChanged":true}""")
public record AlertCondition(
        @Schema(description = "rows: the result's row count; count: the column's non-empty values; sum, avg, min, max: of "
                + "the column's values", enumeration = {"rows", "count", "sum", "avg", "min", "max"}) String fn,
        @Schema(description = "An output column of the report (a column or an aggregation's name); not for rows",
                examples = "failure_rate") String column,
        @Schema(enumeration = {"gt", "gte", "lt", "lte", "eq", "ne"}) String op,
        @Schema(description = "The number the measure is compared to", examples = "0.05") BigDecimal threshold,
        @Schema(description = "Notify when the condition starts to hold, not again while it keeps holding",
                defaultValue = "false") Boolean onlyWhenChanged) {

    public static final Set<String> FUNCTIONS = Set.of("rows", "count", "sum", "avg", "min", "max");
    public static final Set<String> OPERATORS = Set.of("gt", "gte", "lt", "lte", "eq", "ne");

    public boolean once() {
        return Boolean.TRUE.equals(onlyWhenChanged);
    }

    /** Checks the condition against the report's outputs (name → type); errors name the field under {@code prefix}. */
    public List<FieldError> validate(Map<String, ColumnType> outputs, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (fn == null || !FUNCTIONS.contains(fn)) {
            errors.add(new FieldError(prefix + ".fn", "must be one of " + new java.util.TreeSet<>(FUNCTIONS)));
        } else if (fn.equals("rows")) {
            if (column != null) {
                errors.add(new FieldError(prefix + ".column", "rows counts the result's rows: give no column"));
            }
        } else if (column == null || !outputs.containsKey(column)) {
            errors.add(new FieldError(prefix + ".column", "must be one of the report's output columns " + new java.util.TreeSet<>(outputs.keySet())));
        } else if (!fn.equals("count") && !outputs.get(column).numeric()) {
            errors.add(new FieldError(prefix + ".column", fn + " needs a numeric column, " + column + " is " + outputs.get(column).json()));
        }
        if (op == null || !OPERATORS.contains(op)) {
            errors.add(new FieldError(prefix + ".op", "must be one of " + new java.util.TreeSet<>(OPERATORS)));
        }
        if (threshold == null) {
            errors.add(new FieldError(prefix + ".threshold", "is required"));
        } else if (threshold.precision() > 30 || Math.abs(threshold.scale()) > 10) {
            errors.add(new FieldError(prefix + ".threshold", "must have at most 30 digits, 10 after the point"));
        }
        return errors;
    }

    /** Whether {@code value} meets the condition; an aggregate over no values (null) never does. */
    public boolean holds(BigDecimal value) {
        if (value == null) {
            return false;
        }
        int c = value.compareTo(threshold);
        return switch (op) {
            case "gt" -> c > 0;
            case "gte" -> c >= 0;
            case "lt" -> c < 0;
            case "lte" -> c <= 0;
            case "eq" -> c == 0;
            default -> c != 0;
        };
    }

    /** "max of failure_rate is 0.07, above 0.05" / "rows is 0, not below 1". */
    public String describe(BigDecimal value, boolean holds) {
        String measure = fn.equals("rows") ? "the row count" : fn + " of " + column;
        String relation = switch (op) {
            case "gt" -> "above";
            case "gte" -> "at least";
            case "lt" -> "below";
            case "lte" -> "at most";
            case "eq" -> "equal to";
            default -> "other than";
        };
        return measure + " is " + (value == null ? "empty (no values)" : value.stripTrailingZeros().toPlainString()) + ", "
                + (holds ? "" : "not ") + relation + " " + threshold.stripTrailingZeros().toPlainString();
    }
}
