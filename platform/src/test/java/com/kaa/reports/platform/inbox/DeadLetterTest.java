package com.kaa.reports.platform.inbox;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.sample.NoteEvents;
import com.kaa.reports.platform.sample.Notes;
import com.kaa.reports.platform.testing.TopicReader;
import com.kaa.reports.platform.testing.KafkaTestResource;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A record that cannot be processed goes to the topic's .dlq with the reason, and the partition moves on. */
@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
class DeadLetterTest {

    @Inject
    Pool pool;

    @Test
    void unreadableRecordGoesToTheDlqAndLaterRecordsAreStillProcessed() throws Exception {
        String key = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(NoteEvents.TOPIC, key, "{this is not json")).get();
        }
        List<UUID> after = Notes.create("org-" + UUID.randomUUID(), 3, "after the bad one");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, after)).containsOnly(1L));
        ConsumerRecord<String, String> dead = awaitDeadLetter(key);
        assertThat(dead.value()).isEqualTo("{this is not json");
        assertThat(header(dead, "dead-letter-reason")).contains("not a CloudEvents JSON envelope");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(NoteEvents.TOPIC);
    }

    @Test
    void effectThatKeepsFailingIsRetriedThenDeadLetteredWithoutBlockingThePartition() {
        String org = "org-" + UUID.randomUUID();
        UUID poison = Notes.create(org, 1, "poison").get(0);
        List<UUID> after = Notes.create(org, 3, "fine");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, after)).containsOnly(1L));
        ConsumerRecord<String, String> dead = awaitDeadLetter(poison.toString());
        assertThat(header(dead, "dead-letter-reason")).contains("poison note " + poison);
        assertThat(Notes.copiesPerNote(pool, List.of(poison))).containsOnly(0L);
    }

    // failed before: after max-attempts (3 here) an event that met a database outage was dead-lettered, never applied
    @Test
    void anEventThatMeetsADatabaseOutageWaitsForItAndIsAppliedNotDeadLettered() {
        String org = "org-" + UUID.randomUUID();
        UUID waiting = Notes.create(org, 1, "outage").get(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, List.of(waiting))).containsOnly(1L));
        assertThat(TopicReader.readAll(Topics.dlq(NoteEvents.TOPIC), Duration.ofSeconds(1)).stream()
                .noneMatch(r -> waiting.toString().equals(r.key()))).isTrue();
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String key) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicReader.readAll(Topics.dlq(NoteEvents.TOPIC), Duration.ofSeconds(1)).stream()
                        .filter(r -> key.equals(r.key())).findFirst().orElse(null),
                record -> record != null);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
