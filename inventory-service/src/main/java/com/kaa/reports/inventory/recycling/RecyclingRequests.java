package com.kaa.reports.inventory.recycling;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the recycling API takes and gives. */
public final class RecyclingRequests {

    private RecyclingRequests() {
    }

    public record RecordRecycling(
            @NotNull UUID hardwareId,
            @NotBlank @Size(max = 100) String method,
            @DecimalMin("0") @DecimalMax("100000") @Digits(integer = 6, fraction = 3) BigDecimal weightKg,
            @Size(max = 100) String certificateNumber,
            @Size(max = 200) String recycler,
            @NotNull LocalDate recycledOn) {
    }

    /** Fields left out keep their value. */
    public record ChangeRecycling(
            @NotNull Long version,
            @Size(min = 1, max = 100) String method,
            @DecimalMin("0") @DecimalMax("100000") @Digits(integer = 6, fraction = 3) BigDecimal weightKg,
            @Size(max = 100) String certificateNumber,
            @Size(max = 200) String recycler,
            LocalDate recycledOn) {
    }

    public record Recycling(UUID id, UUID hardwareId, UUID visitReportId, String method, BigDecimal weightKg,
                            String certificateNumber, String recycler, LocalDate recycledOn,
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
