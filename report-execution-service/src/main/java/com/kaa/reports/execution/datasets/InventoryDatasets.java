package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.events.Topics;

import java.util.List;
import java.util.Set;

import static com.kaa.reports.execution.datasets.CatalogColumn.attribute;
import static com.kaa.reports.execution.datasets.CatalogColumn.dimension;
import static com.kaa.reports.execution.datasets.CatalogColumn.measure;
import static com.kaa.reports.platform.queryspec.ColumnType.DATE;
import static com.kaa.reports.platform.queryspec.ColumnType.DECIMAL;
import static com.kaa.reports.platform.queryspec.ColumnType.INTEGER;
import static com.kaa.reports.platform.queryspec.ColumnType.STRING;
import static com.kaa.reports.platform.queryspec.ColumnType.TIMESTAMP;

/** The field-service datasets, fed by the inventory service on inventory.*.v1 (shapes in docs/events). */
final class InventoryDatasets {

    private InventoryDatasets() {
    }

    static Dataset visitReports() {
        return new Dataset("visit_reports", "Visit reports", "Field visits to client offices",
                Topics.VISIT_REPORTS, "ds_visit_reports",
                // each change event carries the whole visit report, so all of them upsert
                // (v2 added visitType: a v1 event stores it as empty)
                Set.of("VisitReportUpserted.v1", "VisitReportCreated.v1", "VisitReportUpdated.v1", "VisitReportStatusChanged.v1",
                        "VisitReportCreated.v2", "VisitReportUpdated.v2", "VisitReportStatusChanged.v2"),
                Set.of("VisitReportDeleted.v1"), Set.of("AttachmentAdded.v1"),
                List.of(Field.text("reportNumber", 50).required(), Field.text("office", 200).required(),
                        KaaDatasets.county(), Field.text("technician", 200),
                        Field.oneOf("status", Set.of("draft", "submitted", "in_review", "approved", "completed", "cancelled")).required(),
                        Field.oneOf("priority", Set.of("low", "normal", "high", "urgent")).required(),
                        Field.date("visitDate").required(), Field.integer("completion", 0, 100),
                        Field.text("purpose", 1000), Field.text("summary", 10000),
                        Field.oneOf("visitType", Set.of("routine", "installation", "repair", "audit", "emergency", "decommission"))),
                List.of(attribute("id", STRING, "Visit report", "t.id"),
                        attribute("report_number", STRING, "Report number", "t.report_number"),
                        dimension("office", STRING, "Office", "t.office"),
                        dimension("county", STRING, "County", "t.county"),
                        dimension("technician", STRING, "Technician", "t.technician"),
                        dimension("visit_type", STRING, "Visit type", "t.visit_type"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("priority", STRING, "Priority", "t.priority"),
                        dimension("visit_date", DATE, "Visit date", "t.visit_date"),
                        measure("completion", INTEGER, "Completion (%)", "t.completion"),
                        attribute("purpose", STRING, "Purpose", "t.purpose"),
                        attribute("summary", STRING, "Summary", "t.summary")));
    }

    static Dataset hardware() {
        return new Dataset("hardware", "Hardware", "Hardware inventoried during visits",
                Topics.HARDWARE, "ds_hardware",
                // v2 added the network, condition and JSON fields: a v1 event stores them as empty
                Set.of("HardwareUpserted.v1", "HardwareUpserted.v2"), Set.of("HardwareDeleted.v1"),
                // who holds a device is not a column of the device (its check-outs are the inventory service's history)
                Set.of("HardwareCheckedOut.v1", "HardwareCheckedIn.v1"),
                List.of(Field.text("visitReportId", 100).required(), Field.text("category", 100).required(),
                        Field.text("deviceName", 200), Field.text("manufacturer", 200), Field.text("model", 200),
                        Field.text("serialNumber", 200), Field.text("assetTag", 100),
                        Field.oneOf("status", Set.of("in_use", "spare", "faulty", "retired", "recycled")).required(),
                        Field.date("purchaseDate"), Field.date("warrantyExpiry"),
                        Field.text("building", 200), Field.text("floor", 50), Field.text("room", 100),
                        Field.text("ipAddress", 45), Field.text("macAddress", 17), Field.integer("conditionRating", 1, 5),
                        // above the inventory's caps: Postgres writes numbers out in full (1e300 is 301 digits)
                        Field.jsonObject("specifications", 100_000), Field.jsonObject("metadata", 100_000),
                        Field.text("categoryId", 100), Field.jsonObject("customFields", 200_000),
                        Field.decimal("purchaseCost", 12, 2), Field.integer("depreciationMonths", 1, 600),
                        Field.timestamp("lastAuditedAt"), Field.date("nextAuditDate")),
                List.of(attribute("id", STRING, "Hardware", "t.id"),
                        attribute("visit_report_id", STRING, "Visit report", "t.visit_report_id"),
                        dimension("category", STRING, "Category", "t.category"),
                        attribute("device_name", STRING, "Device", "t.device_name"),
                        dimension("manufacturer", STRING, "Manufacturer", "t.manufacturer"),
                        dimension("model", STRING, "Model", "t.model"),
                        attribute("serial_number", STRING, "Serial number", "t.serial_number"),
                        attribute("asset_tag", STRING, "Asset tag", "t.asset_tag"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("purchase_date", DATE, "Purchased", "t.purchase_date"),
                        dimension("warranty_expiry", DATE, "Warranty until", "t.warranty_expiry"),
                        dimension("building", STRING, "Building", "t.building"),
                        dimension("floor", STRING, "Floor", "t.floor"),
                        dimension("room", STRING, "Room", "t.room"),
                        attribute("ip_address", STRING, "IP address", "t.ip_address"),
                        attribute("mac_address", STRING, "MAC address", "t.mac_address"),
                        dimension("condition_rating", INTEGER, "Condition (1-5)", "t.condition_rating"),
                        attribute("specifications", STRING, "Specifications", "t.specifications"),
                        attribute("metadata", STRING, "Metadata", "t.metadata"),
                        attribute("category_id", STRING, "Category id", "t.category_id"),
                        attribute("custom_fields", STRING, "Custom fields", "t.custom_fields"),
                        measure("purchase_cost", DECIMAL, "Purchase cost", "t.purchase_cost"),
                        // straight line over the category's months from the purchase date, as the inventory service shows it
                        measure("current_value", DECIMAL, "Current value", """
                                case when t.purchase_cost is null or t.purchase_date is null or t.depreciation_months is null then null
                                     else round(t.purchase_cost * greatest(0, t.depreciation_months - greatest(0,
                                         extract(year from age(current_date, t.purchase_date)) * 12
                                         + extract(month from age(current_date, t.purchase_date))))::numeric / t.depreciation_months, 2) end"""),
                        dimension("next_audit_date", DATE, "Next audit", "t.next_audit_date"),
                        attribute("last_audited_at", TIMESTAMP, "Last seen", "t.last_audited_at")));
    }

    static Dataset recycling() {
        return new Dataset("recycling", "Recycling", "Hardware taken away for recycling",
                // v2 added the stages: status and pickupDate, and recycledOn only once collected
                Topics.RECYCLING, "ds_recycling", Set.of("RecyclingRecorded.v1", "RecyclingRecorded.v2"), Set.of("RecyclingDeleted.v1"),
                List.of(Field.text("hardwareId", 100).required(), Field.text("method", 100).required(),
                        Field.decimal("weightKg", 12, 3), Field.text("certificateNumber", 100),
                        Field.text("recycler", 200), Field.date("recycledOn"),
                        Field.oneOf("status", Set.of("requested", "scheduled", "collected", "certified")), Field.date("pickupDate")),
                List.of(attribute("id", STRING, "Record", "t.id"),
                        attribute("hardware_id", STRING, "Hardware", "t.hardware_id"),
                        dimension("method", STRING, "Method", "t.method"),
                        measure("weight_kg", DECIMAL, "Weight (kg)", "t.weight_kg"),
                        attribute("certificate_number", STRING, "Certificate", "t.certificate_number"),
                        dimension("recycler", STRING, "Recycler", "t.recycler"),
                        dimension("recycled_on", DATE, "Recycled on", "t.recycled_on"),
                        // a v1 record was a recycling done: collected
                        dimension("status", STRING, "Stage", "coalesce(t.status, 'collected')"),
                        dimension("pickup_date", DATE, "Pickup date", "t.pickup_date")));
    }
}
