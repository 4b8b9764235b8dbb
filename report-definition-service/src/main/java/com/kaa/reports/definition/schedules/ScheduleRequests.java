package com.kaa.reports.definition.schedules;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Request and response bodies of the schedule endpoints. */
public final class ScheduleRequests {

    private ScheduleRequests() {
    }

    static final String FREQUENCY = "once|daily|weekly|monthly|cron";
    static final String TIME = "([01]\\d|2[0-3]):[0-5]\\d";
    static final String DAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday";
    static final String FORMAT = "csv|json|xlsx|pdf";

    @Schema(name = "Recipient")
    public record Recipient(
            @NotNull @Pattern(regexp = "email|sms|webhook|slack|teams", message = "must be email, sms, webhook, slack or teams") String channel,
            @NotBlank @Size(max = 500) String address) {
    }

    @Schema(name = "CreateScheduleRequest", description = "frequency decides which fields apply: once → runAt (an instant) or "
            + "runAtLocal (a wall-clock time in timeZone); daily → time; "
            + "weekly → time + daysOfWeek; monthly → time + dayOfMonth (-1 = last day); cron → cron (Unix 5 or Quartz 6/7 fields)")
    public record CreateSchedule(
            @NotNull @Pattern(regexp = FREQUENCY, message = "must be once, daily, weekly, monthly or cron") String frequency,
            @Schema(examples = "2026-12-01T09:00:00+03:00") OffsetDateTime runAt,
            // a string in the contract: "date-time" means an RFC 3339 instant (with offset), which this is not
            @Schema(implementation = String.class, pattern = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?$",
                    examples = "2026-12-01T09:00", description = "A one-off run at this wall-clock time in timeZone (instead "
                    + "of runAt), ISO 8601 without an offset: a time the clocks skip is refused; one they pass twice is the first")
            LocalDateTime runAtLocal,
            @Schema(examples = "08:30") @Pattern(regexp = TIME, message = "must be HH:mm (00:00-23:59)") String time,
            @Size(max = 7) List<@NotNull @Pattern(regexp = DAY, message = "must be a day name such as monday") String> daysOfWeek,
            @Min(-1) @Max(31) Integer dayOfMonth,
            @Schema(examples = "0 8 * * 1-5") @Size(max = 120) String cron,
            @Schema(defaultValue = "Africa/Nairobi", examples = "Europe/London") @Size(max = 64) String timeZone,
            LocalDate startDate,
            LocalDate endDate,
            @Size(max = 366) List<@NotNull LocalDate> excludedDates,
            @Pattern(regexp = "kenya_public_holidays", message = "must be kenya_public_holidays") String exclusionCalendar,
            @Size(max = 100) List<@NotNull @Valid Recipient> recipients,
            @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = FORMAT, message = "must be one of csv, json, xlsx, pdf") String> formats,
            Boolean sendOnlyIfRows,
            @Pattern(regexp = "fire_once|skip", message = "must be fire_once or skip") String missedFirePolicy,
            @Schema(description = "Values for the report's parameters by name, for every run of this schedule (one schedule "
                    + "per county, say); the report's defaults fill the rest", examples = "{\"county\": \"Mombasa\"}")
            @Size(max = 20) java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> parameters,
            @Schema(description = "Deliver only when the result meets this condition (an alert); every run is recorded either way")
            com.kaa.reports.platform.queryspec.AlertCondition alert,
            @Schema(description = "The recipients' subject and opening text, as Qute templates over the run: {report.name}, "
                    + "{parameters.<name>}, {rowCount}, {period}, {files.<format>}, {alert}, {#if ...}; checked when saved")
            com.kaa.reports.platform.messages.MessageTemplate message) {
    }

    /** A full replacement of the timing and delivery fields, with the version last read. */
    @Schema(name = "UpdateScheduleRequest")
    public record UpdateSchedule(@NotNull @Min(0) Long version, @NotNull @Valid CreateSchedule schedule) {
    }

    @Schema(name = "Schedule", examples = """
            {"id":"3b241101-e2bb-4255-8caf-4136c566a962","reportId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","organization":"acme",
             "createdBy":"wanjiru","frequency":"weekly","time":"08:00","daysOfWeek":["monday"],
             "timeZone":"Africa/Nairobi","startDate":"2026-09-07","excludedDates":[],"exclusionCalendar":"kenya_public_holidays",
             "recipients":[{"channel":"email","address":"finance@acme.co.ke"},{"channel":"sms","address":"+254712345678"}],
             "formats":["xlsx"],"sendOnlyIfRows":true,"missedFirePolicy":"fire_once","status":"active",
             "nextRunAt":"2026-11-30T05:00:00Z","lastFiredAt":"2026-11-23T05:00:00Z","createdAt":"2026-09-01T07:15:02Z",
             "updatedAt":"2026-09-01T07:15:02Z","version":0}""")
    public record ScheduleView(
            UUID id, UUID reportId, String organization, String createdBy, String frequency, OffsetDateTime runAt,
            String time, List<String> daysOfWeek, Integer dayOfMonth, String cron, String timeZone, LocalDate startDate,
            LocalDate endDate, List<LocalDate> excludedDates, String exclusionCalendar, List<Recipient> recipients,
            List<String> formats, boolean sendOnlyIfRows, String missedFirePolicy,
            java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> parameters,
            com.kaa.reports.platform.queryspec.AlertCondition alert, com.kaa.reports.platform.messages.MessageTemplate message,
            String status, OffsetDateTime nextRunAt,
            OffsetDateTime lastFiredAt, OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    @Schema(name = "SchedulePage")
    public record SchedulePage(List<ScheduleView> items, long total, int page, int limit, boolean hasMore,
                               com.kaa.reports.platform.http.PageLinks links) {
    }

    /** The next runs of a schedule, as the dispatcher will fire them: each in UTC and at the schedule's local time. */
    @Schema(name = "UpcomingRuns")
    public record Upcoming(@Schema(description = "absent for the preview of a schedule not saved") UUID scheduleId,
                           @Schema(description = "the schedule's status; preview for one not saved") String status,
                           String timeZone, List<Run> runs) {

        @Schema(name = "UpcomingRun")
        public record Run(OffsetDateTime at, OffsetDateTime localTime) {
        }
    }
}
