package com.kaa.reports.inventory.checkouts;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * HardwareCheckedOut.v1 and HardwareCheckedIn.v1 on inventory.hardware.v1, keyed by the device so they stay in order
 * with its HardwareUpserted events. Each carries the whole check-out (docs/events).
 */
final class CheckoutEvents {

    static final String CHECKED_OUT = "HardwareCheckedOut.v1";
    static final String CHECKED_IN = "HardwareCheckedIn.v1";

    record CheckoutState(int version, UUID id, UUID hardwareId, UUID technicianId, UUID officeId, String location,
                         LocalDate expectedReturn, OffsetDateTime checkedOutAt, String checkedOutBy,
                         OffsetDateTime checkedInAt, String checkedInBy, OffsetDateTime updatedAt) {
    }

    private CheckoutEvents() {
    }

    static Outbox.Pending of(String organization, CheckoutRequests.Checkout c) {
        boolean returned = c.checkedInAt() != null;
        return new Outbox.Pending(Topics.HARDWARE, c.hardwareId().toString(), returned ? CHECKED_IN : CHECKED_OUT, organization,
                new CheckoutState(1, c.id(), c.hardwareId(), c.technicianId(), c.officeId(), c.location(), c.expectedReturn(),
                        c.checkedOutAt(), c.checkedOutBy(), c.checkedInAt(), c.checkedInBy(),
                        returned ? c.checkedInAt() : c.checkedOutAt()));
    }
}
