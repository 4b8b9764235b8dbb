package com.kaa.reports.sampledata;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Publishes sample events like a real producer would: idempotent, acks=all, batched. */
public final class Publisher implements AutoCloseable {

    private static final byte[] CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.US_ASCII);

    private final KafkaProducer<String, String> producer;
    private Future<?> last;
    private long sent;

    public Publisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer());
    }

    public void send(SampleEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.value());
        // structured mode, said as the Kafka binding says it: a CloudEvents consumer (the SDK's deserializer) reads the
        // value as the whole envelope only with this header; without it, it takes the record for binary mode
        record.headers().add("content-type", CONTENT_TYPE);
        last = producer.send(record);
        sent++;
    }

    public void sendAll(Iterable<SampleEvent> events) {
        events.forEach(this::send);
    }

    /** Waits until the broker has every event sent so far; returns how many that is. */
    public long flush() {
        producer.flush();
        if (last != null) {
            try {
                last.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the broker refused an event: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return sent;
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
