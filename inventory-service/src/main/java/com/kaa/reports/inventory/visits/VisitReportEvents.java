package com.kaa.reports.inventory.visits;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Events on inventory.visit-reports.v1 (key: visit report id; docs/events). Each change event carries the
 * whole visit report, so a consumer that missed one still converges on the latest state.
 */
public final class VisitReportEvents {

    // v2 added visitType; consumers still accept v1 (docs/events)
    public static final String CREATED = "VisitReportCreated.v2";
    public static final String UPDATED = "VisitReportUpdated.v2";
    public static final String STATUS_CHANGED = "VisitReportStatusChanged.v2";
    public static final String DELETED = "VisitReportDeleted.v1";

    private VisitReportEvents() {
    }

    /** The state of a visit report (VisitReportCreated/Updated/StatusChanged); previousStatus only on a status change. */
    public record VisitReportState(int version, UUID id, String reportNumber, UUID officeId, String office, String county,
                                   UUID technicianId, String technician, String visitType, String status, String previousStatus,
                                   String priority, LocalDate visitDate, int completion, String purpose, String summary,
                                   OffsetDateTime updatedAt) {
        static VisitReportState of(VisitReportRequests.VisitReport v, String previousStatus) {
            return new VisitReportState(2, v.id(), v.reportNumber(), v.officeId(), v.officeName(), v.county(),
                    v.technicianId(), v.technicianName(), v.visitType(), v.status(), previousStatus, v.priority(), v.visitDate(),
                    v.completion(), v.purpose(), v.summary(), v.updatedAt());
        }
    }

    public record VisitReportDeleted(int version, UUID id, OffsetDateTime updatedAt) {
    }
}
