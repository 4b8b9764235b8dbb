package com.kaa.reports.notification.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.webhooks.WebhookAddresses;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Microsoft Teams incoming webhooks (a Workflows "post to a channel when a webhook request is received" URL): a
 * message with one Adaptive Card 1.4 attachment, the title as a bold TextBlock, the facts as a FactSet and one
 * Action.OpenUrl per download. (The older Office 365 connector cards are retired; Workflows take this shape.)
 */
@Singleton
public class TeamsChannel extends ChatChannel {

    public TeamsChannel(ObjectMapper json, WebhookAddresses addresses, Vertx vertx) {
        super(json, addresses, vertx);
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    ObjectNode payload(ChatMessage message) {
        ObjectNode body = json.createObjectNode().put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content").put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode content = card.putArray("body");
        content.addObject().put("type", "TextBlock").put("text", plain(message.title())).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true).put("color", message.failed() ? "Attention" : "Default");
        if (!message.facts().isEmpty()) {
            ArrayNode facts = content.addObject().put("type", "FactSet").putArray("facts");
            message.facts().forEach(f -> facts.addObject().put("title", plain(f.name())).put("value", plain(f.value())));
        }
        if (!message.links().isEmpty()) {
            ArrayNode actions = card.putArray("actions");
            message.links().forEach(l -> actions.addObject().put("type", "Action.OpenUrl").put("title", l.label()).put("url", l.url()));
        }
        return body;
    }

    /**
     * Adaptive Card text is Markdown: a value such as "[Sign in](https://…)" would become a link, "*x*" bold. The
     * characters that make links and emphasis are escaped with a backslash, so what our data says is shown as written.
     */
    static String plain(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]()])", "\\\\$1");
    }
}
