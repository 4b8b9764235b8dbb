package com.kaa.reports.notification.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.notification.email.EmailChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a chat message says, whatever the chat: a title, facts (rows, period, parameters, the alert's reason, the
 * error) and links (each file's download, valid until it expires). Built from the delivery's event, as the e-mail is.
 */
record ChatMessage(String title, boolean failed, List<Fact> facts, List<Link> links) {

    record Fact(String name, String value) {
    }

    record Link(String label, String url) {
    }

    static ChatMessage of(Delivery d, JsonNode data) {
        List<Fact> facts = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        String zone = data.path("timeZone").asText(null);
        return switch (d.kind()) {
            case Delivery.REPORT_READY -> {
                com.kaa.reports.notification.email.ScheduleMessage own = com.kaa.reports.notification.email.ScheduleMessage.of(data, d.subject());
                if (own.text() != null) {
                    facts.add(new Fact("Message", own.text()));
                }
                if (data.path("alert").path("reason").isTextual()) {
                    facts.add(new Fact("Alert", data.path("alert").path("reason").asText()));
                }
                facts.add(new Fact("Rows", data.path("noRows").asBoolean(false) ? "none" : Long.toString(data.path("rowCount").asLong())
                        + (data.path("truncated").asBoolean(false) ? " (cut at the row limit)" : "")));
                String period = EmailChannel.period(data.path("period"), zone);
                if (!period.isEmpty()) {
                    facts.add(new Fact("Period", period));
                }
                EmailChannel.parameters(data.path("parameters")).forEach(p -> facts.add(new Fact(p.label(), p.value())));
                for (JsonNode output : data.path("outputs")) {
                    if (output.path("downloadUrl").isTextual()) {
                        links.add(new Link("Download " + output.path("format").asText().toUpperCase(Locale.ROOT), output.get("downloadUrl").asText()));
                    }
                }
                String title = own.subject() != null ? own.subject()
                        : (data.path("alert").path("notified").asBoolean(false) ? "Alert: " : "Report ready: ") + d.subject();
                yield new ChatMessage(title, false, facts, links);
            }
            case Delivery.REPORT_FAILED -> {
                facts.add(new Fact("Reason", data.path("error").path("message").asText("unknown error")));
                facts.add(new Fact("Attempts", Integer.toString(data.path("attempts").asInt(1))));
                yield new ChatMessage("Report failed: " + d.subject(), true, facts, links);
            }
            default -> {
                if (data.path("text").isTextual()) {
                    facts.add(new Fact("Message", data.get("text").asText()));
                }
                if (data.path("link").isTextual()) {
                    links.add(new Link("Open", data.get("link").asText()));
                }
                yield new ChatMessage(d.subject(), false, facts, links);
            }
        };
    }

    /** One line per fact: the text of chats that show no layout (and Slack's notification preview). */
    String plain() {
        StringBuilder text = new StringBuilder(title);
        facts.forEach(f -> text.append('\n').append(f.name()).append(": ").append(f.value()));
        return text.toString();
    }
}
