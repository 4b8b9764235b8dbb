package com.kaa.reports.notification.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.messages.MessageTemplates;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule's own subject and opening text (ExecutionCompleted.message), rendered over the run's data with the
 * names the schedule was checked against when saved. A template that no longer renders (its report lost a
 * parameter since) falls back to the standard message, with a warning: the report still goes out.
 */
public record ScheduleMessage(String subject, String text, String html) {

    private static final Logger LOG = Logger.getLogger(ScheduleMessage.class);

    /** The schedule's message for a finished report; the parts it does not set, and all of it without one, are null. */
    public static ScheduleMessage of(JsonNode data, String reportName) {
        JsonNode message = data.path("message");
        if (!message.isObject()) {
            return new ScheduleMessage(null, null, null);
        }
        Map<String, Object> values = values(data, reportName);
        try {
            String subject = message.path("subject").isTextual() ? MessageTemplates.subject(message.get("subject").asText(), values) : null;
            String body = message.path("body").isTextual() ? message.get("body").asText() : null;
            return new ScheduleMessage(subject, body == null ? null : MessageTemplates.text(body, values),
                    body == null ? null : MessageTemplates.html(body, values));
        } catch (RuntimeException unrenderable) {
            LOG.warnf("execution %s: the schedule's message template does not render (%s); the standard message is sent",
                    data.path("executionId").asText(), unrenderable.getMessage());
            return new ScheduleMessage(null, null, null);
        }
    }

    /** What a template may name (MessageTemplates.VARIABLES), from the event. */
    static Map<String, Object> values(JsonNode data, String reportName) {
        String zone = data.path("timeZone").asText(null);
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (JsonNode p : data.path("parameters")) {
            parameters.put(p.path("name").asText(), com.kaa.reports.platform.queryspec.ParameterValue.text(p.path("type").asText(), p.path("value")));
        }
        Map<String, Object> files = new LinkedHashMap<>();
        for (JsonNode output : data.path("outputs")) {
            if (output.path("downloadUrl").isTextual()) {
                files.put(output.path("format").asText().toLowerCase(Locale.ROOT), output.get("downloadUrl").asText());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("report", Map.of("name", reportName, "id", data.path("reportId").asText("")));
        values.put("rowCount", data.path("rowCount").asLong());
        values.put("noRows", data.path("noRows").asBoolean(false));
        values.put("truncated", data.path("truncated").asBoolean(false));
        values.put("period", EmailChannel.period(data.path("period"), zone));
        values.put("parameters", parameters);
        values.put("files", files);
        values.put("alert", data.path("alert").path("reason").asText(""));
        values.put("scheduledFor", data.path("scheduledFor").isTextual() ? EmailChannel.when(data.get("scheduledFor").asText(), zone) : "");
        values.put("generatedAt", EmailChannel.when(data.path("finishedAt").asText(null), zone));
        return values;
    }
}
