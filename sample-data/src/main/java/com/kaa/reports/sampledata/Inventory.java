package com.kaa.reports.sampledata;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Field-service entities as the inventory service publishes them (docs/events/*.v1.json). */
public final class Inventory {

    private Inventory() {
    }

    public record VisitReport(String id, String reportNumber, String office, String county, String technician,
                              String status, String priority, LocalDate visitDate, int completion, String purpose,
                              String summary, Instant updatedAt) {
    }

    public record Hardware(String id, String visitReportId, String category, String deviceName, String manufacturer,
                           String model, String serialNumber, String assetTag, String status, LocalDate purchaseDate,
                           LocalDate warrantyExpiry, String building, String floor, String room, Instant updatedAt) {
    }

    public record Recycling(String id, String hardwareId, String method, BigDecimal weightKg, String certificateNumber,
                            String recycler, LocalDate recycledOn, Instant updatedAt) {
    }
}
