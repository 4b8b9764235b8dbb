package com.kaa.reports.inventory.audits;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the audit and maintenance APIs take and give. */
public final class AuditRequests {

    static final String KINDS = "repair|upgrade|service|calibration|inspection";

    private AuditRequests() {
    }

    @Schema(name = "RecordHardwareAudit", description = "The device was seen: where (its location becomes this) and in what condition")
    public record RecordAudit(
            @Schema(description = "when it was seen; default now. Not in the future") OffsetDateTime auditedAt,
            @Size(max = 200) String building, @Size(max = 50) String floor, @Size(max = 100) String room,
            @Min(1) @Max(5) Integer conditionRating,
            @Size(max = 2000) String note) {
    }

    @Schema(name = "HardwareAudit")
    public record Audit(UUID id, UUID hardwareId, OffsetDateTime auditedAt, String auditedBy, String building, String floor,
                        String room, Integer conditionRating, String note) {
    }

    @Schema(name = "HardwareAuditPage")
    public record AuditPage(List<Audit> items, long total, int page, int limit, boolean hasMore) {
    }

    @Schema(name = "RecordHardwareMaintenance")
    public record RecordMaintenance(
            @NotNull @Pattern(regexp = KINDS, message = "must be repair, upgrade, service, calibration or inspection") String kind,
            @NotBlank @Size(max = 200) String title,
            @Size(max = 200) String supplier,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal cost,
            @NotNull LocalDate startedOn,
            @Schema(description = "absent while the work goes on") LocalDate completedOn,
            @Size(max = 2000) String note) {
    }

    /** Fields left out keep their value: typically completedOn and the final cost. */
    @Schema(name = "ChangeHardwareMaintenance")
    public record ChangeMaintenance(
            @NotNull Long version,
            @Size(min = 1, max = 200) String title,
            @Size(max = 200) String supplier,
            @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal cost,
            LocalDate completedOn,
            @Size(max = 2000) String note) {
    }

    @Schema(name = "HardwareMaintenance")
    public record Maintenance(UUID id, UUID hardwareId, String kind, String title, String supplier, BigDecimal cost,
                              LocalDate startedOn, LocalDate completedOn, String note, String createdBy,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    @Schema(name = "HardwareMaintenancePage", description = "A device's maintenance, newest first, and what all of it cost")
    public record MaintenancePage(List<Maintenance> items, long total, int page, int limit, boolean hasMore, BigDecimal totalCost) {
    }
}
