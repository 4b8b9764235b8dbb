package com.kaa.reports.platform.outbox;

import com.kaa.reports.platform.sample.NoteEvents;
import com.kaa.reports.platform.sample.Notes;
import com.kaa.reports.platform.testing.TopicReader;
import com.kaa.reports.platform.testing.KafkaBroker;
import com.kaa.reports.platform.testing.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events written through the outbox reach a consumer with an inbox exactly once in effect: in the
 * normal case, across a broker outage, and when the relay dies between publishing and marking sent.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
class OutboxToInboxTest {

    @Inject
    Pool pool;
    @Inject
    OutboxRelay relay;
    @Inject
    OutboxConfig config;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyEventHasExactlyOneEffect() {
        List<UUID> notes = Notes.create("org-" + UUID.randomUUID(), 60, "hello");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, notes)).hasSize(60).containsOnly(1L));
    }

    @Test
    void brokerOutageDelaysEventsButLosesNone() {
        String org = "org-" + UUID.randomUUID();
        List<UUID> notes = new ArrayList<>(Notes.create(org, 20, "before outage"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, notes)).containsOnly(1L));

        KafkaBroker broker = KafkaTestResource.broker();
        broker.kill();
        try {
            // writes go on while the broker is gone: the events wait in the outbox
            notes.addAll(Notes.create(org, 30, "during outage"));
            assertThat(Notes.unpublished(pool)).isGreaterThanOrEqualTo(30);
        } finally {
            broker.start();
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(Notes.copiesPerNote(pool, notes)).hasSize(50).containsOnly(1L));
    }

    @Test
    void relayCrashBetweenPublishAndMarkSentCausesDuplicatesThatTheInboxAbsorbs() {
        OutboxRelay crashing = new OutboxRelay(pool, config, registry, java.util.Map.of("bootstrap.servers", bootstrapServers)) {
            @Override
            protected void markPublished(SqlConnection connection, List<Long> ids) {
                throw new IllegalStateException("relay process died after publishing");
            }
        };
        List<UUID> notes;
        relay.pause();
        try {
            notes = Notes.create("org-" + UUID.randomUUID(), 25, "crash");
            // the crashing relay publishes everything, then dies before its commit: nothing is marked sent
            int marked = crashing.relayBatch();
            assertThat(marked).isZero();
            assertThat(Notes.unpublished(pool)).isGreaterThanOrEqualTo(25);
        } finally {
            crashing.onStop(null);
            relay.resume();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Notes.unpublished(pool)).isZero();
            assertThat(Notes.copiesPerNote(pool, notes)).hasSize(25).containsOnly(1L);
        });
        // the broker really did carry every one of these events twice
        Set<String> ids = notes.stream().map(UUID::toString).collect(Collectors.toSet());
        var records = TopicReader.readAll(NoteEvents.TOPIC, Duration.ofSeconds(2)).stream()
                .filter(r -> ids.contains(r.key())).toList();
        assertThat(records).hasSize(50);
        // failed before: no content-type header, so a CloudEvents Kafka deserializer read them as binary mode
        assertThat(records).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("content-type").value(),
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("application/cloudevents+json; charset=UTF-8"));
        // and the CloudEvents SDK's own Kafka deserializer reads each of them as the event it is
        try (var sdk = new io.cloudevents.kafka.CloudEventDeserializer()) {
            for (var r : records) {
                io.cloudevents.CloudEvent event = sdk.deserialize(r.topic(), r.headers(),
                        r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertThat(event.getSpecVersion()).isEqualTo(io.cloudevents.SpecVersion.V1);
                assertThat(event.getType()).isNotBlank();
                assertThat(event.getExtension("organization")).isNotNull();
                assertThat(event.getData()).isNotNull();
            }
        }
    }

    @Test
    void twoRelaysTogetherKeepEachKeysOrderAndPublishEachEventOnce() throws Exception {
        OutboxRelay secondReplica = new OutboxRelay(pool, config, registry, java.util.Map.of("bootstrap.servers", bootstrapServers));
        String org = "org-" + UUID.randomUUID();
        List<UUID> notes = Notes.create(org, 6, "ordered");
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread replica = new Thread(() -> {
            while (!stop.get()) {
                secondReplica.relayBatch();
            }
        });
        replica.start();
        try {
            for (int round = 0; round < 15; round++) {
                for (UUID note : notes) {
                    Notes.edit(org, note);
                }
            }
        } finally {
            await().atMost(Duration.ofSeconds(30)).until(() -> Notes.unpublished(pool) == 0);
            stop.set(true);
            replica.join();
            secondReplica.onStop(null);
        }

        var onTopic = TopicReader.readAll(NoteEvents.TOPIC, Duration.ofSeconds(2));
        for (UUID note : notes) {
            List<Integer> seqs = onTopic.stream().filter(r -> r.key().equals(note.toString()))
                    .filter(r -> r.value().contains(NoteEvents.NoteEdited.TYPE))
                    .map(r -> Integer.parseInt(r.value().replaceAll(".*\"seq\":(\\d+).*", "$1")))
                    .toList();
            assertThat(seqs).as("edits of note %s in topic order", note)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 15).boxed().toList());
        }
    }
}
