package com.kaa.reports.inventory.hardware;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Straight-line depreciation: a device loses cost / months of its value each whole month after its purchase, down to
 * zero. The execution service's hardware dataset computes the same figure in SQL (current_value), from the same event
 * fields.
 */
final class Depreciation {

    private Depreciation() {
    }

    /** The value on a day, to the cent; null when the cost, the purchase date or the period is unknown. */
    static BigDecimal currentValue(BigDecimal cost, LocalDate purchased, Integer months, LocalDate on) {
        if (cost == null || purchased == null || months == null) {
            return null;
        }
        long elapsed = Math.max(0, ChronoUnit.MONTHS.between(purchased, on));
        if (elapsed >= months) {
            return BigDecimal.ZERO.setScale(2);
        }
        return cost.multiply(BigDecimal.valueOf(months - elapsed)).divide(BigDecimal.valueOf(months), 2, RoundingMode.HALF_UP);
    }
}
