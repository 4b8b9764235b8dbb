package com.kaa.reports.platform.inbox;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.EventEnvelope;
import com.kaa.reports.platform.sample.NoteEvents;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A consumer that acts on some event types: the others cost no transaction and leave no inbox row. */
@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
class InboxTypesTest {

    @Inject
    Inbox inbox;

    @Inject
    EventCodec codec;

    @Inject
    Pool pool;

    @Inject
    io.vertx.core.Vertx vertx;

    @Test
    void anEventOfATypeTheConsumerIgnoresHasNoEffectAndNoInboxRow() {
        AtomicInteger effects = new AtomicInteger();
        String ignored = UUID.randomUUID().toString();
        String handled = UUID.randomUUID().toString();

        consume(ignored, "Ignored.v1", effects);
        consume(handled, "Handled.v1", effects);
        consume(handled, "Handled.v1", effects);   // redelivered: the inbox keeps it to one effect

        assertThat(effects).hasValue(1);
        assertThat(inboxRows(ignored)).isZero();
        assertThat(inboxRows(handled)).isOne();
    }

    private void consume(String id, String type, AtomicInteger effects) {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, id, "/tests", type, OffsetDateTime.now(), null,
                EventEnvelope.JSON, "org-types", null, codec.tree(java.util.Map.of("n", 1)));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(NoteEvents.TOPIC, 0, 0L, id, codec.write(envelope));
        // as a Kafka consumer calls it: on a safe duplicated Vert.x context (Hibernate Reactive needs one)
        CompletableFuture<Void> done = new CompletableFuture<>();
        VertxContext.getOrCreateDuplicatedContext(vertx).runOnContext(ignored -> {
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            inbox.consume("types-test", record, Set.of("Handled.v1"), event -> {
                effects.incrementAndGet();
                return Uni.createFrom().voidItem();
            }).subscribe().with(done::complete, done::completeExceptionally);
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long inboxRows(String eventId) {
        return pool.preparedQuery("select count(*) from inbox_message where consumer = 'types-test' and event_id = $1")
                .execute(Tuple.of(eventId)).await().indefinitely().iterator().next().getLong(0);
    }
}
