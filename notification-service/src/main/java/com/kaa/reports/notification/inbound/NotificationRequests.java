package com.kaa.reports.notification.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.notification.deliveries.Delivery;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import com.kaa.reports.platform.input.InputBounds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * NotificationRequested.v1 on notifications.requests.v1: any service asks to tell someone something
 * (subject, text, optional link) on any channel (docs/events/NotificationRequested.v1.json).
 */
@ApplicationScoped
public class NotificationRequests {

    public static final String TYPE = "NotificationRequested.v1";

    private final Inbox inbox;
    private final DeliveryPlanner planner;

    public NotificationRequests(Inbox inbox, DeliveryPlanner planner) {
        this.inbox = inbox;
        this.planner = planner;
    }

    @Incoming("notifications-in")
    public Uni<Void> onRequest(ConsumerRecord<String, String> record) {
        return inbox.consume("notification-requests", record, event -> {
            if (!TYPE.equals(event.type())) {
                throw new PermanentEventFailure("unknown event type " + event.type() + " on notifications.requests.v1");
            }
            JsonNode data = event.data();
            String subject = data == null ? "" : data.path("subject").asText("");
            String text = data == null ? "" : data.path("text").asText("");
            if (subject.isBlank() || subject.length() > 200 || text.isBlank() || text.length() > 10_000) {
                throw new PermanentEventFailure("subject (1-200 characters) and text (1-10,000) are required");
            }
            if (InputBounds.hasNul(subject) || InputBounds.hasNul(text)) {
                // no mail or SMS may carry one (RFC 5321 forbids NUL in a message)
                throw new PermanentEventFailure("subject and text " + InputBounds.NUL);
            }
            List<DeliveryPlanner.Recipient> recipients = new ArrayList<>();
            data.path("recipients").forEach(r -> recipients.add(new DeliveryPlanner.Recipient(r.path("channel").asText(),
                    r.path("address").asText())));
            if (recipients.isEmpty() || recipients.size() > 1000) {
                throw new PermanentEventFailure("1 to 1,000 recipients are required");
            }
            return planner.plan(new DeliveryPlanner.Plan(event.organization(), event.id(), event.type(), Delivery.NOTIFICATION,
                    null, null, subject, data.toString(), recipients));
        });
    }
}
