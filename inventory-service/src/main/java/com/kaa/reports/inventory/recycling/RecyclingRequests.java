package com.kaa.reports.inventory.recycling;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the recycling API takes and gives. */
public final class RecyclingRequests {

    private RecyclingRequests() {
    }

    static final String STATUSES = "requested|scheduled|collected|certified";

    /**
     * A record starts at the stage the request shows: with recycledOn the device was collected already (certified
     * with a certificateNumber too); otherwise a pickup is requested, or scheduled when pickupDate is given.
     */
    public record RecordRecycling(
            @NotNull UUID hardwareId,
            @NotBlank @Size(max = 100) String method,
            @DecimalMin("0") @DecimalMax("100000") @Digits(integer = 6, fraction = 3) BigDecimal weightKg,
            @Schema(description = "only with recycledOn: a certificate comes after collection") @Size(min = 1, max = 100) String certificateNumber,
            @Size(max = 200) String recycler,
            @Schema(description = "the day a scheduled pickup is due") LocalDate pickupDate,
            @Schema(description = "the day the device was collected; leave out to request a pickup") LocalDate recycledOn) {
    }

    @Schema(description = "Schedule (or reschedule) the pickup of a requested or scheduled record")
    public record ScheduleRecycling(@NotNull Long version, @NotNull LocalDate pickupDate, @Size(max = 200) String recycler) {
    }

    @Schema(description = "The device was collected on recycledOn: it becomes recycled")
    public record CollectRecycling(@NotNull Long version, @NotNull LocalDate recycledOn,
                                   @DecimalMin("0") @DecimalMax("100000") @Digits(integer = 6, fraction = 3) BigDecimal weightKg) {
    }

    @Schema(description = "The recycler certified the collected device's recycling")
    public record CertifyRecycling(@NotNull Long version, @NotBlank @Size(max = 100) String certificateNumber) {
    }

    /** Fields left out keep their value. */
    public record ChangeRecycling(
            @NotNull Long version,
            @Size(min = 1, max = 100) String method,
            @DecimalMin("0") @DecimalMax("100000") @Digits(integer = 6, fraction = 3) BigDecimal weightKg,
            @Schema(description = "only on a certified record (certify it first)") @Size(min = 1, max = 100) String certificateNumber,
            @Size(max = 200) String recycler,
            @Schema(description = "only on a scheduled record") LocalDate pickupDate,
            @Schema(description = "only on a collected or certified record (collect it first)") LocalDate recycledOn) {
    }

    public record Recycling(UUID id, UUID hardwareId, UUID visitReportId,
                            @Schema(enumeration = {"requested", "scheduled", "collected", "certified"}) String status,
                            String method, BigDecimal weightKg, String certificateNumber, String recycler,
                            LocalDate pickupDate, LocalDate recycledOn,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    public record RecyclingPage(List<Recycling> items, long total, int page, int limit, boolean hasMore) {
    }

    /** One method in one month: how many devices and how many kilograms (exact decimal). */
    public record MonthMethod(String month, String method, long records, BigDecimal weightKg) {
    }

    public record RecyclingSummary(LocalDate from, LocalDate to, List<MonthMethod> rows, long records, BigDecimal weightKg) {
    }
}
