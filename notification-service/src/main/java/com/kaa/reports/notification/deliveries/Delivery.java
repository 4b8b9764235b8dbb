package com.kaa.reports.notification.deliveries;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A delivery row as the worker and the API read it. payload is the JSON the message is rendered from. */
public record Delivery(UUID id, String organization, String eventId, String eventType, String kind, String channel,
                       String address, UUID executionId, UUID reportId, String subject, String payload, String status,
                       int attempts, OffsetDateTime nextAttemptAt, String lastError, String providerResponse,
                       OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime sentAt,
                       @JsonIgnore String traceParent) {

    public static final String COLUMNS = """
            id, organization, event_id, event_type, kind, channel, address, execution_id, report_id, subject, payload, status,
            attempts, next_attempt_at, last_error, provider_response, created_at, updated_at, sent_at, trace_parent""";

    public static final String REPORT_READY = "report-ready";
    public static final String REPORT_FAILED = "report-failed";
    public static final String NOTIFICATION = "notification";

    static Delivery read(Row r) {
        return new Delivery(r.getUUID("id"), r.getString("organization"), r.getString("event_id"), r.getString("event_type"),
                r.getString("kind"), r.getString("channel"), r.getString("address"), r.getUUID("execution_id"),
                r.getUUID("report_id"), r.getString("subject"), r.getString("payload"), r.getString("status"),
                r.getInteger("attempts"), r.getOffsetDateTime("next_attempt_at"), r.getString("last_error"),
                r.getString("provider_response"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                r.getOffsetDateTime("sent_at"), r.getString("trace_parent"));
    }
}
