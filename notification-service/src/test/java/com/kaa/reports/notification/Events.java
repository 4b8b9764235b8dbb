package com.kaa.reports.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.platform.testing.EventSchemas;

import java.util.UUID;

/** Execution events as the execution service publishes them (the documented examples, adapted per test). */
public final class Events {

    static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** An envelope of the type's example with a fresh id, the organization and fresh execution ids. */
    public static ObjectNode of(String type, String organization) {
        try {
            ObjectNode envelope = (ObjectNode) JSON.readTree(EventSchemas.example(type));
            envelope.put("organization", organization);
            ObjectNode data = (ObjectNode) envelope.get("data");
            if (data.has("executionId")) {
                String execution = UUID.randomUUID().toString();
                data.put("executionId", execution);
                envelope.put("subject", execution);
                data.put("requestId", UUID.randomUUID().toString());
            }
            return envelope;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode data(ObjectNode envelope) {
        return (ObjectNode) envelope.get("data");
    }

    public static void recipients(ObjectNode envelope, String... channelAddressPairs) {
        ArrayNode recipients = data(envelope).putArray("recipients");
        for (int i = 0; i < channelAddressPairs.length; i += 2) {
            recipients.addObject().put("channel", channelAddressPairs[i]).put("address", channelAddressPairs[i + 1]);
        }
    }

    public static ArrayNode outputs(ObjectNode envelope) {
        return data(envelope).putArray("outputs");
    }
}
