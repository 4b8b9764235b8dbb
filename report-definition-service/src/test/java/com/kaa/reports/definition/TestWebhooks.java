package com.kaa.reports.definition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.TopicReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Announces webhook registrations as notification-service does (its schema's example events), and waits for them. */
public final class TestWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestWebhooks() {
    }

    /** Registers {@code url} for the organization; returns the webhook id. */
    public static UUID register(Pool pool, String organization, String url) {
        UUID id = UUID.randomUUID();
        send("WebhookRegistered.v1", organization, id, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pool, id) == 1);
        return id;
    }

    public static void remove(Pool pool, String organization, UUID id, String url) {
        send("WebhookRemoved.v1", organization, id, url);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pool, id) == 0);
    }

    private static void send(String type, String organization, UUID id, String url) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(EventSchemas.example(type));
            event.put("organization", organization).put("subject", id.toString());
            ((ObjectNode) event.get("data")).put("webhookId", id.toString()).put("url", url);
            TopicReader.send(Topics.WEBHOOKS, id.toString(), event.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Pool pool, UUID id) {
        return pool.preparedQuery("select count(*) from registered_webhook where webhook_id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0);
    }
}
