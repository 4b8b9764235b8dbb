package com.kaa.reports.inventory.visits;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the visit-reports API takes and gives. */
public final class VisitReportRequests {

    static final String PRIORITIES = "low|normal|high|urgent";
    static final String STATUSES = "draft|submitted|in_review|approved|completed|cancelled";
    static final String VISIT_TYPES = "routine|installation|repair|audit|emergency|decommission";
    static final String VISIT_TYPE_MESSAGE = "must be routine, installation, repair, audit, emergency or decommission";

    private VisitReportRequests() {
    }

    public record CreateVisitReport(
            @NotNull UUID officeId,
            UUID technicianId,
            @NotNull @VisitDay LocalDate visitDate,
            @Schema(description = "routine (default), installation, repair, audit, emergency or decommission")
            @Pattern(regexp = VISIT_TYPES, message = VISIT_TYPE_MESSAGE) String visitType,
            @Pattern(regexp = PRIORITIES, message = "must be low, normal, high or urgent") String priority,
            @Schema(description = "draft (default) or submitted") @Pattern(regexp = "draft|submitted", message = "must be draft or submitted") String status,
            @Min(0) @Max(100) Integer completion,
            @NotBlank @Size(max = 1000) String purpose,
            @Size(max = 10000) String summary) {
    }

    /** Fields left out keep their value; a status change must be an allowed transition (see the README). */
    public record UpdateVisitReport(
            @NotNull Long version,
            UUID officeId,
            UUID technicianId,
            @VisitDay LocalDate visitDate,
            @Pattern(regexp = VISIT_TYPES, message = VISIT_TYPE_MESSAGE) String visitType,
            @Pattern(regexp = PRIORITIES, message = "must be low, normal, high or urgent") String priority,
            @Pattern(regexp = STATUSES, message = "must be one of " + STATUSES) String status,
            @Min(0) @Max(100) Integer completion,
            @Size(min = 1, max = 1000) String purpose,
            @Size(max = 10000) String summary) {
    }

    @Schema(name = "VisitReportCounts")
    public record Counts(long hardware, long recycling, long files) {
    }

    public record VisitReport(UUID id, String reportNumber, UUID officeId, String officeName, String county,
                              UUID technicianId, String technicianName, String visitType, String status, String priority,
                              LocalDate visitDate, int completion, String purpose, String summary, String createdBy,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt, long version, Counts counts) {
    }

    @Schema(description = "total and page are given in page mode; with a cursor, follow nextCursor until hasMore is false")
    public record VisitReportPage(List<VisitReport> items, Long total, Integer page, int limit, boolean hasMore,
                                  String nextCursor) {
    }

    @Schema(name = "VisitReportSummary")
    public record Summary(UUID id, String reportNumber, String status, LocalDate visitDate, int completion,
                          long hardware, Map<String, Long> hardwareByStatus, Map<String, Long> hardwareByCategory,
                          long warrantyExpiringIn90Days, long recycled, String recycledWeightKg,
                          long files, long fileBytes) {
    }

    public record SendVisitReport(
            @NotEmpty @Size(max = 20) List<@NotBlank @Email @Size(max = 254) String> recipients) {
    }

    public record Sent(UUID requestId, List<String> recipients) {
    }
}
