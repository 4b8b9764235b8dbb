package com.kaa.reports.platform.queryspec;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Relative date ranges a report may ask for, resolved at run time in the schedule's time zone into a
 * half-open interval [start, end) of instants. "last_7_days" means the 7 whole days before today;
 * "next_90_days" means today and the 89 days after it (for expiry reports).
 */
public enum RelativeDateRange {
    TODAY, YESTERDAY, LAST_7_DAYS, LAST_30_DAYS, THIS_WEEK, LAST_WEEK, THIS_MONTH, LAST_MONTH, THIS_QUARTER,
    LAST_QUARTER, THIS_YEAR, LAST_YEAR, NEXT_30_DAYS, NEXT_90_DAYS;

    public record Interval(ZonedDateTime start, ZonedDateTime end) {
    }

    public static Optional<RelativeDateRange> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.key().equals(value)).findFirst();
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The interval this range covers when a report runs at {@code now} in {@code zone}. */
    public Interval resolve(ZonedDateTime now, ZoneId zone) {
        LocalDate today = now.withZoneSameInstant(zone).toLocalDate();
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate month = today.withDayOfMonth(1);
        LocalDate quarter = today.withMonth(((today.getMonthValue() - 1) / 3) * 3 + 1).withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        return switch (this) {
            case TODAY -> days(today, today.plusDays(1), zone);
            case YESTERDAY -> days(today.minusDays(1), today, zone);
            case LAST_7_DAYS -> days(today.minusDays(7), today, zone);
            case LAST_30_DAYS -> days(today.minusDays(30), today, zone);
            case THIS_WEEK -> days(monday, monday.plusWeeks(1), zone);
            case LAST_WEEK -> days(monday.minusWeeks(1), monday, zone);
            case THIS_MONTH -> days(month, month.plusMonths(1), zone);
            case LAST_MONTH -> days(month.minusMonths(1), month, zone);
            case THIS_QUARTER -> days(quarter, quarter.plusMonths(3), zone);
            case LAST_QUARTER -> days(quarter.minusMonths(3), quarter, zone);
            case THIS_YEAR -> days(year, year.plusYears(1), zone);
            case LAST_YEAR -> days(year.minusYears(1), year, zone);
            case NEXT_30_DAYS -> days(today, today.plusDays(30), zone);
            case NEXT_90_DAYS -> days(today, today.plusDays(90), zone);
        };
    }

    private static Interval days(LocalDate from, LocalDate until, ZoneId zone) {
        return new Interval(from.atStartOfDay(zone), until.atStartOfDay(zone));
    }
}
