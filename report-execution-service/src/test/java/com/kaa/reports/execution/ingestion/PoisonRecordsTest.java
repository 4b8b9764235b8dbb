package com.kaa.reports.execution.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.execution.datasets.Preview;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.PoisonRecords;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * Every ingestion topic: a record that parses as JSON but that Postgres or the dataset's rules refuse (a year past
 * 9999, a NUL in text, a number too wide for its column) goes to {@code <topic>.dlq} with the reason, the next record
 * of the same poll is stored, and readiness stays UP. Such a record once failed its whole batch, forever, and the
 * channel with it: no organization's data was ingested any more.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class PoisonRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAR_DAY = "+57440-04-10";
    private static final String FAR_TIME = "+10000-01-01T00:00:00Z";

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void aUserWithATimestampPastYear9999IsDeadLetteredAndTheNextIsStored() {
        assertSkipped("UserUpserted.v1", Topics.USERS, "users",
                e -> data(e).put("createdAt", FAR_TIME),
                e -> data(e).put("createdAt", "9999-12-31T23:00:00-05:00"),
                e -> data(e).put("updatedAt", FAR_DAY + "T00:00:00Z"),
                e -> data(e).put("createdAt", "0001-01-01T00:00:00+03:00"));
    }

    @Test
    void aPropertyWithAFarListingDateOrANulIsDeadLetteredAndTheNextIsStored() {
        assertSkipped("PropertyUpserted.v1", Topics.PROPERTIES, "properties",
                e -> data(e).put("listedAt", FAR_TIME),
                e -> data(e).put("title", "flat\u0000 in Kilimani"),
                e -> data(e).put("id", "prp-\u0000"));
    }

    @Test
    void aBookingWithACheckInPastYear9999IsDeadLetteredAndTheNextIsStored() {
        assertSkipped("BookingUpserted.v1", Topics.BOOKINGS, "bookings",
                e -> data(e).put("checkIn", FAR_DAY),
                e -> data(e).put("checkOut", "0000-12-31"),
                e -> data(e).put("tenantId", "usr-\u0000"));
    }

    @Test
    void aPaymentPastYear9999OrWithANulIsDeadLetteredAndTheNextIsStored() {
        assertSkipped("PaymentRecorded.v1", Topics.PAYMENTS, "payments",
                e -> data(e).put("occurredAt", FAR_TIME),
                e -> data(e).put("failureReason", "insufficient\u0000funds"),
                e -> e.put("organization", org + "\u0000"));
    }

    @Test
    void aVisitReportDatedPastYear9999IsDeadLetteredAndTheNextIsStored() {
        assertSkipped("VisitReportUpserted.v1", Topics.VISIT_REPORTS, "visit_reports",
                e -> data(e).put("visitDate", FAR_DAY),
                e -> data(e).put("visitDate", "+10000-01-01"),
                e -> data(e).put("summary", "all fine\u0000"));
    }

    @Test
    void hardwareWithAFarPurchaseOrWarrantyDateIsDeadLetteredAndTheNextIsStored() {
        assertSkipped("HardwareUpserted.v1", Topics.HARDWARE, "hardware",
                e -> data(e).put("purchaseDate", FAR_DAY),
                e -> data(e).put("warrantyExpiry", "+10000-01-01"),
                e -> data(e).put("deviceName", "laptop\u0000"));
    }

    @Test
    void recyclingPastYear9999OrTooHeavyForItsColumnIsDeadLetteredAndTheNextIsStored() {
        assertSkipped("RecyclingRecorded.v1", Topics.RECYCLING, "recycling",
                e -> data(e).put("recycledOn", FAR_DAY),
                // numeric(12,3): nine digits before the point
                e -> data(e).put("weightKg", "1000000000"),
                e -> data(e).put("recycler", "\u0000"));
    }

    @Test
    void theFirstAndLastDaysOfYears0001To9999AreStored() {
        String id = "edge-" + UUID.randomUUID();
        TopicReader.send(Topics.HARDWARE, id, event("HardwareUpserted.v1", e -> data(e).put("id", id)
                .put("purchaseDate", "0001-01-01").put("warrantyExpiry", "9999-12-31").put("updatedAt", "9999-12-31T23:59:59.999999Z")));
        TopicReader.send(Topics.USERS, id, event("UserUpserted.v1", e -> data(e).put("id", id)
                .put("createdAt", "0001-01-01T00:00:00Z").put("updatedAt", "0001-01-01T03:00:00+03:00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "hardware", id) == 1 && Preview.count(org, "users", id) == 1);
    }

    @SafeVarargs
    private void assertSkipped(String type, String topic, String dataset, Consumer<ObjectNode>... poisons) {
        List<String> records = new ArrayList<>(PoisonRecords.UNREADABLE);
        for (Consumer<ObjectNode> poison : poisons) {
            records.add(event(type, e -> {
                data(e).put("id", "poison-" + UUID.randomUUID());
                poison.accept(e);
            }));
        }
        String goodId = "good-" + UUID.randomUUID();
        PoisonRecords.assertSkipped(topic, records, goodId, event(type, e -> data(e).put("id", goodId)),
                () -> Preview.count(org, dataset, goodId) == 1);
    }

    private String event(String type, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventSchemas.example(type));
            event.put("organization", org);
            change.accept(event);
            return event.toString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }
}
