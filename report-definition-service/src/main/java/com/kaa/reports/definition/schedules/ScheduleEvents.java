package com.kaa.reports.definition.schedules;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Schedule events on reports.definitions.v1, keyed by report id so they stay in order with the report's. */
public final class ScheduleEvents {
    static final String CREATED = "ScheduleCreated.v1";
    static final String UPDATED = "ScheduleUpdated.v1";
    static final String PAUSED = "SchedulePaused.v1";
    static final String RESUMED = "ScheduleResumed.v1";
    static final String CANCELLED = "ScheduleCancelled.v1";

    private ScheduleEvents() {
    }

    public record ScheduleChanged(int version, UUID scheduleId, UUID reportId, String status, String frequency,
                                  String timeZone, OffsetDateTime nextRunAt) {
    }
}
