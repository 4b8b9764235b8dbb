package com.kaa.reports.inventory.hardware;

import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.UUID;

/** How hardware rows are read, and the event that announces a device's state. */
public final class HardwareRows {

    /** The columns a device is read from ({@link #read}), the network and JSON ones as text. */
    public static final String COLUMNS = columns("");

    /** {@link #COLUMNS} of a table aliased {@code alias} ("h." for "h"), for statements that join or update from another. */
    static String columns(String alias) {
        return """
                %1$sid, %1$svisit_report_id, %1$scategory, %1$sdevice_name, %1$smanufacturer, %1$smodel, %1$sserial_number,
                %1$sasset_tag, %1$sstatus, %1$spurchase_date, %1$swarranty_expiry, %1$sbuilding, %1$sfloor, %1$sroom, %1$snotes,
                host(%1$sip_address) as ip_address, %1$smac_address::text as mac_address, %1$scondition_rating,
                %1$sspecifications::text as specifications, %1$smetadata::text as metadata,
                %1$scategory_id, %1$scustom_fields::text as custom_fields, %1$spurchase_cost, %1$slast_audited_at, %1$snext_audit_date,
                (select c.depreciation_months from category c where c.id = %1$scategory_id) as depreciation_months,
                %1$screated_at, %1$supdated_at, %1$sversion""".formatted(alias);
    }

    /**
     * HardwareUpserted.v2 / HardwareDeleted.v1 on inventory.hardware.v1 (key: hardware id). v2 added the network,
     * condition and JSON fields; consumers still accept v1 (docs/events).
     */
    static final String UPSERTED = "HardwareUpserted.v2";
    static final String DELETED = "HardwareDeleted.v1";

    record HardwareUpserted(int version, UUID id, UUID visitReportId, String category, String deviceName, String manufacturer,
                            String model, String serialNumber, String assetTag, String status, LocalDate purchaseDate,
                            LocalDate warrantyExpiry, String building, String floor, String room, String notes,
                            String ipAddress, String macAddress, Integer conditionRating,
                            JsonObjectText specifications, JsonObjectText metadata, UUID categoryId, JsonObjectText customFields,
                            String purchaseCost, Integer depreciationMonths, OffsetDateTime lastAuditedAt, LocalDate nextAuditDate,
                            OffsetDateTime updatedAt) {
        static HardwareUpserted of(HardwareRequests.Hardware h) {
            return new HardwareUpserted(2, h.id(), h.visitReportId(), h.category(), h.deviceName(), h.manufacturer(), h.model(),
                    h.serialNumber(), h.assetTag(), h.status(), h.purchaseDate(), h.warrantyExpiry(), h.building(), h.floor(),
                    h.room(), h.notes(), h.ipAddress(), h.macAddress(), h.conditionRating(), h.specifications(),
                    h.metadata(), h.categoryId(), h.customFields(), h.purchaseCost() == null ? null : h.purchaseCost().toPlainString(),
                    h.depreciationMonths(), h.lastAuditedAt(), h.nextAuditDate(), h.updatedAt());
        }
    }

    /**
     * HardwareUpserted's data built by Postgres from {@link #COLUMNS} of a hardware row aliased {@code r}, for bulk writes that build
     * their events in SQL: the same fields as the record above, in the same JSON forms (HardwareTest compares the
     * two for the same device).
     */
    static final String UPSERTED_DATA_SQL = """
            json_build_object('version', 2, 'id', r.id, 'visitReportId', r.visit_report_id, 'category', r.category,
                              'deviceName', r.device_name, 'manufacturer', r.manufacturer, 'model', r.model,
                              'serialNumber', r.serial_number, 'assetTag', r.asset_tag, 'status', r.status,
                              'purchaseDate', r.purchase_date, 'warrantyExpiry', r.warranty_expiry, 'building', r.building,
                              'floor', r.floor, 'room', r.room, 'notes', r.notes, 'ipAddress', r.ip_address,
                              'macAddress', r.mac_address, 'conditionRating', r.condition_rating,
                              'specifications', r.specifications::json, 'metadata', r.metadata::json,
                              'categoryId', r.category_id, 'customFields', r.custom_fields::json,
                              'purchaseCost', r.purchase_cost::text, 'depreciationMonths', r.depreciation_months,
                              'lastAuditedAt', r.last_audited_at, 'nextAuditDate', r.next_audit_date,
                              'updatedAt', r.updated_at)""";

    record HardwareDeleted(int version, UUID id, OffsetDateTime updatedAt) {
    }

    private HardwareRows() {
    }

    public static HardwareRequests.Hardware read(Row r) {
        return new HardwareRequests.Hardware(r.getUUID("id"), r.getUUID("visit_report_id"), r.getString("category"),
                r.getString("device_name"), r.getString("manufacturer"), r.getString("model"), r.getString("serial_number"),
                r.getString("asset_tag"), r.getString("status"), r.getLocalDate("purchase_date"), r.getLocalDate("warranty_expiry"),
                r.getString("building"), r.getString("floor"), r.getString("room"), r.getString("notes"),
                r.getString("ip_address"), r.getString("mac_address"), r.getInteger("condition_rating"),
                new JsonObjectText(r.getString("specifications")), new JsonObjectText(r.getString("metadata")),
                r.getUUID("category_id"), new JsonObjectText(r.getString("custom_fields")), r.getBigDecimal("purchase_cost"),
                r.getInteger("depreciation_months"), Depreciation.currentValue(r.getBigDecimal("purchase_cost"), r.getLocalDate("purchase_date"),
                        r.getInteger("depreciation_months"), LocalDate.now(ZoneOffset.UTC)),
                r.getOffsetDateTime("last_audited_at"), r.getLocalDate("next_audit_date"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getLong("version"));
    }
}
