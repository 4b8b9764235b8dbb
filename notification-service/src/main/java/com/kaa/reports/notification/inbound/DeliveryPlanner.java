package com.kaa.reports.notification.inbound;

import com.kaa.reports.notification.deliveries.DeliveryEvents;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import com.kaa.reports.platform.tracing.Traces;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns one event into its deliveries, inside the inbox transaction: one row per (event, channel,
 * recipient), inserted with ON CONFLICT DO NOTHING on that unique key, so neither a redelivered event nor a
 * second replica consuming it can make a second delivery. Unusable addresses become failed deliveries at
 * once (with the reason in the log and a DeliveryFailed event), never silent drops.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final String INSERT = """
            insert into delivery (id, organization, event_id, event_type, kind, channel, address, execution_id, report_id,
                                  subject, payload, status, last_error, trace_parent)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            on conflict (event_id, channel, address) do nothing""";

    /** What to deliver, to whom; payload is the event data (JSON) the messages are rendered from. */
    public record Plan(String organization, String eventId, String eventType, String kind, UUID executionId, UUID reportId,
                       String subject, String payload, List<Recipient> recipients) {
    }

    public record Recipient(String channel, String address) {
    }

    private final Recipients recipients;
    private final Outbox outbox;

    public DeliveryPlanner(Recipients recipients, Outbox outbox) {
        this.recipients = recipients;
        this.outbox = outbox;
    }

    public Uni<Void> plan(Plan plan) {
        Map<String, Recipients.Normalised> unique = new LinkedHashMap<>();
        for (Recipient r : plan.recipients()) {
            Recipients.Normalised n = recipients.normalise(r.channel(), r.address());
            unique.putIfAbsent(n.channel() + " " + n.address(), n);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Recipients.Normalised n : unique.values()) {
            chain = chain.chain(() -> insert(plan, n));
        }
        return chain;
    }

    private Uni<Void> insert(Plan plan, Recipients.Normalised n) {
        UUID id = UUID.randomUUID();
        boolean invalid = n.invalidReason() != null;
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                        .setParameter(1, id).setParameter(2, plan.organization()).setParameter(3, plan.eventId())
                        .setParameter(4, plan.eventType()).setParameter(5, plan.kind()).setParameter(6, n.channel())
                        .setParameter(7, n.address()).setParameter(8, plan.executionId()).setParameter(9, plan.reportId())
                        .setParameter(10, plan.subject()).setParameter(11, plan.payload())
                        .setParameter(12, invalid ? "failed" : "pending").setParameter(13, n.invalidReason())
                        // the event's trace (the Kafka consumer's span): the send joins it
                        .setParameter(14, Traces.current())
                        .executeUpdate())
                .chain(inserted -> inserted == 1 && invalid
                        ? outbox.publish(Topics.DELIVERIES, id.toString(), DeliveryEvents.FAILED, plan.organization(),
                        new DeliveryEvents.DeliveryOutcome(1, id, plan.eventId(), plan.kind(), n.channel(), n.address(),
                                plan.executionId(), plan.reportId(), 0, n.invalidReason(), OffsetDateTime.now(ZoneOffset.UTC)))
                        .replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }
}
