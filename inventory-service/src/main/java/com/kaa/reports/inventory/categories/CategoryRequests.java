package com.kaa.reports.inventory.categories;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the categories API takes and gives. */
public final class CategoryRequests {

    static final int MAX_FIELDS = 30;

    private CategoryRequests() {
    }

    /** One custom field of a category's devices: its values live in the device's customFields under key. */
    @Schema(name = "CustomField")
    public record CustomField(
            @NotNull @Pattern(regexp = "[a-z][a-zA-Z0-9_]{0,39}", message = "must start with a lower-case letter and have up to 40 letters, digits or _") String key,
            @Size(max = 100) String label,
            @NotNull @Pattern(regexp = CustomFields.TYPES, message = "must be text, number, date, enum or boolean") String type,
            @Schema(description = "a device of the category must give it") boolean required,
            @Schema(description = "no two live devices of the category share a value") boolean unique,
            @Schema(description = "enum only: the allowed values") @Size(max = 100) List<@NotBlank @Size(max = 100) String> options,
            @Schema(description = "text only: the longest value (default 500)") @Min(1) @Max(2000) Integer maxLength,
            @Schema(description = "number only: the smallest value") BigDecimal min,
            @Schema(description = "number only: the largest value") BigDecimal max) {
    }

    public record CreateCategory(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description,
            @Size(max = MAX_FIELDS) List<@Valid @NotNull CustomField> fields,
            @Schema(description = "months between audits of its devices: a device not seen for that long is overdue") @Min(1) @Max(120) Integer auditMonths,
            @Schema(description = "straight-line depreciation of its devices' purchase cost over these months") @Min(1) @Max(600) Integer depreciationMonths) {
    }

    /** Fields left out keep their value; fields, when given, replace the list (values already stored are checked on the device's next write). */
    public record UpdateCategory(
            @NotNull Long version,
            @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
            @Size(max = 1000) String description,
            @Size(max = MAX_FIELDS) List<@Valid @NotNull CustomField> fields,
            @Min(1) @Max(120) Integer auditMonths,
            @Min(1) @Max(600) Integer depreciationMonths) {
    }

    public record Category(UUID id, String name, String description, List<CustomField> fields, Integer auditMonths,
                           Integer depreciationMonths, long devices, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                           long version) {
    }

    public record CategoryList(List<Category> items) {
    }
}
