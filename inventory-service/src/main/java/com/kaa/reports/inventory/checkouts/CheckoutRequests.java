package com.kaa.reports.inventory.checkouts;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the check-out API takes and gives. */
public final class CheckoutRequests {

    private CheckoutRequests() {
    }

    @Schema(name = "CheckOutHardware", description = "To exactly one of a technician, an office or a location")
    public record CheckOut(UUID technicianId, UUID officeId,
                           @Schema(description = "a place that is neither (\"Store room B\")") @Size(min = 1, max = 200) String location,
                           @Schema(description = "when it should be back; past it the check-out is overdue") LocalDate expectedReturn,
                           @Size(max = 2000) String note) {
    }

    @Schema(name = "CheckInHardware")
    public record CheckIn(@Size(max = 2000) String note) {
    }

    /** One check-out, open (checkedInAt absent) or returned; holder names are today's. */
    @Schema(name = "HardwareCheckout")
    public record Checkout(UUID id, UUID hardwareId, String deviceName, String assetTag, String serialNumber,
                           UUID technicianId, String technicianName, UUID officeId, String officeName, String location,
                           LocalDate expectedReturn, String note, OffsetDateTime checkedOutAt, String checkedOutBy,
                           OffsetDateTime checkedInAt, String checkedInBy, String checkinNote, boolean overdue, long version) {
    }

    @Schema(name = "HardwareCheckoutPage")
    public record CheckoutPage(List<Checkout> items, long total, int page, int limit, boolean hasMore) {
    }
}
