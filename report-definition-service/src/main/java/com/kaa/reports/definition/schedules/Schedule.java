package com.kaa.reports.definition.schedules;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** When a report runs and to whom it goes. JSON columns are text here (see ScheduleMapper). */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {

    private static final List<String> PLAIN = List.of("id", "organization", "report_id", "created_by", "frequency", "run_at",
            "time_of_day", "day_of_month", "cron", "time_zone", "start_date", "end_date", "exclusion_calendar",
            "send_only_if_rows", "missed_fire_policy", "status", "next_run_at", "last_fired_at", "created_at", "updated_at", "version");
    private static final List<String> JSON = List.of("days_of_week", "excluded_dates", "recipients", "formats", "parameters", "alert", "message");

    /** The select list a native query reads this entity from (jsonb as text), for a table alias like "s." or "". */
    public static String columns(String alias) {
        return Stream.concat(PLAIN.stream().map(c -> alias + c), JSON.stream().map(c -> alias + c + "::text as " + c))
                .collect(Collectors.joining(", "));
    }

    /** A schedule as a native query of {@link #columns} returns it (not managed by a session). */
    public static Schedule read(Row r) {
        Schedule s = new Schedule();
        s.id = r.getUUID("id");
        s.organization = r.getString("organization");
        s.reportId = r.getUUID("report_id");
        s.createdBy = r.getString("created_by");
        s.frequency = r.getString("frequency");
        s.runAt = r.getOffsetDateTime("run_at");
        s.timeOfDay = r.getLocalTime("time_of_day");
        s.dayOfMonth = r.getInteger("day_of_month");
        s.cron = r.getString("cron");
        s.timeZone = r.getString("time_zone");
        s.startDate = r.getLocalDate("start_date");
        s.endDate = r.getLocalDate("end_date");
        s.exclusionCalendar = r.getString("exclusion_calendar");
        s.sendOnlyIfRows = r.getBoolean("send_only_if_rows");
        s.missedFirePolicy = r.getString("missed_fire_policy");
        s.status = r.getString("status");
        s.nextRunAt = r.getOffsetDateTime("next_run_at");
        s.lastFiredAt = r.getOffsetDateTime("last_fired_at");
        s.createdAt = r.getOffsetDateTime("created_at");
        s.updatedAt = r.getOffsetDateTime("updated_at");
        s.version = r.getLong("version");
        s.daysOfWeek = r.getString("days_of_week");
        s.excludedDates = r.getString("excluded_dates");
        s.recipients = r.getString("recipients");
        s.formats = r.getString("formats");
        s.parameters = r.getString("parameters");
        s.alert = r.getString("alert");
        s.message = r.getString("message");
        return s;
    }

    @Id
    public UUID id;
    public String organization;
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "created_by")
    public String createdBy;
    public String frequency;
    @Column(name = "run_at")
    public OffsetDateTime runAt;
    @Column(name = "time_of_day")
    public LocalTime timeOfDay;
    @Column(name = "days_of_week")
    @ColumnTransformer(read = "days_of_week::text", write = "?::text::jsonb")
    public String daysOfWeek;
    @Column(name = "day_of_month")
    public Integer dayOfMonth;
    public String cron;
    @Column(name = "time_zone")
    public String timeZone;
    @Column(name = "start_date")
    public LocalDate startDate;
    @Column(name = "end_date")
    public LocalDate endDate;
    @Column(name = "excluded_dates")
    @ColumnTransformer(read = "excluded_dates::text", write = "?::text::jsonb")
    public String excludedDates;
    @Column(name = "exclusion_calendar")
    public String exclusionCalendar;
    @ColumnTransformer(read = "recipients::text", write = "?::text::jsonb")
    public String recipients;
    @ColumnTransformer(read = "formats::text", write = "?::text::jsonb")
    public String formats;
    /** Values for the report's parameters by name (a JSON object); the report's defaults fill the rest. */
    @ColumnTransformer(read = "parameters::text", write = "?::text::jsonb")
    public String parameters = "{}";
    /** A condition on each run's result (a JSON AlertCondition); null when every run is delivered. */
    @ColumnTransformer(read = "alert::text", write = "?::text::jsonb")
    public String alert;
    /** The schedule's own subject and body templates (a JSON MessageTemplate); null: the standard message. */
    @ColumnTransformer(read = "message::text", write = "?::text::jsonb")
    public String message;
    @Column(name = "send_only_if_rows")
    public boolean sendOnlyIfRows;
    @Column(name = "missed_fire_policy")
    public String missedFirePolicy;
    public String status;
    @Column(name = "next_run_at")
    public OffsetDateTime nextRunAt;
    @Column(name = "last_fired_at")
    public OffsetDateTime lastFiredAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Version
    public long version;
}
