package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.kenya.KenyaCounties;

import java.util.List;
import java.util.Set;

import static com.kaa.reports.execution.datasets.CatalogColumn.attribute;
import static com.kaa.reports.execution.datasets.CatalogColumn.dimension;
import static com.kaa.reports.execution.datasets.CatalogColumn.measure;
import static com.kaa.reports.platform.queryspec.ColumnType.DATE;
import static com.kaa.reports.platform.queryspec.ColumnType.INTEGER;
import static com.kaa.reports.platform.queryspec.ColumnType.MONEY;
import static com.kaa.reports.platform.queryspec.ColumnType.STRING;
import static com.kaa.reports.platform.queryspec.ColumnType.TIMESTAMP;

/**
 * The Kaa rental platform's datasets, fed by its producers on kaa.*.v1 (shapes in docs/events).
 * Local days and hours are computed in the report's time zone ({zone}); money is KES, exact.
 */
final class KaaDatasets {

    private KaaDatasets() {
    }

    static Field county() {
        return Field.normalized("county", "one of Kenya's 47 counties", name -> KenyaCounties.canonical(name).orElse(null));
    }

    static CatalogColumn localDate(String name, String label, String timestampColumn) {
        return dimension(name, DATE, label, "(t." + timestampColumn + " at time zone {zone})::date");
    }

    static Dataset users() {
        return new Dataset("users", "Users", "Kaa platform users (tenants, landlords, agents, admins)",
                Topics.USERS, "ds_users", Set.of("UserUpserted.v1"), Set.of("UserDeleted.v1"),
                List.of(Field.oneOf("role", Set.of("tenant", "landlord", "agent", "admin")).required(),
                        county(),
                        Field.oneOf("status", Set.of("active", "inactive", "suspended", "pending")).required(),
                        Field.timestamp("createdAt").required()),
                List.of(attribute("id", STRING, "User", "t.id"),
                        dimension("role", STRING, "Role", "t.role"),
                        dimension("county", STRING, "County", "t.county"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("created_at", TIMESTAMP, "Joined", "t.created_at"),
                        localDate("created_date", "Joined on", "created_at")));
    }

    static Dataset properties() {
        return new Dataset("properties", "Properties", "Kaa rental listings with rent in KES",
                Topics.PROPERTIES, "ds_properties", Set.of("PropertyUpserted.v1"), Set.of("PropertyDeleted.v1"),
                List.of(Field.text("ownerId", 100).required(), Field.text("title", 300),
                        Field.oneOf("type", Set.of("apartment", "house", "bedsitter", "studio", "villa", "commercial")).required(),
                        county().required(), Field.text("town", 100),
                        Field.decimal("rent", 14, 2).required(), Field.integer("bedrooms", 0, 100),
                        Field.oneOf("status", Set.of("available", "occupied", "inactive")).required(),
                        Field.timestamp("listedAt").required()),
                List.of(attribute("id", STRING, "Property", "t.id"),
                        attribute("owner_id", STRING, "Owner", "t.owner_id"),
                        attribute("title", STRING, "Title", "t.title"),
                        dimension("type", STRING, "Type", "t.type"),
                        dimension("county", STRING, "County", "t.county"),
                        dimension("town", STRING, "Town", "t.town"),
                        measure("rent", MONEY, "Rent (KES)", "t.rent"),
                        dimension("bedrooms", INTEGER, "Bedrooms", "t.bedrooms"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("listed_at", TIMESTAMP, "Listed", "t.listed_at"),
                        localDate("listed_date", "Listed on", "listed_at"),
                        // avg(occupancy) is the occupancy rate: occupied / all listings that are not inactive
                        measure("occupancy", INTEGER, "Occupied (1/0; inactive excluded)",
                                "case t.status when 'occupied' then 1 when 'available' then 0 end")));
    }

    static Dataset bookings() {
        return new Dataset("bookings", "Bookings", "Kaa bookings and leases",
                Topics.BOOKINGS, "ds_bookings", Set.of("BookingUpserted.v1"), Set.of("BookingDeleted.v1"),
                List.of(Field.text("propertyId", 100).required(), Field.text("tenantId", 100).required(),
                        Field.oneOf("status", Set.of("pending", "confirmed", "active", "completed", "cancelled")).required(),
                        Field.date("checkIn"), Field.date("checkOut"), Field.decimal("amount", 14, 2).required(),
                        Field.timestamp("createdAt").required()),
                List.of(attribute("id", STRING, "Booking", "t.id"),
                        attribute("property_id", STRING, "Property", "t.property_id"),
                        attribute("tenant_id", STRING, "Tenant", "t.tenant_id"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("check_in", DATE, "Check-in / lease start", "t.check_in"),
                        dimension("check_out", DATE, "Check-out / lease end", "t.check_out"),
                        measure("amount", MONEY, "Amount (KES)", "t.amount"),
                        dimension("created_at", TIMESTAMP, "Booked", "t.created_at"),
                        localDate("created_date", "Booked on", "created_at")));
    }

    static Dataset payments(PhoneNumbers phones) {
        return new Dataset("payments", "Payments", "Kaa payments incl. M-Pesa; payer phones masked",
                Topics.PAYMENTS, "ds_payments", Set.of("PaymentRecorded.v1"), Set.of(),
                List.of(Field.text("bookingId", 100), Field.text("payerId", 100).required(),
                        Field.oneOf("method", Set.of("mpesa", "card", "bank")).required(),
                        Field.decimal("amount", 14, 2).required(),
                        Field.oneOf("status", Set.of("success", "failed", "pending", "reversed")).required(),
                        Field.text("failureReason", 200), Field.text("mpesaReceipt", 30),
                        phones.masked(), phones.hashed(), Field.timestamp("occurredAt").required()),
                List.of(attribute("id", STRING, "Payment", "t.id"),
                        attribute("booking_id", STRING, "Booking", "t.booking_id"),
                        attribute("payer_id", STRING, "Payer", "t.payer_id"),
                        dimension("method", STRING, "Method", "t.method"),
                        measure("amount", MONEY, "Amount (KES)", "t.amount"),
                        dimension("status", STRING, "Status", "t.status"),
                        dimension("failure_reason", STRING, "Failure reason", "t.failure_reason"),
                        attribute("mpesa_receipt", STRING, "M-Pesa receipt", "t.mpesa_receipt"),
                        attribute("phone", STRING, "Phone (masked)", "t.phone_masked").asPii(),
                        dimension("occurred_at", TIMESTAMP, "Occurred", "t.occurred_at"),
                        localDate("occurred_date", "Day", "occurred_at"),
                        dimension("occurred_hour", INTEGER, "Hour of day (0-23)",
                                "extract(hour from t.occurred_at at time zone {zone})::int"),
                        measure("succeeded", INTEGER, "Successful (1/0)", "case when t.status = 'success' then 1 else 0 end"),
                        measure("failed", INTEGER, "Failed (1/0)", "case when t.status = 'failed' then 1 else 0 end"),
                        measure("successful_amount", MONEY, "Successful amount (KES)",
                                "case when t.status = 'success' then t.amount end")));
    }
}
