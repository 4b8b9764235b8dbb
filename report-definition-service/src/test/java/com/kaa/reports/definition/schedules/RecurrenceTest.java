package com.kaa.reports.definition.schedules;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schedule arithmetic, including the daylight-saving policy, the last day of the month and 29 February. */
class RecurrenceTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    static Recurrence daily(String time, ZoneId zone) {
        return new Recurrence("daily", null, LocalTime.parse(time), Set.of(), null, null, zone, null, null, Set.of());
    }

    static Recurrence cron(String expression, ZoneId zone) {
        return new Recurrence("cron", null, null, Set.of(), null, expression, zone, null, null, Set.of());
    }

    static Recurrence monthly(int day, String time) {
        return new Recurrence("monthly", null, LocalTime.parse(time), Set.of(), day, null, NAIROBI, null, null, Set.of());
    }

    static List<Instant> runs(Recurrence recurrence, String from, int count) {
        List<Instant> runs = new ArrayList<>();
        Instant after = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            after = recurrence.nextAfter(after).orElseThrow();
            runs.add(after);
        }
        return runs;
    }

    @Test
    void dailyRunIsAtTheLocalTimeInTheScheduleZone() {
        assertThat(runs(daily("08:00", NAIROBI), "2026-11-23T00:00:00Z", 2))
                .containsExactly(Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-24T05:00:00Z"));
    }

    @Test
    void londonSpringForwardGapRunsOnceAtTheFirstInstantAfterIt() {
        // 29 March 2026: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist that day
        assertThat(runs(daily("01:30", LONDON), "2026-03-28T00:00:00Z", 3)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"),
                Instant.parse("2026-03-29T01:00:00Z"),   // 02:00 BST, the first valid instant
                Instant.parse("2026-03-30T00:30:00Z"));  // 01:30 BST
    }

    @Test
    void londonFallBackOverlapRunsOnceAtTheFirstOccurrence() {
        // 25 October 2026: 02:00 BST falls back to 01:00 GMT; 01:30 happens twice
        assertThat(runs(daily("01:30", LONDON), "2026-10-24T12:00:00Z", 2)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"),   // 01:30 BST, first occurrence
                Instant.parse("2026-10-26T01:30:00Z"));  // the second 01:30 (GMT) is not a run
    }

    @Test
    void newYorkHourlyCronAcrossSpringForwardCollapsesTheGapIntoOneRun() {
        // 8 March 2026: 02:00 EST jumps to 03:00 EDT
        assertThat(runs(cron("30 * * * *", NEW_YORK), "2026-03-08T06:00:00Z", 4)).containsExactly(
                Instant.parse("2026-03-08T06:30:00Z"),   // 01:30 EST
                Instant.parse("2026-03-08T07:00:00Z"),   // 02:30 does not exist: 03:00 EDT
                Instant.parse("2026-03-08T07:30:00Z"),   // 03:30 EDT
                Instant.parse("2026-03-08T08:30:00Z"));  // 04:30 EDT
    }

    @Test
    void newYorkHourlyCronAcrossFallBackRunsEachWallTimeOnce() {
        // 1 November 2026: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice
        assertThat(runs(cron("30 * * * *", NEW_YORK), "2026-11-01T04:00:00Z", 3)).containsExactly(
                Instant.parse("2026-11-01T04:30:00Z"),   // 00:30 EDT
                Instant.parse("2026-11-01T05:30:00Z"),   // 01:30 EDT (first occurrence only)
                Instant.parse("2026-11-01T07:30:00Z"));  // 02:30 EST
    }

    @Test
    void quartzCronWithSecondsAndLastDayIsUnderstood() {
        assertThat(runs(cron("0 0 9 L * ?", NAIROBI), "2026-01-15T00:00:00Z", 3)).containsExactly(
                Instant.parse("2026-01-31T06:00:00Z"), Instant.parse("2026-02-28T06:00:00Z"), Instant.parse("2026-03-31T06:00:00Z"));
    }

    @Test
    void monthlyOnTheLastDayFollowsTheMonthLength() {
        assertThat(runs(monthly(Recurrence.LAST_DAY, "18:00"), "2028-01-31T16:00:00Z", 3)).containsExactly(
                Instant.parse("2028-02-29T15:00:00Z"), Instant.parse("2028-03-31T15:00:00Z"), Instant.parse("2028-04-30T15:00:00Z"));
    }

    @Test
    void monthlyOnThe31stRunsOnTheLastDayOfShorterMonths() {
        assertThat(runs(monthly(31, "09:00"), "2026-01-31T07:00:00Z", 3)).containsExactly(
                Instant.parse("2026-02-28T06:00:00Z"), Instant.parse("2026-03-31T06:00:00Z"), Instant.parse("2026-04-30T06:00:00Z"));
    }

    @Test
    void leapDayCronRunsOnlyIn29February() {
        assertThat(runs(cron("0 9 29 2 *", NAIROBI), "2026-01-01T00:00:00Z", 2)).containsExactly(
                Instant.parse("2028-02-29T06:00:00Z"), Instant.parse("2032-02-29T06:00:00Z"));
        assertThat(runs(monthly(29, "09:00"), "2027-01-30T00:00:00Z", 2)).containsExactly(
                Instant.parse("2027-02-28T06:00:00Z"), Instant.parse("2027-03-29T06:00:00Z"));
    }

    @Test
    void weeklyRunsOnTheChosenDays() {
        Recurrence weekly = new Recurrence("weekly", null, LocalTime.parse("07:15"), Set.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY),
                null, null, NAIROBI, null, null, Set.of());
        assertThat(runs(weekly, "2026-11-23T05:00:00Z", 3)).containsExactly(   // Monday 23 November, 08:00 local
                Instant.parse("2026-11-26T04:15:00Z"), Instant.parse("2026-11-30T04:15:00Z"), Instant.parse("2026-12-03T04:15:00Z"));
    }

    @Test
    void excludedDatesStartAndEndBoundTheRuns() {
        Recurrence bounded = new Recurrence("daily", null, LocalTime.parse("09:00"), Set.of(), null, null, NAIROBI,
                LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-27"), Set.of(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-26")));
        assertThat(runs(bounded, "2026-12-01T00:00:00Z", 2)).containsExactly(
                Instant.parse("2026-12-24T06:00:00Z"), Instant.parse("2026-12-27T06:00:00Z"));
        assertThat(bounded.nextAfter(Instant.parse("2026-12-27T06:00:00Z"))).isEmpty();
    }

    @Test
    void missedRunsCollapseIntoTheLatestOne() {
        Recurrence hourly = cron("0 * * * *", NAIROBI);
        assertThat(hourly.latestUpTo(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-23T05:20:00Z")))
                .contains(Instant.parse("2026-11-23T05:00:00Z"));
        assertThat(hourly.latestUpTo(Instant.parse("2026-11-23T05:00:00Z"), Instant.parse("2026-11-23T05:20:00Z"))).isEmpty();
    }

    @Test
    void invalidCronIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Recurrence.parseCron("61 * * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Recurrence.parseCron("* * *")).hasMessageContaining("5 (Unix) or 6-7 (Quartz)");
        assertThat(Recurrence.parseCron("*/15 9-17 * * 1-5")).isNotNull();
    }
}
