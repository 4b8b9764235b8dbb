package com.kaa.reports.notification.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.platform.events.EventEnvelope;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Finished reports go to their recipients (ExecutionCompleted, on every channel); failed runs are announced
 * to the report's e-mail and chat recipients and to its owner when the owner is an e-mail address (the gateway uses
 * the token's e-mail as the user when it has one), with the reason. Other execution events are ignored.
 */
@ApplicationScoped
public class ExecutionNotifications {

    private static final Set<String> ANNOUNCED = Set.of("ExecutionCompleted.v1", "ExecutionFailed.v1");

    private final Inbox inbox;
    private final DeliveryPlanner planner;

    public ExecutionNotifications(Inbox inbox, DeliveryPlanner planner) {
        this.inbox = inbox;
        this.planner = planner;
    }

    @Incoming("executions-in")
    public Uni<Void> onExecutionEvent(ConsumerRecord<String, String> record) {
        return inbox.consume("execution-notifications", record, ANNOUNCED, event -> switch (event.type()) {
            case "ExecutionCompleted.v1" -> planner.plan(plan(event, Delivery.REPORT_READY, delivered(event.data())
                    ? recipients(event.data(), false) : List.of()));
            case "ExecutionFailed.v1" -> planner.plan(plan(event, Delivery.REPORT_FAILED, recipients(event.data(), true)));
            default -> Uni.createFrom().voidItem();
        });
    }

    private static DeliveryPlanner.Plan plan(EventEnvelope event, String kind, List<DeliveryPlanner.Recipient> recipients) {
        JsonNode data = event.data();
        if (data == null || !data.path("executionId").isTextual()) {
            throw new PermanentEventFailure(event.type() + " without executionId");
        }
        return new DeliveryPlanner.Plan(event.organization(), event.id(), event.type(), kind, uuid(data, "executionId"),
                uuid(data, "reportId"), data.path("reportName").asText("Report"), data.toString(), recipients);
    }

    /**
     * Whether a finished report goes out. With an alert, its decision (the condition holds, and was not already told);
     * without one, unless it was empty and asked to be sent only with rows (noRows).
     */
    private static boolean delivered(JsonNode data) {
        JsonNode alert = data.path("alert");
        return alert.isObject() ? alert.path("notified").asBoolean(false) : !data.path("noRows").asBoolean(false);
    }

    private static List<DeliveryPlanner.Recipient> recipients(JsonNode data, boolean failure) {
        List<DeliveryPlanner.Recipient> list = new ArrayList<>();
        for (JsonNode r : data.path("recipients")) {
            String channel = r.path("channel").asText();
            // a failure notice is for people (e-mail, a team's chat), not for SMS blasts or machines
            if (!failure || Set.of("email", "slack", "teams").contains(channel)) {
                list.add(new DeliveryPlanner.Recipient(channel, r.path("address").asText()));
            }
        }
        String owner = data.path("requestedBy").asText("");
        if (failure && owner.contains("@")) {
            list.add(new DeliveryPlanner.Recipient("email", owner));
        }
        return list;
    }

    private static UUID uuid(JsonNode data, String field) {
        try {
            return data.path(field).isTextual() ? UUID.fromString(data.get(field).asText()) : null;
        } catch (IllegalArgumentException e) {
            throw new PermanentEventFailure(field + " is not a UUID");
        }
    }
}
