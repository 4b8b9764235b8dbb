package com.kaa.reports.definition.schedules;

import com.kaa.reports.platform.problems.ProblemException;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns a schedule request into a {@link Recurrence}, refusing what cannot work with a 400 naming the field. */
public final class ScheduleRules {

    static final String DEFAULT_ZONE = "Africa/Nairobi";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{6,20}");

    private ScheduleRules() {
    }

    static Recurrence recurrence(ScheduleRequests.CreateSchedule r, Set<LocalDate> calendar) {
        ZoneId zone = zone(r.timeZone());
        if (r.startDate() != null && r.endDate() != null && r.endDate().isBefore(r.startDate())) {
            throw ProblemException.invalidField("endDate", "must not be before startDate");
        }
        Set<LocalDate> excluded = new HashSet<>(calendar);
        if (r.excludedDates() != null) {
            excluded.addAll(r.excludedDates());
        }
        String frequency = r.frequency();
        LocalTime time = null;
        if (Set.of("daily", "weekly", "monthly").contains(frequency)) {
            if (r.time() == null) {
                throw ProblemException.invalidField("time", "is required for a " + frequency + " schedule");
            }
            time = LocalTime.parse(r.time());
        }
        Set<DayOfWeek> days = Set.of();
        if ("weekly".equals(frequency)) {
            if (r.daysOfWeek() == null || r.daysOfWeek().isEmpty()) {
                throw ProblemException.invalidField("daysOfWeek", "name at least one day for a weekly schedule");
            }
            days = r.daysOfWeek().stream().map(d -> DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT))).collect(Collectors.toSet());
        }
        if ("monthly".equals(frequency) && (r.dayOfMonth() == null || r.dayOfMonth() == 0)) {
            throw ProblemException.invalidField("dayOfMonth", "is required for a monthly schedule: 1 to 31, or -1 for the last day");
        }
        Instant once = null;
        if ("once".equals(frequency)) {
            once = oneOff(r, zone);
        }
        if ("cron".equals(frequency)) {
            if (r.cron() == null || r.cron().isBlank()) {
                throw ProblemException.invalidField("cron", "is required for a cron schedule");
            }
            try {
                Recurrence.parseCron(r.cron());
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("cron", "is not a valid cron expression: " + e.getMessage());
            }
        }
        return new Recurrence(frequency, once, time, days,
                "monthly".equals(frequency) ? r.dayOfMonth() : null, "cron".equals(frequency) ? r.cron().trim() : null,
                zone, r.startDate(), r.endDate(), excluded);
    }

    /**
     * The instant of a one-off run: runAt as given, or runAtLocal read in the schedule's zone (a wall-clock time that
     * does not exist there, in the hour clocks skip, is refused; one that exists twice is the earlier).
     */
    private static Instant oneOff(ScheduleRequests.CreateSchedule r, ZoneId zone) {
        if (r.runAt() != null && r.runAtLocal() != null) {
            throw ProblemException.invalidField("runAtLocal", "give runAt (an instant) or runAtLocal (a local time in timeZone), not both");
        }
        if (r.runAt() != null) {
            return r.runAt().toInstant();
        }
        if (r.runAtLocal() == null) {
            throw ProblemException.invalidField("runAt", "is required for a one-off schedule (or runAtLocal, a local time in timeZone)");
        }
        if (zone.getRules().getValidOffsets(r.runAtLocal()).isEmpty()) {
            throw ProblemException.invalidField("runAtLocal", r.runAtLocal() + " does not exist in " + zone.getId()
                    + ": the clocks skip it (daylight saving time)");
        }
        return r.runAtLocal().atZone(zone).toInstant();
    }

    /** The first run from now; a schedule that would never run is refused. */
    static Instant firstRun(Recurrence recurrence, Instant now) {
        Optional<Instant> first = recurrence.first(now);
        if (first.isEmpty()) {
            if ("once".equals(recurrence.frequency())) {
                throw ProblemException.invalidField("runAt", "the schedule would never run: its time is in the past");
            }
            if ("cron".equals(recurrence.frequency()) && Recurrence.matchesNoDate(recurrence.cron())) {
                throw ProblemException.invalidField("cron", "the cron expression matches no date: the schedule would never run");
            }
            throw ProblemException.invalidField("endDate", "the schedule would never run: its end date is in the past");
        }
        return first.get();
    }

    /** Refuses schedules that would run more often than the minimum interval (Superset's REPORT_MINIMUM_INTERVAL). */
    static void checkMinimumInterval(Recurrence recurrence, Instant first, Duration minimum) {
        Instant previous = first;
        for (int i = 0; i < 24; i++) {
            Optional<Instant> next = recurrence.nextAfter(previous);
            if (next.isEmpty()) {
                return;
            }
            if (Duration.between(previous, next.get()).compareTo(minimum) < 0) {
                throw ProblemException.invalidField(recurrence.frequency().equals("cron") ? "cron" : "frequency",
                        "runs more often than every " + minimum.toMinutes() + " minutes, the minimum interval");
            }
            previous = next.get();
        }
    }

    /** An IANA zone (null: the default, Africa/Nairobi); anything else is a 400 naming timeZone. */
    public static ZoneId zone(String id) {
        String zone = id == null ? DEFAULT_ZONE : id;
        try {
            if (!ZoneId.getAvailableZoneIds().contains(zone)) {
                throw new DateTimeException(zone);
            }
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ProblemException.invalidField("timeZone", "must be an IANA time zone such as Africa/Nairobi or Europe/London");
        }
    }

    static void checkRecipients(List<ScheduleRequests.Recipient> recipients, java.util.Set<String> chatHosts) {
        if (recipients == null) {
            return;
        }
        for (int i = 0; i < recipients.size(); i++) {
            ScheduleRequests.Recipient recipient = recipients.get(i);
            String field = "recipients[" + i + "].address";
            if (com.kaa.reports.platform.input.ChatAddresses.isChat(recipient.channel())) {
                String problem = com.kaa.reports.platform.input.ChatAddresses.problem(recipient.channel(), recipient.address(), chatHosts);
                if (problem != null) {
                    throw ProblemException.invalidField(field, problem);
                }
                continue;
            }
            boolean ok = switch (recipient.channel()) {
                case "email" -> EMAIL.matcher(recipient.address()).matches();
                case "sms" -> PHONE.matcher(recipient.address()).matches();
                default -> recipient.address().startsWith("https://") || recipient.address().startsWith("http://");
            };
            if (!ok) {
                throw ProblemException.invalidField(field, "is not a valid " + recipient.channel() + " address");
            }
        }
    }
}
