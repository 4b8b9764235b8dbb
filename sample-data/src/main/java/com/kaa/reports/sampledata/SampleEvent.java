package com.kaa.reports.sampledata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/** One Kafka record of an ingestion topic: the entity id as key, a CloudEvents 1.0 JSON envelope as value. */
public record SampleEvent(String topic, String key, String value) {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    /** {@code entity} is one of the records of {@link Kaa} or {@link Inventory}; updatedAt is added when it has none. */
    public static SampleEvent of(String topic, String type, String organization, String id, Object entity, Instant updatedAt) {
        ObjectNode data = JSON.valueToTree(entity);
        if (!data.has("updatedAt")) {
            data.put("updatedAt", updatedAt.toString());
        }
        ObjectNode envelope = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/kaa/sample-data")
                .put("type", type)
                .put("time", Instant.now().toString())
                .put("subject", id)
                .put("datacontenttype", "application/json")
                .put("organization", organization);
        envelope.set("data", data);
        return new SampleEvent(topic, id, envelope.toString());
    }

    public static SampleEvent user(String organization, Kaa.User user) {
        return of("kaa.users.v1", "UserUpserted.v1", organization, user.id(), user, user.createdAt());
    }

    public static SampleEvent property(String organization, Kaa.Property property) {
        return of("kaa.properties.v1", "PropertyUpserted.v1", organization, property.id(), property, property.listedAt());
    }

    public static SampleEvent booking(String organization, Kaa.Booking booking) {
        return of("kaa.bookings.v1", "BookingUpserted.v1", organization, booking.id(), booking, booking.createdAt());
    }

    public static SampleEvent payment(String organization, Kaa.Payment payment) {
        return of("kaa.payments.v1", "PaymentRecorded.v1", organization, payment.id(), payment, payment.occurredAt());
    }

    public static SampleEvent visitReport(String organization, Inventory.VisitReport report) {
        return of("inventory.visit-reports.v1", "VisitReportUpserted.v1", organization, report.id(), report, report.updatedAt());
    }

    public static SampleEvent hardware(String organization, Inventory.Hardware item) {
        return of("inventory.hardware.v1", "HardwareUpserted.v1", organization, item.id(), item, item.updatedAt());
    }

    public static SampleEvent recycling(String organization, Inventory.Recycling record) {
        return of("inventory.recycling.v1", "RecyclingRecorded.v1", organization, record.id(), record, record.updatedAt());
    }
}
