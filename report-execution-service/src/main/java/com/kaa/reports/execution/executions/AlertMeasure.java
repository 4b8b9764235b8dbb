package com.kaa.reports.execution.executions;

import com.kaa.reports.execution.query.CompiledQuery;
import com.kaa.reports.platform.queryspec.AlertCondition;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Measures a schedule's alert condition over the rows as they stream to the files (no second query): the row count,
 * or count, sum, average, minimum or maximum of one output column.
 */
final class AlertMeasure {

    private final AlertCondition condition;
    private final int column;
    private long rows;
    private long count;
    private BigDecimal sum = BigDecimal.ZERO;
    private BigDecimal min;
    private BigDecimal max;

    /** Null when there is no condition: nothing to measure. */
    static AlertMeasure of(AlertCondition condition, List<CompiledQuery.OutputColumn> columns) {
        if (condition == null) {
            return null;
        }
        // checked again here: the event may come from anywhere, and a broken condition must fail by name, not by NPE
        java.util.Map<String, com.kaa.reports.platform.queryspec.ColumnType> outputs = new java.util.LinkedHashMap<>();
        columns.forEach(c -> outputs.put(c.name(), c.type()));
        List<com.kaa.reports.platform.problems.Problem.FieldError> errors = condition.validate(outputs, "alert");
        if (!errors.isEmpty()) {
            throw new ExecutionFailure(ExecutionFailure.Kind.PERMANENT, errors.get(0).field() + ": " + errors.get(0).message()
                    + " (the report changed since the schedule's alert was set?)");
        }
        int index = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(condition.column())) {
                index = i;
            }
        }
        return new AlertMeasure(condition, index);
    }

    private AlertMeasure(AlertCondition condition, int column) {
        this.condition = condition;
        this.column = column;
    }

    void row(Object[] values) {
        rows++;
        if (column < 0 || values[column] == null) {
            return;
        }
        count++;
        if (values[column] instanceof Number number) {
            BigDecimal value = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
            sum = sum.add(value);
            min = min == null || value.compareTo(min) < 0 ? value : min;
            max = max == null || value.compareTo(max) > 0 ? value : max;
        }
    }

    /** What the run found: the measure, whether the condition holds, and why, in words. */
    Outcome outcome() {
        BigDecimal value = switch (condition.fn()) {
            case "rows" -> BigDecimal.valueOf(rows);
            case "count" -> BigDecimal.valueOf(count);
            case "sum" -> count == 0 ? null : sum;
            case "avg" -> count == 0 ? null : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
            case "min" -> min;
            default -> max;
        };
        boolean holds = condition.holds(value);
        return new Outcome(condition, value, holds, condition.describe(value, holds));
    }

    /** {@code notified} is decided when the run is recorded, against the schedule's last state. */
    record Outcome(AlertCondition condition, BigDecimal value, boolean holds, String reason) {
    }
}
