package com.kaa.reports.notification.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.webhooks.WebhookAddresses;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Slack incoming webhooks (api.slack.com/messaging/webhooks): {@code text} as the fallback and notification text,
 * {@code blocks} with a header, the facts as section fields and one button per download. Text is escaped as Slack's
 * mrkdwn asks (&amp;, &lt;, &gt;) and marked verbatim, so a value can neither mention @channel nor make a link;
 * limits are Block Kit's (cut before escaping, so an entity is never cut in half).
 */
@Singleton
public class SlackChannel extends ChatChannel {

    public SlackChannel(ObjectMapper json, WebhookAddresses addresses, Vertx vertx) {
        super(json, addresses, vertx);
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    ObjectNode payload(ChatMessage message) {
        ObjectNode body = json.createObjectNode().put("text", escape(fit(message.plain(), 3000)));
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", fit(message.title(), 150));
        if (!message.facts().isEmpty()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            // verbatim: Slack neither links URLs nor resolves channel names in what our data says
            message.facts().stream().limit(10).forEach(f -> fields.addObject().put("type", "mrkdwn").put("verbatim", true)
                    .put("text", "*" + escape(fit(f.name(), 100)) + "*\n" + escape(fit(f.value(), 1500))));
        }
        if (!message.links().isEmpty()) {
            ArrayNode buttons = blocks.addObject().put("type", "actions").putArray("elements");
            message.links().stream().limit(25).forEach(l -> buttons.addObject().put("type", "button").put("url", l.url())
                    .putObject("text").put("type", "plain_text").put("text", fit(l.label(), 75)));
        }
        return body;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
