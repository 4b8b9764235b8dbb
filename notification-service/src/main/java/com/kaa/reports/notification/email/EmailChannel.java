package com.kaa.reports.notification.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.notification.deliveries.Channel;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.notification.deliveries.DeliveryConfig;
import com.kaa.reports.notification.deliveries.SendResult;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.File;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * E-mail over SMTP (Quarkus Mailer), HTML and text from Qute templates. A finished report's files are
 * attached while they fit under the attachment cap; the others are sent as their signed download links, and
 * the e-mail says which and why. SMTP 5xx (unknown mailbox...) is permanent; 4xx and connection errors retry.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm (zzz)");
    /** Attach in the order readers prefer to open them. */
    private static final List<String> ATTACH_ORDER = List.of("xlsx", "pdf", "csv", "json");

    private final ReactiveMailer mailer;
    private final ReportFiles files;
    private final ObjectMapper json;
    private final long cap;
    private final Template readyHtml;
    private final Template readyText;
    private final Template failedHtml;
    private final Template failedText;
    private final Template noticeHtml;
    private final Template noticeText;

    public EmailChannel(ReactiveMailer mailer, ReportFiles files, ObjectMapper json, DeliveryConfig config,
                        @Location("report-ready.html") Template readyHtml, @Location("report-ready.txt") Template readyText,
                        @Location("report-failed.html") Template failedHtml, @Location("report-failed.txt") Template failedText,
                        @Location("notification.html") Template noticeHtml, @Location("notification.txt") Template noticeText) {
        this.mailer = mailer;
        this.files = files;
        this.json = json;
        this.cap = config.attachmentMaxSize().asLongValue();
        this.readyHtml = readyHtml;
        this.readyText = readyText;
        this.failedHtml = failedHtml;
        this.failedText = failedText;
        this.noticeHtml = noticeHtml;
        this.noticeText = noticeText;
    }

    @Override
    public String name() {
        return "email";
    }

    /** One file of the report as the e-mail presents it: attached, or linked with the reason. */
    @TemplateData
    public record FileLine(String format, String size, boolean attached, String link, String reason) {
    }

    private record Fetched(String name, File file, String contentType) {
    }

    @Override
    public Uni<SendResult> send(Delivery d) {
        JsonNode data;
        try {
            data = json.readTree(d.payload());
        } catch (Exception e) {
            return Uni.createFrom().item(SendResult.permanent(null, null, "unreadable payload: " + e.getMessage()));
        }
        List<File> downloaded = java.util.Collections.synchronizedList(new ArrayList<>());
        Uni<Mail> mail = switch (d.kind()) {
            case Delivery.REPORT_READY -> reportReady(d, data, downloaded);
            case Delivery.REPORT_FAILED -> Uni.createFrom().item(render(d, "Report failed: " + d.subject(), failedHtml, failedText,
                    Map.of("name", d.subject(), "reason", data.path("error").path("message").asText("unknown error"),
                            "attempts", data.path("attempts").asInt(1), "when", when(data.path("finishedAt").asText(null),
                                    data.path("timeZone").asText(null)))));
            default -> Uni.createFrom().item(render(d, d.subject(), noticeHtml, noticeText, Map.of("subject", d.subject(),
                    "text", data.path("text").asText(""), "link", data.path("link").asText(""))));
        };
        return mail.chain(m -> mailer.send(m).replaceWith(SendResult.sent(250, "accepted by the SMTP server")))
                .onFailure().recoverWithItem(EmailChannel::classify)
                // once sent or refused, and when the worker gives up on a send that outlives half its lease
                .onTermination().call((result, failure, cancelled) -> files.delete(List.copyOf(downloaded)));
    }

    private Uni<Mail> reportReady(Delivery d, JsonNode data, List<File> downloaded) {
        List<JsonNode> outputs = new ArrayList<>();
        data.path("outputs").forEach(outputs::add);
        outputs.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        List<FileLine> lines = new ArrayList<>();
        List<Uni<Fetched>> fetches = new ArrayList<>();
        long budget = cap;
        String name = d.subject();
        for (JsonNode output : outputs) {
            String format = output.path("format").asText().toUpperCase(java.util.Locale.ROOT);
            long size = output.path("size").asLong();
            String link = output.path("downloadUrl").asText(null);
            if (link == null) {
                lines.add(new FileLine(format, human(size), false, null, "no download link was issued"));
            } else if (size <= budget) {
                budget -= size;
                lines.add(new FileLine(format, human(size), true, link, null));
                String fileName = safe(name) + "." + format.toLowerCase(java.util.Locale.ROOT);
                String type = output.path("contentType").asText("application/octet-stream");
                fetches.add(files.download(link).invoke(downloaded::add).map(file -> new Fetched(fileName, file, type)));
            } else {
                lines.add(new FileLine(format, human(size), false, link, human(size) + " is above the " + human(cap)
                        + " attachment limit of e-mail, so it is a download link"
                        + (output.path("expiresAt").isTextual() ? " (valid until " + when(output.get("expiresAt").asText(),
                        data.path("timeZone").asText(null)) + ")" : "")));
            }
        }
        // every download ends (none is cancelled half-way), so that each file written is known and deleted
        Uni<List<Fetched>> attachments = fetches.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(fetches).andCollectFailures()
                .onFailure(CompositeException.class).transform(e -> ((CompositeException) e).getCauses().get(0));
        String timeZone = data.path("timeZone").asText(null);
        ScheduleMessage own = ScheduleMessage.of(data, name);
        Map<String, Object> values = Map.ofEntries(Map.entry("name", name), Map.entry("rowCount", data.path("rowCount").asLong()),
                Map.entry("noRows", data.path("noRows").asBoolean(false)), Map.entry("truncated", data.path("truncated").asBoolean(false)),
                Map.entry("generatedAt", when(data.path("finishedAt").asText(null), timeZone)),
                Map.entry("scheduledFor", data.path("scheduledFor").isTextual() ? when(data.get("scheduledFor").asText(), timeZone) : ""),
                Map.entry("period", period(data.path("period"), timeZone)),
                Map.entry("parameters", parameters(data.path("parameters"))),
                Map.entry("alert", data.path("alert").path("reason").asText("")),
                // the schedule's own opening text: plain for the text part, escaped (line breaks as <br>) for the HTML part
                Map.entry("intro", own.text() == null ? "" : own.text()),
                Map.entry("introHtml", own.html() == null ? "" : own.html()),
                Map.entry("files", lines));
        return attachments.map(list -> {
            Mail mail = render(d, own.subject() != null ? own.subject() : "Report ready: " + name, readyHtml, readyText, values);
            list.forEach(a -> mail.addAttachment(a.name(), a.file(), a.contentType()));
            return mail;
        });
    }

    private Mail render(Delivery d, String subject, Template html, Template text, Map<String, Object> values) {
        Mail mail = Mail.withHtml(d.address(), subject, html.data(values).render());
        mail.setText(text.data(values).render());
        // receivers (and our tests) can recognise a repeat of the same delivery, and so can every mail client: a send
        // repeated after a crash (the provider took it, we had not yet recorded it) has the same Message-ID, which
        // clients fold into one message. The mail client replaces its generated Message-ID with ours.
        mail.addHeader("X-Kaa-Delivery-Id", d.id().toString());
        mail.addHeader("Message-ID", messageId(d.id()));
        return mail;
    }

    /** RFC 5322 msg-id of a delivery: the same for every attempt of it, unique across deliveries. */
    static String messageId(java.util.UUID delivery) {
        return "<" + delivery + ".delivery@kaa-reports>";
    }

    static SendResult classify(Throwable e) {
        if (e instanceof ReportFiles.Unavailable unavailable) {
            return unavailable.permanent ? SendResult.permanent(null, null, e.getMessage()) : SendResult.retry(null, null, e.getMessage());
        }
        if (e instanceof SMTPException smtp) {
            String reply = smtp.getReplyCode() + " " + smtp.getReplyMessage();
            return smtp.isPermanent() ? SendResult.permanent(smtp.getReplyCode(), reply, "the mail server refused it: " + reply)
                    : SendResult.retry(smtp.getReplyCode(), reply, "the mail server deferred it: " + reply);
        }
        return SendResult.retry(null, null, "SMTP: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static int rank(JsonNode output) {
        int i = ATTACH_ORDER.indexOf(output.path("format").asText());
        return i < 0 ? ATTACH_ORDER.size() : i;
    }

    static String when(String instant, String timeZone) {
        if (instant == null) {
            return "";
        }
        ZoneId zone;
        try {
            zone = timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return OffsetDateTime.parse(instant).atZoneSameInstant(zone).format(WHEN);
    }

    /** One parameter as the message shows it: its label and the value the run bound. */
    public record ParameterLine(String label, String value) {
    }

    /** The run's parameters ("County: Nairobi"); an optional one without a value shows as "(any)". */
    public static List<ParameterLine> parameters(JsonNode parameters) {
        List<ParameterLine> lines = new ArrayList<>();
        for (JsonNode p : parameters) {
            String label = p.path("label").isTextual() && !p.get("label").asText().isBlank() ? p.get("label").asText() : p.path("name").asText();
            lines.add(new ParameterLine(label, com.kaa.reports.platform.queryspec.ParameterValue.text(p.path("type").asText(),
                    p.path("value"))));
        }
        return lines;
    }

    /** "13 Nov 2026 – 19 Nov 2026 (last 7 days)": the covered days, the exclusive end shown as the last day. */
    public static String period(JsonNode period, String timeZone) {
        if (period == null || !period.path("from").isTextual() || !period.path("to").isTextual()) {
            return "";
        }
        ZoneId zone = zoneOf(timeZone);
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM yyyy");
        String from = OffsetDateTime.parse(period.get("from").asText()).atZoneSameInstant(zone).format(day);
        String to = OffsetDateTime.parse(period.get("to").asText()).atZoneSameInstant(zone).minusNanos(1).format(day);
        String label = period.path("range").asText("").replace('_', ' ');
        return (from.equals(to) ? from : from + " – " + to) + (label.isEmpty() ? "" : " (" + label + ")");
    }

    private static ZoneId zoneOf(String timeZone) {
        try {
            return timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }

    static String safe(String name) {
        String cleaned = name.replaceAll("[^\\p{L}\\p{N} ._-]", "").trim();
        return cleaned.isEmpty() ? "report" : cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }
}
