package com.kaa.reports.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

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
    public com.fasterxml.jackson.databind.JsonNode embedded(Object data) {
        return mapper.getNodeFactory().pojoNode(data);
    }

    public com.fasterxml.jackson.databind.JsonNode tree(Object data) {
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
