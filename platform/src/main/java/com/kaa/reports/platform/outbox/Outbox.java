package com.kaa.reports.platform.outbox;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.EventEnvelope;
import com.kaa.reports.platform.tracing.Traces;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes events to the outbox table. Call it inside the transaction that changes the state the event
 * announces (e.g. within {@code Panache.withTransaction} or a {@code @WithTransaction} method): both
 * commit or neither does, and the {@link OutboxRelay} publishes what committed.
 */
@ApplicationScoped
public class Outbox {

    private final EventCodec codec;
    private final OutboxConfig config;
    private final String source;

    public Outbox(EventCodec codec, OutboxConfig config,
                  @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.codec = codec;
        this.config = config;
        this.source = "/kaa-reports/" + applicationName;
    }

    /**
     * @param topic        one of {@link com.kaa.reports.platform.events.Topics}
     * @param key          the aggregate id: the Kafka key, so one aggregate's events stay in order
     * @param type         the CloudEvents type, versioned, e.g. {@code ExecutionRequested.v1}
     * @param organization the organization the event belongs to (CloudEvents extension)
     * @param data         an immutable event record
     */
    public Uni<EventEnvelope> publish(String topic, String key, String type, String organization, Object data) {
        return publish(topic, key, type, organization, data, Traces.current());
    }

    /**
     * Like {@link #publish(String, String, String, String, Object)}, in the trace of {@code traceparent}
     * rather than the current span's: for work that runs outside the request or event that caused it
     * (a queued execution publishes its outcome in the trace of its request).
     */
    public Uni<EventEnvelope> publish(String topic, String key, String type, String organization, Object data,
                                      String traceparent) {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(), source, type,
                OffsetDateTime.now(ZoneOffset.UTC), key, EventEnvelope.JSON, organization, traceparent, codec.tree(data));
        return write(topic, key, envelope);
    }

    /** Writes an envelope built by the caller (for instance when forwarding an event with its own id). */
    public Uni<EventEnvelope> write(String topic, String key, EventEnvelope envelope) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.id();
        row.topic = topic;
        row.messageKey = key;
        row.eventType = envelope.type();
        row.bucket = bucketOf(key, config.buckets());
        row.payload = codec.write(envelope);
        return row.persist().replaceWith(envelope);
    }

    /** An event to publish: what {@link #publish} takes, as a value, for batches. */
    public record Pending(String topic, String key, String type, String organization, Object data, String traceparent) {
        /** An event in the trace of the current span. */
        public Pending(String topic, String key, String type, String organization, Object data) {
            this(topic, key, type, organization, data, Traces.current());
        }
    }

    /**
     * Writes events through a plain reactive SQL client, for services whose writes are SQL rather than
     * Hibernate: pass the transaction's connection so the events commit with the change. One statement
     * for the whole list, in order (a bulk operation of 10,000 items writes its 10,000 events at once).
     */
    public Uni<Void> write(SqlClient transaction, List<Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        Integer[] buckets = new Integer[n];
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < n; i++) {
            Pending p = events.get(i);
            EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(), source,
                    p.type(), now, p.key(), EventEnvelope.JSON, p.organization(), p.traceparent(), codec.embedded(p.data()));
            ids[i] = envelope.id();
            topics[i] = p.topic();
            keys[i] = p.key();
            types[i] = p.type();
            buckets[i] = bucketOf(p.key(), config.buckets());
            payloads[i] = codec.write(envelope);
        }
        return transaction.preparedQuery("insert into outbox_event (event_id, topic, message_key, event_type, bucket, payload)"
                        + " select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])")
                .execute(Tuple.of(ids, topics, keys, types, buckets, payloads)).replaceWithVoid();
    }

    /**
     * For events that Postgres builds from the rows a statement writes, in that statement (a bulk of 10,000
     * items then neither reads its rows back nor serializes 10,000 envelopes here): the envelope attributes all
     * of the statement's events share, as JSON without its closing brace; {@link #envelopeSql} completes it per row.
     */
    public String envelopeHead(String type, String organization, String traceparent) {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("specversion", EventEnvelope.SPEC_VERSION);
        shared.put("source", source);
        shared.put("type", type);
        shared.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
        shared.put("datacontenttype", EventEnvelope.JSON);
        if (organization != null) {
            shared.put("organization", organization);
        }
        if (traceparent != null) {
            shared.put("traceparent", traceparent);
        }
        String json = codec.tree(shared).toString();
        return json.substring(0, json.length() - 1);
    }

    /**
     * The SQL expression of a whole envelope (text, for {@code outbox_event.payload}): the shared head (a text
     * parameter holding {@link #envelopeHead}) followed by each row's event id, subject (the key) and data, given
     * as SQL expressions (cast to text, text and json). Postgres escapes the values; data comes last, as the relay
     * expects (it looks for the traceparent before it).
     */
    public static String envelopeSql(String head, String eventId, String key, String data) {
        return "(" + head + "::text || ',\"id\":' || to_json(" + eventId + "::text)::text || ',\"subject\":' || to_json(" + key
                + "::text)::text || ',\"data\":' || (" + data + ")::text || '}')";
    }

    /** The relay bucket of a key: events written in SQL with {@link #envelopeSql} must take theirs from here. */
    public int bucket(String key) {
        return bucketOf(key, config.buckets());
    }

    static int bucketOf(String key, int buckets) {
        return Math.floorMod(key.hashCode(), buckets);
    }
}
