package com.kaa.reports.notification.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.deliveries.Channel;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.notification.deliveries.SendResult;
import com.kaa.reports.notification.webhooks.SsrfGuard;
import com.kaa.reports.notification.webhooks.WebhookAddresses;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;

import java.time.Duration;

/**
 * A chat's incoming webhook (Slack, Microsoft Teams): the recipient's address is the webhook URL the chat gave, the
 * message is the chat's documented JSON. The URL passes the webhooks' address policy before every send (no
 * cluster-internal or metadata address, redirects not followed); 429 and 5xx are retried, other refusals are final.
 */
abstract class ChatChannel implements Channel {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    protected final ObjectMapper json;
    private final WebhookAddresses addresses;
    private final WebClient client;

    ChatChannel(ObjectMapper json, WebhookAddresses addresses, Vertx vertx) {
        this.json = json;
        this.addresses = addresses;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setMaxPoolSize(8).setFollowRedirects(false));
    }

    /** The chat's message body. */
    abstract ObjectNode payload(ChatMessage message);

    @Override
    public Uni<SendResult> send(Delivery d) {
        String body;
        try {
            body = json.writeValueAsString(payload(ChatMessage.of(d, json.readTree(d.payload()))));
        } catch (Exception e) {
            return Uni.createFrom().item(SendResult.permanent(null, null, "unreadable payload: " + e.getMessage()));
        }
        return addresses.target(d.address()).onItemOrFailure().transformToUni((target, failure) ->
                failure instanceof SsrfGuard.Refused ? Uni.createFrom().item(SendResult.permanent(null, null, failure.getMessage()))
                        : failure != null ? Uni.createFrom().<SendResult>failure(failure)
                        : client.request(io.vertx.core.http.HttpMethod.POST,
                                SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()), target.pathAndQuery())
                        .virtualHost(target.host()).ssl(target.tls()).timeout(TIMEOUT.toMillis())
                        .putHeader("Content-Type", "application/json")
                        .sendBuffer(Buffer.buffer(body))
                        .map(response -> SendResult.ofHttp(response.statusCode(), response.bodyAsString()))
                        .onFailure().recoverWithItem(e -> SendResult.retry(null, null, name() + " webhook unreachable: " + e.getMessage())));
    }

    /** Cuts text to a chat's field limit, marking the cut. */
    static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
