package com.kaa.reports.execution.ingestion;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends records that can never be ingested to {@code <topic>.dlq}, unchanged, with the same
 * {@code dead-letter-*} headers the connector's dead-letter strategy writes (reason, origin topic,
 * partition, offset), so one tool can inspect and replay every DLQ of the suite. Completes when the
 * broker has acknowledged them all: only then may the batch's offsets be committed.
 */
@ApplicationScoped
public class DeadLetters {

    /** A record and why it was refused. */
    public record Rejected(ConsumerRecord<String, String> record, String reason) {
    }

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel("ingestion-dlq") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(rejected)
                .onItem().transformToUniAndMerge(r -> emitter.sendMessage(message(r)))
                .collect().last().replaceWithVoid();
    }

    private static Message<String> message(Rejected rejected) {
        ConsumerRecord<String, String> record = rejected.record();
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add("dead-letter-reason", bytes(rejected.reason()));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + ".dlq").withKey(record.key()).withHeaders(headers).build();
        return Message.of(record.value()).addMetadata(metadata);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
