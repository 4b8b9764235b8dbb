package com.kaa.reports.inventory.hardware;

import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.util.UUID;

/** How hardware rows are read, and the event that announces a device's state. */
public final class HardwareRows {

    public static final String COLUMNS = """
            id, visit_report_id, category, device_name, manufacturer, model, serial_number, asset_tag, status,
            purchase_date, warranty_expiry, building, floor, room, notes, created_at, updated_at, version""";

    /** HardwareUpserted.v1 / HardwareDeleted.v1 on inventory.hardware.v1 (key: hardware id). */
    static final String UPSERTED = "HardwareUpserted.v1";
    static final String DELETED = "HardwareDeleted.v1";

    record HardwareUpserted(int version, UUID id, UUID visitReportId, String category, String deviceName, String manufacturer,
                            String model, String serialNumber, String assetTag, String status, LocalDate purchaseDate,
                            LocalDate warrantyExpiry, String building, String floor, String room, String notes,
                            OffsetDateTime updatedAt) {
        static HardwareUpserted of(HardwareRequests.Hardware h) {
            return new HardwareUpserted(1, h.id(), h.visitReportId(), h.category(), h.deviceName(), h.manufacturer(), h.model(),
                    h.serialNumber(), h.assetTag(), h.status(), h.purchaseDate(), h.warrantyExpiry(), h.building(), h.floor(),
                    h.room(), h.notes(), h.updatedAt());
        }
    }

    /**
     * HardwareUpserted's data built by Postgres from a hardware row aliased {@code r}, for bulk writes that build
     * their events in SQL: the same fields as the record above, in the same JSON forms (HardwareTest compares the
     * two for the same device).
     */
    static final String UPSERTED_DATA_SQL = """
            json_build_object('version', 1, 'id', r.id, 'visitReportId', r.visit_report_id, 'category', r.category,
                              'deviceName', r.device_name, 'manufacturer', r.manufacturer, 'model', r.model,
                              'serialNumber', r.serial_number, 'assetTag', r.asset_tag, 'status', r.status,
                              'purchaseDate', r.purchase_date, 'warrantyExpiry', r.warranty_expiry, 'building', r.building,
                              'floor', r.floor, 'room', r.room, 'notes', r.notes, 'updatedAt', r.updated_at)""";

    record HardwareDeleted(int version, UUID id, OffsetDateTime updatedAt) {
    }

    private HardwareRows() {
    }

    public static HardwareRequests.Hardware read(Row r) {
        return new HardwareRequests.Hardware(r.getUUID("id"), r.getUUID("visit_report_id"), r.getString("category"),
                r.getString("device_name"), r.getString("manufacturer"), r.getString("model"), r.getString("serial_number"),
                r.getString("asset_tag"), r.getString("status"), r.getLocalDate("purchase_date"), r.getLocalDate("warranty_expiry"),
                r.getString("building"), r.getString("floor"), r.getString("room"), r.getString("notes"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
