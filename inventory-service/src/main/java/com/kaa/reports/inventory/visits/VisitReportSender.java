package com.kaa.reports.inventory.visits;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.kaa.reports.platform.events.ExecutionRequested;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.queryspec.QuerySpec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * E-mails a visit report to client contacts as a PDF. This service does not render or mail anything: it
 * asks the execution service to run the "Visit report (PDF)" system template for this one report, with the
 * contacts as recipients, and the notification service mails the result (the flow of every report).
 * awaitRows: the report may be sent right after it was recorded, before its event reached the execution
 * service's dataset; the run then waits (retries) instead of mailing an empty PDF.
 */
@ApplicationScoped
public class VisitReportSender {

    /** The system template "Visit report (PDF)" of the definition service (V3__templates.sql). */
    static final UUID TEMPLATE_ID = UUID.fromString("00000000-0000-4000-8000-000000000005");
    static final List<String> COLUMNS = List.of("report_number", "visit_date", "office", "county", "technician", "status",
            "priority", "completion", "purpose", "summary");

    private final Pool pool;
    private final Outbox outbox;
    private final String timeZone;

    public VisitReportSender(Pool pool, Outbox outbox, @ConfigProperty(name = "kaa.visit-reports.time-zone", defaultValue = "Africa/Nairobi") String timeZone) {
        this.pool = pool;
        this.outbox = outbox;
        this.timeZone = timeZone;
    }

    public Uni<VisitReportRequests.Sent> send(String organization, String user, UUID id, List<String> recipients) {
        UUID requestId = UUID.randomUUID();
        List<String> unique = recipients.stream().map(String::trim).map(String::toLowerCase).distinct().toList();
        return pool.withTransaction(c -> VisitReportService.find(c, organization, id).chain(v -> {
            QuerySpec spec = new QuerySpec(COLUMNS,
                    List.of(new QuerySpec.Filter("id", "eq", JsonNodeFactory.instance.textNode(id.toString()))),
                    List.of(), List.of(), List.of(), 1, null);
            ExecutionRequested request = new ExecutionRequested(1, requestId, TEMPLATE_ID, v.version(),
                    "Visit report " + v.reportNumber(), "visit_reports", spec, List.of("pdf"), 3,
                    unique.stream().map(address -> new ExecutionRequested.Recipient("email", address)).toList(),
                    null, null, timeZone, false, null, true, user, OffsetDateTime.now(ZoneOffset.UTC), null, null, null);
            return outbox.write(c, List.of(new Outbox.Pending(Topics.EXECUTION_REQUESTS, requestId.toString(),
                    ExecutionRequested.TYPE, organization, request)));
        })).replaceWith(new VisitReportRequests.Sent(requestId, unique));
    }
}
