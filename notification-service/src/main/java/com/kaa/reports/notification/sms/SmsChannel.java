package com.kaa.reports.notification.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.notification.deliveries.Channel;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.notification.deliveries.SendResult;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SMS through the configured provider: form POST (username, to, message, from) with the apiKey header, as
 * Africa's Talking takes it. The number was normalised to E.164 when the delivery was planned; the text
 * fits two segments with the report's link. 2xx is sent, 429/5xx retried, other 4xx permanent.
 */
@ApplicationScoped
public class SmsChannel implements Channel {

    private final SmsConfig config;
    private final ObjectMapper json;
    private final WebClient client;

    public SmsChannel(SmsConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setMaxPoolSize(8));
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public Uni<SendResult> send(Delivery d) {
        String message;
        try {
            message = text(d, json.readTree(d.payload()));
        } catch (Exception e) {
            return Uni.createFrom().item(SendResult.permanent(null, null, "unreadable payload: " + e.getMessage()));
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("username", config.username()).add("to", d.address()).add("message", message);
        config.senderId().ifPresent(from -> form.add("from", from));
        HttpRequest<io.vertx.mutiny.core.buffer.Buffer> request = client.postAbs(config.url())
                .timeout(config.timeout().toMillis()).putHeader("Accept", "application/json");
        config.apiKey().ifPresent(key -> request.putHeader("apiKey", key));
        return request.sendForm(form)
                .map(response -> SendResult.ofHttp(response.statusCode(), response.bodyAsString()))
                .onFailure().recoverWithItem(e -> SendResult.retry(null, null, "SMS provider unreachable: " + e.getMessage()));
    }

    static String text(Delivery d, JsonNode data) {
        return switch (d.kind()) {
            case Delivery.REPORT_READY -> {
                String link = null;
                for (JsonNode output : data.path("outputs")) {
                    if (output.path("downloadUrl").isTextual()) {
                        link = output.get("downloadUrl").asText();
                        break;
                    }
                }
                String rows = data.path("noRows").asBoolean(false) ? "no rows" : data.path("rowCount").asLong() + " rows";
                yield SmsText.fit("Kaa Reports: " + d.subject() + " is ready (" + rows + ").", link);
            }
            case Delivery.REPORT_FAILED -> SmsText.fit("Kaa Reports: " + d.subject() + " failed: "
                    + data.path("error").path("message").asText("unknown error"), null);
            default -> SmsText.fit(d.subject() + ": " + data.path("text").asText(""), data.path("link").asText(null));
        };
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
