package com.kaa.reports.sampledata;

import java.math.BigDecimal;
import java.time.Instant;

/** The Kaa rental platform's entities as its producers publish them (docs/events/*Upserted.v1.json). */
public final class Kaa {

    private Kaa() {
    }

    public record User(String id, String role, String county, String status, Instant createdAt) {
    }

    public record Property(String id, String ownerId, String title, String type, String county, String town,
                           BigDecimal rent, int bedrooms, String status, Instant listedAt) {
    }

    public record Booking(String id, String propertyId, String tenantId, String status, String checkIn,
                          String checkOut, BigDecimal amount, Instant createdAt) {
    }

    public record Payment(String id, String bookingId, String payerId, String method, BigDecimal amount,
                          String status, String failureReason, String mpesaReceipt, String phone, Instant occurredAt) {
    }
}
