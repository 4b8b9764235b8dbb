package com.kaa.reports.execution.executions;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;
import java.util.UUID;

/**
 * Keeps {@link ReportAccess} as report-definition-service publishes its reports (reports.definitions.v1): created
 * with an owner and a visibility, updated with a new visibility. A newer definition version wins; an older event
 * (redelivered, or overtaken) changes nothing. A deleted report keeps its row: its executions stay as private as it was.
 */
@ApplicationScoped
public class ReportVisibility {

    static final String CREATED = "ReportDefinitionCreated.v1";
    static final String UPDATED = "ReportDefinitionUpdated.v1";
    private static final Set<String> VISIBILITIES = Set.of("private", "organization");
    private static final String UPSERT = """
            insert into report_access (report_id, organization, owner, visibility, definition_version)
            values (:report, :org, :owner, :visibility, :version)
            on conflict (report_id) do update set owner = coalesce(excluded.owner, report_access.owner),
                visibility = excluded.visibility, definition_version = excluded.definition_version
            where report_access.definition_version <= excluded.definition_version and report_access.organization = excluded.organization""";

    private final Inbox inbox;

    public ReportVisibility(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("report-definitions-in")
    public Uni<Void> onReportEvent(ConsumerRecord<String, String> record) {
        // schedules and deletions change no one's access: the inbox passes them by without a transaction
        return inbox.consume("report-visibility", record, Set.of(CREATED, UPDATED), event -> {
            JsonNode data = event.data();
            UUID report = uuid(data, "reportId");
            String visibility = data == null ? null : data.path("visibility").asText(null);
            if (report == null || visibility == null || !VISIBILITIES.contains(visibility) || event.organization() == null
                    || data.path("definitionVersion").isMissingNode()) {
                throw new PermanentEventFailure(event.type() + " lacks reportId, a known visibility, definitionVersion or organization");
            }
            String owner = CREATED.equals(event.type()) ? data.path("owner").asText(null) : null;
            return Panache.getSession().flatMap(session -> session.createNativeQuery(UPSERT)
                    .setParameter("report", report).setParameter("org", event.organization()).setParameter("owner", owner)
                    .setParameter("visibility", visibility).setParameter("version", data.path("definitionVersion").asLong())
                    .executeUpdate()).replaceWithVoid();
        });
    }

    private static UUID uuid(JsonNode data, String field) {
        try {
            return data == null || !data.path(field).isTextual() ? null : UUID.fromString(data.path(field).asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
