package com.kaa.reports.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Slack and Microsoft Teams accept at an incoming webhook, as their documentation states it (Slack Block Kit
 * limits; Teams Workflows taking one Adaptive Card attachment), for receivers in tests that answer as the chat would:
 * 400 with the problems when the shape is wrong. Written from the documentation, not from our sender.
 */
public final class ChatPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SLACK_BLOCKS = Set.of("header", "section", "actions", "context", "divider", "image", "rich_text");

    private ChatPayloads() {
    }

    /** Problems of a Slack incoming-webhook body; empty when Slack would take it. */
    public static List<String> slack(String body) {
        List<String> problems = new ArrayList<>();
        JsonNode message = parse(body, problems);
        if (message == null) {
            return problems;
        }
        JsonNode blocks = message.path("blocks");
        if (!message.path("text").isTextual() && !blocks.isArray()) {
            problems.add("a message needs text or blocks");
        }
        if (message.path("text").isTextual() && message.get("text").asText().length() > 40_000) {
            problems.add("text is longer than 40000 characters");
        }
        if (blocks.size() > 50) {
            problems.add("more than 50 blocks");
        }
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            if (!SLACK_BLOCKS.contains(type)) {
                problems.add("unknown block type " + type);
            }
            switch (type) {
                case "header" -> text(block.path("text"), "plain_text", 150, "header.text", problems);
                case "section" -> {
                    if (!block.has("text") && !block.has("fields")) {
                        problems.add("a section needs text or fields");
                    }
                    if (block.path("fields").size() > 10) {
                        problems.add("a section has more than 10 fields");
                    }
                    block.path("fields").forEach(f -> text(f, null, 2000, "section.fields[]", problems));
                }
                case "actions" -> {
                    if (block.path("elements").isEmpty() || block.path("elements").size() > 25) {
                        problems.add("actions take 1 to 25 elements");
                    }
                    for (JsonNode button : block.path("elements")) {
                        if (!"button".equals(button.path("type").asText())) {
                            problems.add("actions element of type " + button.path("type").asText());
                        }
                        text(button.path("text"), "plain_text", 75, "button.text", problems);
                        if (button.path("url").asText("").length() > 3000 || !button.path("url").asText("").startsWith("http")) {
                            problems.add("button.url must be an http(s) URL of at most 3000 characters");
                        }
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    /** Problems of a Teams Workflows incoming-webhook body; empty when Teams would take it. */
    public static List<String> teams(String body) {
        List<String> problems = new ArrayList<>();
        JsonNode message = parse(body, problems);
        if (message == null) {
            return problems;
        }
        if (!"message".equals(message.path("type").asText())) {
            problems.add("type must be message");
        }
        JsonNode attachments = message.path("attachments");
        if (!attachments.isArray() || attachments.isEmpty()) {
            problems.add("attachments must hold the card");
            return problems;
        }
        for (JsonNode attachment : attachments) {
            if (!"application/vnd.microsoft.card.adaptive".equals(attachment.path("contentType").asText())) {
                problems.add("attachment contentType must be application/vnd.microsoft.card.adaptive");
            }
            JsonNode card = attachment.path("content");
            if (!"AdaptiveCard".equals(card.path("type").asText())) {
                problems.add("content.type must be AdaptiveCard");
            }
            if (!card.path("version").asText().matches("1\\.[0-6]")) {
                problems.add("content.version must be 1.0 to 1.6");
            }
            if (!card.path("body").isArray()) {
                problems.add("content.body must be an array");
            }
            for (JsonNode element : card.path("body")) {
                switch (element.path("type").asText()) {
                    case "TextBlock" -> {
                        if (!element.path("text").isTextual()) {
                            problems.add("TextBlock without text");
                        }
                    }
                    case "FactSet" -> element.path("facts").forEach(f -> {
                        if (!f.path("title").isTextual() || !f.path("value").isTextual()) {
                            problems.add("a fact needs title and value");
                        }
                    });
                    default -> problems.add("unexpected card element " + element.path("type").asText());
                }
            }
            for (JsonNode action : card.path("actions")) {
                if (!"Action.OpenUrl".equals(action.path("type").asText()) || !action.path("url").asText("").startsWith("http")
                        || !action.path("title").isTextual()) {
                    problems.add("an action must be Action.OpenUrl with a title and an http(s) url");
                }
            }
        }
        return problems;
    }

    private static JsonNode parse(String body, List<String> problems) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                problems.add("the body is not a JSON object");
                return null;
            }
            return node;
        } catch (Exception e) {
            problems.add("the body is not JSON: " + e.getMessage());
            return null;
        }
    }

    private static void text(JsonNode text, String type, int max, String where, List<String> problems) {
        String t = text.path("type").asText();
        if (type != null ? !type.equals(t) : !Set.of("plain_text", "mrkdwn").contains(t)) {
            problems.add(where + " must be a " + (type == null ? "plain_text or mrkdwn" : type) + " text object");
        }
        if (!text.path("text").isTextual() || text.get("text").asText().isEmpty() || text.get("text").asText().length() > max) {
            problems.add(where + " needs 1 to " + max + " characters");
        }
    }
}
