package com.kaa.reports.definition.schedules;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.Set;

/**
 * When a schedule runs. Slots are computed in the schedule's local wall-clock time and then placed on
 * the time line with one daylight-saving policy:
 * <ul>
 *   <li>a wall time inside a spring-forward gap runs once, at the first valid instant after the gap
 *       (several wall times in one gap collapse into that one run);</li>
 *   <li>a wall time inside a fall-back overlap runs once, at its first occurrence.</li>
 * </ul>
 * Monthly schedules on a day the month does not have (31, or 29 in February) run on the month's last day.
 */
public record Recurrence(
        String frequency,          // once, daily, weekly, monthly, cron
        Instant runAt,             // once
        LocalTime time,            // daily, weekly, monthly
        Set<DayOfWeek> days,       // weekly
        Integer dayOfMonth,        // monthly: 1..31, or -1 for the last day
        String cron,               // cron: Unix 5 fields or Quartz 6/7 fields
        ZoneId zone,
        LocalDate startDate,
        LocalDate endDate,
        Set<LocalDate> excluded) {

    public static final int LAST_DAY = -1;
    private static final int MAX_CANDIDATES = 5_000;
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    /** Parses and checks a cron expression; throws IllegalArgumentException with the parser's reason. */
    public static Cron parseCron(String expression) {
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        Cron cron = switch (fields) {
            case 5 -> UNIX.parse(trimmed);
            case 6, 7 -> QUARTZ.parse(trimmed);
            default -> throw new IllegalArgumentException("a cron expression has 5 (Unix) or 6-7 (Quartz) fields, not " + fields);
        };
        return cron.validate();
    }

    /** A valid cron expression that names no day that exists (31 February, a sixth Monday): it never fires. */
    public static boolean matchesNoDate(String expression) {
        return ExecutionTime.forCron(parseCron(expression)).nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty();
    }

    /** The first run strictly after {@code after}, or empty when the schedule has no more runs. */
    public Optional<Instant> nextAfter(Instant after) {
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
        ExecutionTime cronTime = "cron".equals(frequency) ? ExecutionTime.forCron(parseCron(cron)) : null;
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<LocalDateTime> candidate = nextWallTime(wall, cronTime);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            wall = candidate.get();
            LocalDate day = wall.toLocalDate();
            if (endDate != null && day.isAfter(endDate)) {
                return Optional.empty();
            }
            if ((startDate != null && day.isBefore(startDate)) || excluded.contains(day)) {
                continue;
            }
            Instant instant = place(wall);
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
        }
        return Optional.empty();
    }

    /** The latest run at or before {@code now} that comes after {@code since}: the one missed-fire run. */
    public Optional<Instant> latestUpTo(Instant since, Instant now) {
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> next = nextAfter(since);
        for (int i = 0; i < MAX_CANDIDATES && next.isPresent() && !next.get().isAfter(now); i++) {
            latest = next;
            next = nextAfter(next.get());
        }
        return latest;
    }

    private Optional<LocalDateTime> nextWallTime(LocalDateTime wall, ExecutionTime cronTime) {
        return switch (frequency) {
            case "once" -> Optional.empty();
            case "daily" -> Optional.of(atTime(wall.toLocalDate(), wall));
            case "weekly" -> {
                LocalDate day = wall.toLocalDate();
                for (int i = 0; i < 8; i++, day = day.plusDays(1)) {
                    LocalDateTime slot = day.atTime(time);
                    if (days.contains(day.getDayOfWeek()) && slot.isAfter(wall)) {
                        yield Optional.of(slot);
                    }
                }
                yield Optional.empty();
            }
            case "monthly" -> {
                LocalDate month = wall.toLocalDate().withDayOfMonth(1);
                for (int i = 0; i < 2; i++, month = month.plusMonths(1)) {
                    LocalDateTime slot = dayOfMonthIn(month).atTime(time);
                    if (slot.isAfter(wall)) {
                        yield Optional.of(slot);
                    }
                }
                yield Optional.empty();
            }
            case "cron" -> cronTime.nextExecution(wall.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
            default -> throw new IllegalStateException("unknown frequency " + frequency);
        };
    }

    private LocalDateTime atTime(LocalDate day, LocalDateTime wall) {
        LocalDateTime slot = day.atTime(time);
        return slot.isAfter(wall) ? slot : slot.plusDays(1);
    }

    private LocalDate dayOfMonthIn(LocalDate month) {
        int length = month.lengthOfMonth();
        int day = dayOfMonth == LAST_DAY ? length : Math.min(dayOfMonth, length);
        return month.withDayOfMonth(day);
    }

    /** Wall time to instant with the DST policy above. */
    Instant place(LocalDateTime wall) {
        ZoneRules rules = zone.getRules();
        var offsets = rules.getValidOffsets(wall);
        if (offsets.size() == 1) {
            return wall.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition transition = rules.getTransition(wall);
        // gap: the first valid instant after it; overlap: the first occurrence, on the offset before the change
        return offsets.isEmpty() ? transition.getInstant() : wall.toInstant(transition.getOffsetBefore());
    }

    /** The first run of a one-off schedule, if it is still ahead. */
    public Optional<Instant> first(Instant now) {
        if ("once".equals(frequency)) {
            return runAt.isAfter(now) ? Optional.of(runAt) : Optional.empty();
        }
        return nextAfter(now);
    }
}
