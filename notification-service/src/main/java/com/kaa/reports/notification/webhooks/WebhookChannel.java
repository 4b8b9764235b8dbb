package com.kaa.reports.notification.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.deliveries.Channel;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.notification.deliveries.SendResult;
import com.kaa.reports.platform.crypto.HmacSha256;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Webhooks: a CloudEvents JSON POST to a registered endpoint, signed with the endpoint's secret:
 * X-Kaa-Timestamp (Unix seconds) and X-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)),
 * so a receiver verifies the origin and rejects replays older than a few minutes. The CloudEvents id is the
 * delivery id (a receiver drops repeats by it).
 */
@ApplicationScoped
public class WebhookChannel implements Channel {

    public static final String SIGNATURE = "X-Signature";
    public static final String TIMESTAMP = "X-Kaa-Timestamp";

    private static final java.util.Map<String, String> TYPES = java.util.Map.of(
            Delivery.REPORT_READY, "ReportReady.v1", Delivery.REPORT_FAILED, "ReportFailed.v1", Delivery.NOTIFICATION, "Notification.v1");

    private final Pool pool;
    private final ObjectMapper json;
    private final WebhookConfig config;
    private final WebhookAddresses addresses;
    private final WebClient client;

    public WebhookChannel(Pool pool, ObjectMapper json, WebhookConfig config, WebhookAddresses addresses, Vertx vertx) {
        this.pool = pool;
        this.json = json;
        this.config = config;
        this.addresses = addresses;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setMaxPoolSize(16)
                .setFollowRedirects(false));  // a redirect could lead anywhere, past the guard
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Uni<SendResult> send(Delivery d) {
        return pool.preparedQuery("select secret from webhook_endpoint where organization = $1 and url = $2")
                .execute(Tuple.of(d.organization(), d.address()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(SendResult.permanent(null, null,
                                "the webhook " + d.address() + " is not registered for this organization (POST /webhooks)"));
                    }
                    String secret = rows.iterator().next().getString(0);
                    return addresses.target(d.address()).onItemOrFailure().transformToUni((target, failure) ->
                            failure instanceof SsrfGuard.Refused ? Uni.createFrom().item(SendResult.permanent(null, null, failure.getMessage()))
                                    : failure != null ? Uni.createFrom().<SendResult>failure(failure) : post(d, target, secret));
                });
    }

    private Uni<SendResult> post(Delivery d, SsrfGuard.Target target, String secret) {
        String body;
        try {
            ObjectNode event = json.createObjectNode().put("specversion", "1.0").put("id", d.id().toString())
                    .put("source", "/kaa-reports/notification-service").put("type", TYPES.getOrDefault(d.kind(), "Notification.v1"))
                    .put("time", OffsetDateTime.now(ZoneOffset.UTC).toString()).put("datacontenttype", "application/json")
                    .put("organization", d.organization());
            event.set("data", json.readTree(d.payload()));
            body = json.writeValueAsString(event);
        } catch (Exception e) {
            return Uni.createFrom().item(SendResult.permanent(null, null, "unreadable payload: " + e.getMessage()));
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return client.request(io.vertx.core.http.HttpMethod.POST,
                        SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()), target.pathAndQuery())
                .virtualHost(target.host()).ssl(target.tls()).timeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/cloudevents+json")
                .putHeader(TIMESTAMP, timestamp)
                .putHeader(SIGNATURE, "sha256=" + sign(secret, timestamp + "." + body))
                .putHeader("X-Kaa-Delivery-Id", d.id().toString())
                // the same key on every attempt of this delivery (IETF httpapi Idempotency-Key): a receiver drops a repeat
                .putHeader("Idempotency-Key", "\"" + d.id() + "\"")
                .sendBuffer(Buffer.buffer(body))
                .map(response -> SendResult.ofHttp(response.statusCode(), response.bodyAsString()))
                .onFailure().recoverWithItem(e -> SendResult.retry(null, null, "webhook unreachable: " + e.getMessage()));
    }

    /** Each webhook has its own secret, and deliveries are few: a Mac keyed for each signature. */
    public static String sign(String secret, String payload) {
        return HmacSha256.hexOnce(secret, payload);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
