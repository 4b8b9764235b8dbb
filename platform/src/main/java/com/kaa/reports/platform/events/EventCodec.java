package com.kaa.reports.platform.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads and writes envelopes and their payloads with the application's ObjectMapper. */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be serialized: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A Kafka record in either content mode of the CloudEvents Kafka binding: structured (the value is the whole
     * event, as our outbox writes it) or binary (attributes in {@code ce_*} headers, the value is the data, as the
     * CloudEvents SDKs' serializers write by default). Both are the same event to a consumer.
     *
     * @throws MalformedEventException when the record is neither
     */
    public EventEnvelope read(ConsumerRecord<String, String> record) {
        return binaryMode(record) ? binary(record) : read(record.value());
    }

    /** {@link #readIncoming(String)} for a record in either content mode. */
    public IncomingEvent readIncoming(ConsumerRecord<String, String> record) {
        if (binaryMode(record)) {
            EventEnvelope event = binary(record);
            return new IncomingEvent(event.type(), event.organization(), event.data());
        }
        return readIncoming(record.value());
    }

    private static boolean binaryMode(ConsumerRecord<String, String> record) {
        return record.headers().lastHeader("ce_specversion") != null;
    }

    private EventEnvelope binary(ConsumerRecord<String, String> record) {
        String specversion = header(record, "ce_specversion");
        if (!EventEnvelope.SPEC_VERSION.equals(specversion)) {
            throw new MalformedEventException("unsupported specversion " + specversion);
        }
        String id = header(record, "ce_id");
        String source = header(record, "ce_source");
        String type = header(record, "ce_type");
        for (String[] required : new String[][] {{"ce_id", id}, {"ce_source", source}, {"ce_type", type}}) {
            if (required[1] == null || required[1].isBlank()) {
                throw new MalformedEventException("binary-mode CloudEvent without its " + required[0] + " header");
            }
        }
        String contentType = header(record, "content-type");
        JsonNode data = null;
        if (record.value() != null) {
            if (contentType == null || contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
                try {
                    data = mapper.readTree(record.value());
                } catch (Exception e) {
                    throw new MalformedEventException("binary-mode CloudEvent whose data is not JSON: " + rootMessage(e));
                }
            } else {
                data = mapper.getNodeFactory().textNode(record.value());
            }
        }
        String traceparent = header(record, "ce_traceparent");
        return new EventEnvelope(specversion, id, source, type, time(header(record, "ce_time")), header(record, "ce_subject"),
                contentType, header(record, "ce_organization"), traceparent != null ? traceparent : header(record, "traceparent"), data);
    }

    private static OffsetDateTime time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("binary-mode CloudEvent: ce_time must be an RFC 3339 date-time");
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** @throws MalformedEventException when the value is not a CloudEvents JSON envelope */
    public EventEnvelope read(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty record value");
        }
        EventEnvelope envelope;
        try {
            envelope = mapper.readValue(value, EventEnvelope.class);
        } catch (Exception e) {
            throw new MalformedEventException("not a CloudEvents JSON envelope: " + rootMessage(e));
        }
        if (!EventEnvelope.SPEC_VERSION.equals(envelope.specversion())) {
            throw new MalformedEventException("unsupported specversion " + envelope.specversion());
        }
        return envelope;
    }

    /**
     * Like {@link #read}, for consumers of many events that need only type, organization and data: one
     * streaming pass that builds no envelope and checks the time without DateTimeFormatter (binding the
     * whole envelope was a third of ingestion's CPU). Refuses what {@link #read} refuses.
     *
     * @throws MalformedEventException when the value is not a CloudEvents JSON envelope
     */
    public IncomingEvent readIncoming(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty record value");
        }
        String specversion = null;
        String id = null;
        String source = null;
        String type = null;
        String organization = null;
        JsonNode data = null;
        try (JsonParser parser = mapper.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedEventException("not a CloudEvents JSON envelope: the value is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "specversion" -> specversion = scalar(parser, token, field);
                    case "id" -> id = scalar(parser, token, field);
                    case "source" -> source = scalar(parser, token, field);
                    case "type" -> type = scalar(parser, token, field);
                    case "organization" -> organization = scalar(parser, token, field);
                    case "time" -> checkTime(parser, token);
                    case "data" -> data = token == JsonToken.VALUE_NULL ? null : mapper.readTree(parser);
                    default -> parser.skipChildren();
                }
            }
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("not a CloudEvents JSON envelope: " + rootMessage(e));
        }
        for (String[] required : new String[][] {{"id", id}, {"source", source}, {"type", type}}) {
            if (required[1] == null) {
                throw new MalformedEventException("not a CloudEvents JSON envelope: " + required[0]);
            }
        }
        if (!EventEnvelope.SPEC_VERSION.equals(specversion)) {
            throw new MalformedEventException("unsupported specversion " + specversion);
        }
        return new IncomingEvent(type, organization, data);
    }

    /** A string attribute; like data binding, a number or boolean is taken as its text. */
    private static String scalar(JsonParser parser, JsonToken token, String field) throws java.io.IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new MalformedEventException("not a CloudEvents JSON envelope: " + field + " must be a string");
        }
        return parser.getText();
    }

    /** time is optional, but when present it must be a date-time with offset (or epoch seconds), as for read. */
    private static void checkTime(JsonParser parser, JsonToken token) throws java.io.IOException {
        if (token == JsonToken.VALUE_NULL || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return;
        }
        String text = token == JsonToken.VALUE_STRING ? parser.getText().trim() : null;
        // an empty string is no time, as data binding reads it
        if (text != null && (text.isEmpty() || Rfc3339.parse(text) != null || parsesAsOffsetDateTime(text))) {
            return;
        }
        throw new MalformedEventException("not a CloudEvents JSON envelope: time must be an RFC 3339 date-time");
    }

    private static boolean parsesAsOffsetDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    public <T> T data(EventEnvelope envelope, Class<T> type) {
        try {
            return mapper.treeToValue(envelope.data(), type);
        } catch (Exception e) {
            throw new MalformedEventException(
                    "data of " + envelope.type() + " is not a valid " + type.getSimpleName() + ": " + rootMessage(e));
        }
    }

    /**
     * The data as a node that serializes the object itself when its envelope is written, without building a
     * tree first (half the cost of writing a batch of events); only for envelopes that are written, not read.
     */
    public JsonNode embedded(Object data) {
        return mapper.getNodeFactory().pojoNode(data);
    }

    public JsonNode tree(Object data) {
        return mapper.valueToTree(data);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
