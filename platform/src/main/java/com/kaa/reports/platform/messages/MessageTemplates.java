package com.kaa.reports.platform.messages;

import com.kaa.reports.platform.problems.Problem.FieldError;
import io.quarkus.qute.Engine;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolvers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schedules' message templates, in a deliberately small Qute: expressions over the message's data (maps only, no
 * method calls), {@code {#if}} and the {@code or}, {@code &&}, {@code ||}, {@code ==} operators; no loops (an integer
 * loop is work no data bounds), no includes (no reading other templates). Strict: a name the data lacks is an error,
 * found when the schedule is saved by rendering against sample data. The HTML rendering escapes everything.
 */
public final class MessageTemplates {

    /** The names a template may use. */
    public static final String VARIABLES = "report.name, report.id, rowCount, noRows, truncated, period, parameters.<name>, "
            + "files.<format> (download link), alert (the alert's reason, empty without one), scheduledFor, generatedAt";

    public static final int MAX_SUBJECT = 200;
    public static final int MAX_BODY = 4000;

    private static final Engine TEXT = Engine.builder()
            .addSectionHelper(new IfSectionHelper.Factory())
            .addValueResolvers(ValueResolvers.thisResolver(), ValueResolvers.mapResolver(), ValueResolvers.orResolver(),
                    ValueResolvers.trueResolver(), ValueResolvers.logicalAndResolver(), ValueResolvers.logicalOrResolver(),
                    ValueResolvers.equalsResolver())
            .strictRendering(true)
            .removeStandaloneLines(true)
            .build();

    private MessageTemplates() {
    }

    /** Checks a schedule's templates by rendering them against sample data with its report's parameters and formats. */
    public static List<FieldError> validate(MessageTemplate message, List<String> parameters, List<String> formats, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (message == null) {
            return errors;
        }
        Map<String, Object> sample = sample(parameters, formats);
        if (message.subject() != null && (message.subject().indexOf('\n') >= 0 || message.subject().indexOf('\r') >= 0)) {
            errors.add(new FieldError(prefix + ".subject", "must be one line: a subject has no line breaks"));
        } else if (message.subject() != null) {
            check(message.subject(), 500, sample, prefix + ".subject", errors);
        }
        if (message.body() != null) {
            check(message.body(), MAX_BODY, sample, prefix + ".body", errors);
        }
        return errors;
    }

    /** The parameters a message's templates name ({parameters.county}): what a check without its report can allow. */
    public static List<String> parametersNamed(MessageTemplate message) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (message != null) {
            for (String template : java.util.Arrays.asList(message.subject(), message.body())) {
                java.util.regex.Matcher named = PARAMETER.matcher(template == null ? "" : template);
                while (named.find()) {
                    names.add(named.group(1));
                }
            }
        }
        return List.copyOf(names);
    }

    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("parameters\\.([A-Za-z_][A-Za-z0-9_]*)");

    private static void check(String template, int max, Map<String, Object> sample, String field, List<FieldError> errors) {
        if (template.isBlank() || template.length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
            return;
        }
        try {
            TEXT.parse(template).data(sample).render();
        } catch (TemplateException | IllegalStateException e) {
            errors.add(new FieldError(field, "is not a template this message can render: " + reason(e) + " (use " + VARIABLES
                    + "; sections: if)"));
        }
    }

    /** The subject: one line, at most {@link #MAX_SUBJECT} characters. */
    public static String subject(String template, Map<String, Object> data) {
        String line = TEXT.parse(template).data(data).render().replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 1) + "…";
    }

    public static String text(String template, Map<String, Object> data) {
        return TEXT.parse(template).data(data).render().strip();
    }

    /**
     * The body for an HTML part: all of it escaped, the template's own text as much as the values in it (whoever
     * may schedule a report does not get to put markup or links of their making into colleagues' mail); line breaks
     * kept.
     */
    public static String html(String template, Map<String, Object> data) {
        return escape(text(template, data)).replace("\n", "<br>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, Object> sample(List<String> parameters, List<String> formats) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach(p -> values.put(p, "sample"));
        Map<String, Object> files = new LinkedHashMap<>();
        formats.forEach(f -> files.put(f, "https://reports.example.com/download"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("report", Map.of("name", "Sample", "id", "00000000-0000-0000-0000-000000000000"));
        data.put("rowCount", 12L);
        data.put("noRows", false);
        data.put("truncated", false);
        data.put("period", "1 Nov 2026 – 30 Nov 2026 (last month)");
        data.put("parameters", values);
        data.put("files", files);
        data.put("alert", "");
        data.put("scheduledFor", "1 Dec 2026 07:00");
        data.put("generatedAt", "1 Dec 2026 07:00");
        return data;
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("\\s+", " ");
        return message.length() <= 200 ? message : message.substring(0, 197) + "...";
    }
}
