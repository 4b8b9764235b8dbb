package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record on every topic of the running suite, read as an outside consumer would: with the CloudEvents SDK's own
 * Kafka deserializer (io.cloudevents:cloudevents-kafka), of a type the AsyncAPI document lists for that channel, its data
 * valid against docs/events/&lt;type&gt;.json. Runs last (junit-platform.properties orders the classes), so it reads what
 * every other story produced; it also makes one of each kind of change itself, so it proves something when run alone.
 * Failed before: no record had the content-type header, so the SDK took them all for binary mode and failed.
 */
@ExtendWith(Suite.class)
@Order(Integer.MAX_VALUE)
class EventsOnTheTopicsTest {

    private static final String ORG = "events-" + UUID.randomUUID().toString().substring(0, 8);
    /** Schema checks per type: enough to catch a wrong shape without validating every progress event of the run. */
    private static final int VALIDATED_PER_TYPE = 25;

    @Test
    void everyRecordIsACloudEventTheSdkReadsOfATypeDocumentedForItsChannel() throws Exception {
        Set<String> caused = makeOneOfEachChange();
        Map<String, Set<String>> documented = documentedTypes();
        Map<String, Integer> seen = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
             CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topics.Topic topic : Topics.ALL) {
                consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.timestamp() < Suite.started().toEpochMilli()) {
                        continue;  // a developer's broker keeps earlier runs' records
                    }
                    try {
                        CloudEvent event = sdk.deserialize(record.topic(), record.headers(), record.value());
                        String type = event.getType();
                        if (!documented.getOrDefault(record.topic(), Set.of()).contains(type)) {
                            wrong.add(record.topic() + "@" + record.offset() + ": type " + type + " is not documented for the channel");
                        }
                        int count = seen.merge(type, 1, Integer::sum);
                        if (count <= VALIDATED_PER_TYPE) {
                            EventSchemas.assertValid(new String(record.value(), StandardCharsets.UTF_8));
                        }
                    } catch (RuntimeException | AssertionError e) {
                        wrong.add(record.topic() + "@" + record.offset() + ": " + e.getMessage());
                    }
                }
            }
        }
        System.out.printf("[events] read with the CloudEvents SDK, by type: %s%n", seen);
        assertThat(wrong).isEmpty();
        assertThat(seen.keySet()).containsAll(caused);
    }

    /** A report run, inventory changes, a webhook and Kaa payments: the event types they must cause. */
    private static Set<String> makeOneOfEachChange() throws Exception {
        String token = Suite.token(ORG, "ops@" + ORG + ".example", "admin,analyst");
        MpesaData.publish(ORG, 10, "127.0.0.1:9092");
        String report = Suite.as(token).body(Map.of("templateId", "00000000-0000-4000-8000-000000000002", "name", "Events " + ORG))
                .post("/api/v1/reports").then().statusCode(201).extract().path("id");
        Suite.runNow(token, report, Map.of());
        String office = Suite.as(token).body(Map.of("name", "Events office", "county", "Nairobi")).post("/api/v1/inventory/offices")
                .then().statusCode(201).extract().path("id");
        String visit = Suite.as(token).body(Map.of("officeId", office, "visitDate", LocalDate.now().toString(), "purpose", "Events"))
                .post("/api/v1/inventory/visit-reports").then().statusCode(201).extract().path("id");
        String device = Suite.as(token).body(Map.of("visitReportId", visit, "category", "laptop", "status", "in_use"))
                .post("/api/v1/inventory/hardware").then().statusCode(201).extract().path("id");
        Suite.as(token).body(Map.of("location", "Store room B")).post("/api/v1/inventory/hardware/" + device + "/checkout")
                .then().statusCode(201);
        Suite.as(token).body(Map.of()).post("/api/v1/inventory/hardware/" + device + "/checkin").then().statusCode(200);
        Suite.as(token).body(Map.of("hardwareId", device, "method", "e-waste", "recycledOn", LocalDate.now().toString()))
                .post("/api/v1/inventory/recycling").then().statusCode(201);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Response webhook = Suite.as(token).body(Map.of("url", receiver.url())).post("/api/v1/webhooks");
            assertThat(webhook.statusCode()).as(webhook.asString()).isEqualTo(201);
        }
        // the run finishes (its completion event is on the topic) before the topics are read
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Suite.as(token).queryParam("reportId", report).get("/api/v1/executions").<List<String>>path("items.status"),
                statuses -> statuses.contains("completed"));
        return new TreeSet<>(List.of("ReportDefinitionCreated.v1", "ExecutionRequested.v1", "ExecutionStarted.v1",
                "ExecutionCompleted.v1", "DatasetDeclared.v1", "VisitReportCreated.v2", "HardwareUpserted.v2",
                "HardwareCheckedOut.v1", "HardwareCheckedIn.v1", "RecyclingRecorded.v2", "WebhookRegistered.v1", "PaymentRecorded.v1", "AuditRecorded.v1"));
    }

    /** The event types of each channel of docs/asyncapi.yaml. */
    private static Map<String, Set<String>> documentedTypes() throws Exception {
        JsonNode doc = new YAMLMapper().readTree(Suite.ROOT.resolve("docs/asyncapi.yaml").toFile());
        Map<String, Set<String>> types = new TreeMap<>();
        doc.path("channels").fields().forEachRemaining(channel -> {
            Set<String> names = new TreeSet<>();
            channel.getValue().path("messages").forEach(ref -> {
                String key = ref.path("$ref").asText().replace("#/components/messages/", "");
                names.add(doc.path("components").path("messages").path(key).path("name").asText());
            });
            types.put(channel.getKey(), names);
        });
        return types;
    }
}
