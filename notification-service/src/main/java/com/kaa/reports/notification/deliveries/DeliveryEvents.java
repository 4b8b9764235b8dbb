package com.kaa.reports.notification.deliveries;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Events on notifications.deliveries.v1 (key: delivery id). */
public final class DeliveryEvents {

    public static final String SUCCEEDED = "DeliverySucceeded.v1";
    public static final String FAILED = "DeliveryFailed.v1";

    private DeliveryEvents() {
    }

    public record DeliveryOutcome(int version, UUID deliveryId, String eventId, String kind, String channel, String address,
                                  UUID executionId, UUID reportId, int attempts, String error, OffsetDateTime at) {
        static DeliveryOutcome of(Delivery d, int attempts, String error) {
            return new DeliveryOutcome(1, d.id(), d.eventId(), d.kind(), d.channel(), d.address(), d.executionId(),
                    d.reportId(), attempts, error, OffsetDateTime.now(java.time.ZoneOffset.UTC));
        }
    }
}
