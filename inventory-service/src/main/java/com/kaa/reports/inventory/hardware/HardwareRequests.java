package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the hardware API takes and gives. */
public final class HardwareRequests {

    static final String STATUSES = "in_use|spare|faulty|retired|recycled";
    static final String STATUS_MESSAGE = "must be in_use, spare, faulty, retired or recycled";
    public static final int MAX_BULK = 10_000;

    private HardwareRequests() {
    }

    /** One device, as created alone, in bulk or from a CSV row. */
    public record NewHardware(
            @NotNull UUID visitReportId,
            @NotBlank @Size(max = 100) String category,
            @Size(max = 200) String deviceName,
            @Size(max = 200) String manufacturer,
            @Size(max = 200) String model,
            @Size(max = 200) String serialNumber,
            @Size(max = 100) String assetTag,
            @NotNull @Pattern(regexp = STATUSES, message = STATUS_MESSAGE) String status,
            LocalDate purchaseDate,
            LocalDate warrantyExpiry,
            @Size(max = 200) String building,
            @Size(max = 50) String floor,
            @Size(max = 100) String room,
            @Size(max = 2000) String notes) {
    }

    /** Fields left out keep their value. In bulk, id says which device and version (optional) guards it. */
    public record HardwareChange(
            UUID id,
            Long version,
            @Size(min = 1, max = 100) String category,
            @Size(max = 200) String deviceName,
            @Size(max = 200) String manufacturer,
            @Size(max = 200) String model,
            @Size(max = 200) String serialNumber,
            @Size(max = 100) String assetTag,
            @Pattern(regexp = STATUSES, message = STATUS_MESSAGE) String status,
            LocalDate purchaseDate,
            LocalDate warrantyExpiry,
            @Size(max = 200) String building,
            @Size(max = 50) String floor,
            @Size(max = 100) String room,
            @Size(max = 2000) String notes) {
    }

    public record Hardware(UUID id, UUID visitReportId, String category, String deviceName, String manufacturer,
                           String model, String serialNumber, String assetTag, String status, LocalDate purchaseDate,
                           LocalDate warrantyExpiry, String building, String floor, String room, String notes,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    public record HardwarePage(List<Hardware> items, Long total, Integer page, int limit, boolean hasMore, String nextCursor) {
    }

    @Schema(name = "BulkMode", description = "atomic: all items or none (any invalid item is a 422 naming each); partial: every valid item, the others reported")
    public enum Mode { atomic, partial }

    public record BulkCreate(@NotNull Mode mode,
                             @NotNull @Size(min = 1, max = MAX_BULK) List<NewHardware> items) {
    }

    public record BulkUpdate(@NotNull Mode mode,
                             @NotNull @Size(min = 1, max = MAX_BULK) List<HardwareChange> items) {
    }

    /** The outcome of one item: created, updated or error (with the reason); line is the CSV line of an import. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, Integer line, String outcome, UUID id, Long version, String error) {
    }

    public record BulkResult(Mode mode, int succeeded, int failed, List<ItemResult> results) {
    }
}
