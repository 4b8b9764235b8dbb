package com.kaa.reports.inventory.offices;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the offices API takes and gives. */
public final class OfficeRequests {

    private OfficeRequests() {
    }

    public record CreateOffice(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 500) String address,
            @Schema(description = "One of Kenya's 47 counties (any case)", examples = "Nairobi") @Size(max = 50) String county,
            @Size(max = 100) String region,
            @Email @Size(max = 254) String contactEmail) {
    }

    /** Fields left out keep their value. */
    public record UpdateOffice(
            @NotNull Long version,
            @Size(min = 1, max = 200) String name,
            @Size(max = 500) String address,
            @Size(max = 50) String county,
            @Size(max = 100) String region,
            @Email @Size(max = 254) String contactEmail) {
    }

    /** active=false: deactivated, kept for the visits that name it, refused for new visits and check-outs. */
    public record Office(UUID id, String name, String address, String county, String region, String contactEmail,
                         boolean active, OffsetDateTime createdAt, OffsetDateTime updatedAt, long version) {
    }

    public record OfficePage(List<Office> items, long total, int page, int limit, boolean hasMore) {
    }
}
