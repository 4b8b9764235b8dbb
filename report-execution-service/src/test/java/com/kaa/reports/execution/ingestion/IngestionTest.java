package com.kaa.reports.execution.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.execution.datasets.Preview;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class IngestionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> EXAMPLES = Map.of(
            "UserUpserted.v1", "users", "PropertyUpserted.v1", "properties", "BookingUpserted.v1", "bookings",
            "PaymentRecorded.v1", "payments", "VisitReportUpserted.v1", "visit_reports",
            "HardwareUpserted.v1", "hardware", "RecyclingRecorded.v1", "recycling");

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void everyDocumentedEventIsIngestedIntoItsDataset() {
        EXAMPLES.forEach((type, dataset) -> send(type, event -> {
        }));
        EXAMPLES.forEach((type, dataset) -> await().atMost(Duration.ofSeconds(30))
                .until(() -> Preview.count(org, dataset, null) == 1));
    }

    /**
     * Failed before (dead-lettered): an outside producer using the CloudEvents SDK's Kafka serializer, which writes
     * binary mode (attributes in ce_* headers, the data as the value). Every ingested type is stored from it, and the
     * same event in both modes is stored once.
     */
    @Test
    void everyEventTypeIsIngestedFromTheCloudEventsSdksBinaryModeToo() throws Exception {
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                com.kaa.reports.platform.testing.KafkaTestResource.broker().bootstrapServers());
        try (var producer = new KafkaProducer<String, io.cloudevents.CloudEvent>(config,
                new StringSerializer(), new io.cloudevents.kafka.CloudEventSerializer())) {
            for (String type : EXAMPLES.keySet()) {
                ObjectNode example = (ObjectNode) JSON.readTree(EventSchemas.example(type));
                io.cloudevents.CloudEvent event = io.cloudevents.core.builder.CloudEventBuilder.v1()
                        .withId(example.path("id").asText()).withSource(java.net.URI.create(example.path("source").asText()))
                        .withType(type).withTime(java.time.OffsetDateTime.parse(example.path("time").asText()))
                        .withExtension("organization", org)
                        .withData("application/json", data(example).toString().getBytes(StandardCharsets.UTF_8)).build();
                var record = new ProducerRecord<String, io.cloudevents.CloudEvent>(topic(type),
                        data(example).path("id").asText(), event);
                producer.send(record).get();
                assertThat(record.headers().lastHeader("ce_type")).as("binary mode").isNotNull();
            }
        }
        EXAMPLES.forEach((type, dataset) -> send(type, event -> {
        }));   // the same events, structured
        EXAMPLES.forEach((type, dataset) -> await().atMost(Duration.ofSeconds(30))
                .until(() -> Preview.count(org, dataset, null) == 1));
        Thread.sleep(1_000);
        EXAMPLES.forEach((type, dataset) -> assertThat(Preview.count(org, dataset, null)).as(dataset).isEqualTo(1));
    }

    /**
     * The inventory's v2 events (issue 28's seed fields) fill the new columns, reports compute a device's current value
     * from them, v1 events still go in (new columns empty), and the check-out events on the hardware topic are skipped,
     * not dead-lettered.
     */
    @Test
    void theInventorysSecondVersionsFillTheNewColumnsAndTheFirstStillGoIn() {
        java.time.LocalDate bought = java.time.LocalDate.now().minusMonths(12);
        send("HardwareUpserted.v2", e -> data(e).put("purchaseDate", bought.toString()));
        send("HardwareUpserted.v1", e -> data(e).put("id", "hw-v1"));
        send("HardwareCheckedOut.v1", e -> {
        });
        send("VisitReportCreated.v2", e -> {
        });
        send("RecyclingRecorded.v2", e -> {
        });
        send("RecyclingRecorded.v1", e -> data(e).put("id", "rc-v1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "hardware", null) == 2
                && Preview.count(org, "visit_reports", null) == 1 && Preview.count(org, "recycling", null) == 2);

        Map<String, Object> device = Preview.rows(org, "hardware", """
                {"columns":["ip_address","mac_address","condition_rating","specifications","category_id","custom_fields","purchase_cost",
                 "current_value","next_audit_date"],"filters":[{"column":"id","op":"eq","value":"hw-00000001"}]}""").get(0);
        assertThat(device).containsEntry("ip_address", "10.20.0.15").containsEntry("mac_address", "08:00:2b:01:02:03")
                .containsEntry("category_id", "cat-0001").containsEntry("next_audit_date", "2027-03-02");
        assertThat(new BigDecimal(device.get("condition_rating").toString())).isEqualByComparingTo("4");
        assertThat(device.get("specifications").toString()).contains("\"memoryGb\":16");
        assertThat(device.get("custom_fields").toString()).contains("\"ram_gb\":16");
        // 145,000 over 36 months, 12 of them gone: the inventory service's figure
        assertThat(new BigDecimal(device.get("current_value").toString())).isEqualByComparingTo("96666.67");
        assertThat(Preview.rows(org, "hardware", """
                {"columns":["ip_address","condition_rating"],"filters":[{"column":"id","op":"eq","value":"hw-v1"}]}""").get(0))
                .containsEntry("ip_address", null);
        assertThat(Preview.rows(org, "visit_reports", "{\"columns\":[\"visit_type\"]}").get(0)).containsEntry("visit_type", "audit");
        assertThat(Preview.rows(org, "recycling", "{\"columns\":[\"id\",\"status\",\"pickup_date\"],\"sort\":[{\"column\":\"id\"}]}"))
                .extracting(r -> r.get("status")).containsExactly("certified", "collected");
    }

    @Test
    void redeliveryAndOlderVersionsChangeNothing() {
        String newer = send("PropertyUpserted.v1", e -> data(e).put("rent", "50000.00").put("updatedAt", "2026-03-02T00:00:00Z"));
        TopicReader.send("kaa.properties.v1", "prp-0000007", newer);
        send("PropertyUpserted.v1", e -> data(e).put("rent", "40000.00").put("updatedAt", "2026-03-01T00:00:00Z"));
        send("PropertyUpserted.v1", e -> data(e).put("id", "prp-marker").put("updatedAt", "2026-03-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "properties", "prp-marker") == 1);
        assertThat(rent("prp-0000007")).isEqualByComparingTo("50000.00");

        send("PropertyUpserted.v1", e -> data(e).put("rent", "52500.50").put("updatedAt", "2026-03-03T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> rent("prp-0000007").compareTo(new BigDecimal("52500.50")) == 0);
    }

    @Test
    void aDeletionIsATombstoneThatAnOlderUpsertCannotUndo() {
        send("UserUpserted.v1", e -> data(e).put("updatedAt", "2026-01-15T09:30:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "users", "usr-0000042") == 1);
        send("UserDeleted.v1", e -> data(e).put("id", "usr-0000042").put("updatedAt", "2026-02-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "users", "usr-0000042") == 0);
        send("UserUpserted.v1", e -> data(e).put("updatedAt", "2026-01-20T00:00:00Z"));
        send("UserUpserted.v1", e -> data(e).put("id", "usr-marker"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "users", "usr-marker") == 1);
        assertThat(Preview.count(org, "users", "usr-0000042")).isZero();
    }

    @Test
    void invalidEventsGoToTheDeadLetterTopicWithTheReasonAndIngestionGoesOn() {
        TopicReader.send("kaa.payments.v1", "broken", "{not json");
        send("PaymentRecorded.v1", e -> data(e).put("id", "pay-negative").put("amount", "-5"));
        send("PaymentRecorded.v1", e -> data(e).put("id", "pay-fraction").put("amount", "10.001"));
        send("PaymentRecorded.v1", e -> data(e).put("id", "pay-method").put("method", "cash"));
        send("PaymentRecorded.v1", e -> data(e).put("id", "pay-phone").put("phone", "call me"));
        send("PaymentRecorded.v1", e -> data(e).remove("updatedAt"));
        send("PaymentRecorded.v1", e -> {
            e.remove("organization");
            data(e).put("id", "pay-no-organization-" + org);
        });
        send("PaymentRecorded.v1", e -> e.put("type", "PaymentRefunded.v1"));
        send("PropertyUpserted.v1", e -> data(e).put("id", "prp-atlantis").put("county", "Atlantis"));
        send("PropertyUpserted.v1", e -> data(e).put("id", "prp-mixed-case").put("county", "  murang’a "));
        send("PaymentRecorded.v1", e -> data(e).put("id", "pay-after"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "payments", "pay-after") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "properties", "prp-mixed-case") == 1);
        assertThat(Preview.rows(org, "properties", "{\"columns\":[\"county\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"prp-mixed-case\"}]}"))
                .extracting(r -> r.get("county")).containsExactly("Murang'a");
        assertThat(Preview.count(org, "payments", null)).isEqualTo(1);

        List<String> reasons = TopicReader.readAll("kaa.payments.v1.dlq", Duration.ofSeconds(2)).stream()
                .filter(r -> r.value().contains(org) || r.key().equals("broken")).map(IngestionTest::reason).toList();
        assertThat(reasons).contains("amount must be between 0 and 999999999999 with at most 2 decimals",
                "method must be one of [bank, card, mpesa], was 'cash'",
                "phone is not a phone number (e.g. +254712345678 or 0712345678)",
                "updatedAt is required: it orders the versions of an entity",
                "the organization extension attribute is required (1 to 100 characters)");
        assertThat(reasons).anyMatch(r -> r.startsWith("not a CloudEvents JSON envelope"));
        assertThat(reasons).anyMatch(r -> r.startsWith("event type PaymentRefunded.v1 is not one of"));
        assertThat(TopicReader.readAll("kaa.properties.v1.dlq", Duration.ofSeconds(1)).stream()
                .filter(r -> r.value().contains(org)).map(IngestionTest::reason))
                .containsExactly("county 'Atlantis' is not one of Kenya's 47 counties");
    }

    @Test
    void payerPhoneNumbersAreKeptOnlyMasked() {
        send("PaymentRecorded.v1", e -> data(e).put("phone", "0712 345 678"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "payments", null) == 1);
        assertThat(Preview.rows(org, "payments", "{\"columns\":[\"phone\"]}"))
                .extracting(r -> r.get("phone")).containsExactly("+2547******78");
    }

    @Test
    void anotherOrganizationSeesNoneOfTheRows() {
        send("PaymentRecorded.v1", e -> {
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> Preview.count(org, "payments", null) == 1);
        String other = "org-" + UUID.randomUUID();
        EXAMPLES.values().forEach(dataset -> assertThat(Preview.count(other, dataset, null)).as(dataset).isZero());
        assertThat(Preview.count(other, "payments", "pay-00000001")).isZero();
    }

    /** Sends the documented example of a type for this test's organization, changed by {@code change}. */
    private String send(String type, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventSchemas.example(type));
            event.put("organization", org);
            change.accept(event);
            String value = event.toString();
            TopicReader.send(topic(type), data(event).path("id").asText(), value);
            return value;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String topic(String type) {
        return switch (type.replaceAll("(Upserted|Deleted|Recorded|Created|Updated|StatusChanged|CheckedOut|CheckedIn)\\.v\\d$", "")) {
            case "User" -> "kaa.users.v1";
            case "Property" -> "kaa.properties.v1";
            case "Booking" -> "kaa.bookings.v1";
            case "Payment" -> "kaa.payments.v1";
            case "VisitReport" -> "inventory.visit-reports.v1";
            case "Hardware" -> "inventory.hardware.v1";
            case "Recycling" -> "inventory.recycling.v1";
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static ObjectNode data(ObjectNode event) {
        return (ObjectNode) event.get("data");
    }

    private BigDecimal rent(String id) {
        List<Map<String, Object>> rows = Preview.rows(org, "properties",
                "{\"columns\":[\"rent\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"" + id + "\"}]}");
        return new BigDecimal(rows.get(0).get("rent").toString());
    }

    private static String reason(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
