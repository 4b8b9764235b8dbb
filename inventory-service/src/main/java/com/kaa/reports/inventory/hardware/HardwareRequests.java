package com.kaa.reports.inventory.hardware;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the hardware API takes and gives. */
public final class HardwareRequests {

    static final String STATUSES = "in_use|spare|faulty|retired|recycled";
    static final String STATUS_MESSAGE = "must be in_use, spare, faulty, retired or recycled";
    public static final int MAX_BULK = 10_000;
    /** MAC-48 as Postgres' macaddr reads it: six pairs split by : or - (one kind), three quads split by ., or 12 digits. */
    static final String MAC = "[0-9A-Fa-f]{2}([:-])([0-9A-Fa-f]{2}\\1){4}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}|[0-9A-Fa-f]{12}";
    static final String MAC_MESSAGE = "must be a MAC address: 08:00:2b:01:02:03, 08-00-2b-01-02-03, 0800.2b01.0203 or 08002b010203";
    static final String MAC_DESCRIPTION = "MAC address in any common form; answered as 08:00:2b:01:02:03";
    /** Characters of specifications and of metadata, each, as JSON. */
    public static final int MAX_JSON = 16_000;

    private HardwareRequests() {
    }

    /** One device, as created alone, in bulk or from a CSV row. */
    public record NewHardware(
            @NotNull UUID visitReportId,
            @Schema(description = "free text, or left out with categoryId (then it is the category's name)") @Size(min = 1, max = 100) String category,
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
            @Size(max = 2000) String notes,
            @Schema(description = "IPv4 or IPv6 address, no prefix", examples = "10.20.0.15") @IpAddress String ipAddress,
            @Schema(description = MAC_DESCRIPTION, examples = "08:00:2b:01:02:03") @Pattern(regexp = MAC, message = MAC_MESSAGE) String macAddress,
            @Schema(description = "1 (poor) to 5 (as new)") @Min(1) @Max(5) Integer conditionRating,
            @Schema(description = "what the device is (cpu, memory, ...): any JSON object up to " + MAX_JSON + " characters") Map<String, Object> specifications,
            @Schema(description = "anything else to keep with the device: any JSON object up to " + MAX_JSON + " characters") Map<String, Object> metadata,
            @Schema(description = "a category of the organization (GET /categories): its custom fields apply") UUID categoryId,
            @Schema(description = "values of the category's custom fields, by key") Map<String, Object> customFields,
            @Schema(description = "what the device cost, for depreciation by its category") @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal purchaseCost) {
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
            @Size(max = 2000) String notes,
            @Schema(description = "IPv4 or IPv6 address, no prefix", examples = "10.20.0.15") @IpAddress String ipAddress,
            @Schema(description = MAC_DESCRIPTION, examples = "08:00:2b:01:02:03") @Pattern(regexp = MAC, message = MAC_MESSAGE) String macAddress,
            @Schema(description = "1 (poor) to 5 (as new)") @Min(1) @Max(5) Integer conditionRating,
            @Schema(description = "what the device is (cpu, memory, ...): any JSON object up to " + MAX_JSON + " characters") Map<String, Object> specifications,
            @Schema(description = "anything else to keep with the device: any JSON object up to " + MAX_JSON + " characters") Map<String, Object> metadata,
            @Schema(description = "a category of the organization (GET /categories): its custom fields apply") UUID categoryId,
            @Schema(description = "values of the category's custom fields, by key") Map<String, Object> customFields,
            @Schema(description = "what the device cost, for depreciation by its category") @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal purchaseCost) {
    }

    public record Hardware(UUID id, UUID visitReportId, String category, String deviceName, String manufacturer,
                           String model, String serialNumber, String assetTag, String status, LocalDate purchaseDate,
                           LocalDate warrantyExpiry, String building, String floor, String room, String notes,
                           String ipAddress, String macAddress, Integer conditionRating, JsonObjectText specifications,
                           JsonObjectText metadata, UUID categoryId, JsonObjectText customFields, BigDecimal purchaseCost,
                           @Schema(description = "the category's depreciation period") Integer depreciationMonths,
                           @Schema(description = "straight-line over the category's depreciationMonths from purchaseDate; absent without the three")
                           BigDecimal currentValue,
                           OffsetDateTime lastAuditedAt,
                           @Schema(description = "when the device is due to be seen again (its category's auditMonths after it was last seen)")
                           LocalDate nextAuditDate, OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
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
