package com.kaa.reports.definition.schedules;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import com.kaa.reports.platform.problems.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook URLs each organization registered, from notification-service's WebhookRegistered/WebhookRemoved
 * events (compacted notifications.webhooks.v1, read from the beginning): a schedule naming an unregistered URL is
 * refused when it is made, not discovered as a failed delivery on its first run.
 */
@ApplicationScoped
public class RegisteredWebhooks {

    static final String REGISTERED = "WebhookRegistered.v1";
    static final String REMOVED = "WebhookRemoved.v1";

    /** The data of both events, as notification-service writes it (docs/events/WebhookRegistered.v1.json). */
    public record WebhookChanged(int version, UUID webhookId, String url, OffsetDateTime at) {
    }

    private final Inbox inbox;
    private final EventCodec codec;

    public RegisteredWebhooks(Inbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("webhooks-in")
    public Uni<Void> onWebhookEvent(ConsumerRecord<String, String> record) {
        return inbox.consume("registered-webhooks", record, event -> {
            if (!REGISTERED.equals(event.type()) && !REMOVED.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            WebhookChanged change = codec.data(event, WebhookChanged.class);
            if (change.webhookId() == null || change.url() == null || event.organization() == null) {
                throw new PermanentEventFailure(event.type() + " lacks webhookId, url or organization");
            }
            String sql = REGISTERED.equals(event.type()) ? """
                    insert into registered_webhook (webhook_id, organization, url, registered_at) values (:id, :org, :url, :at)
                    on conflict (webhook_id) do nothing""" : "delete from registered_webhook where webhook_id = :id";
            return Panache.getSession().flatMap(session -> {
                var update = session.createNativeQuery(sql).setParameter("id", change.webhookId());
                if (REGISTERED.equals(event.type())) {
                    update.setParameter("org", event.organization()).setParameter("url", change.url())
                            .setParameter("at", change.at() != null ? change.at() : event.time());
                }
                return update.executeUpdate();
            }).replaceWithVoid();
        });
    }

    /** 400 naming the first webhook recipient whose URL the organization has not registered. */
    Uni<Void> checkRegistered(String organization, List<ScheduleRequests.Recipient> recipients) {
        List<String> urls = recipients == null ? List.of()
                : recipients.stream().filter(r -> "webhook".equals(r.channel())).map(r -> r.address().trim()).distinct().toList();
        if (urls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select url from registered_webhook where organization = :org and url in (:urls)", String.class)
                .setParameter("org", organization).setParameter("urls", urls).getResultList())
                .invoke(found -> {
                    Set<String> registered = new HashSet<>(found);
                    for (int i = 0; i < recipients.size(); i++) {
                        ScheduleRequests.Recipient r = recipients.get(i);
                        if ("webhook".equals(r.channel()) && !registered.contains(r.address().trim())) {
                            throw ProblemException.invalidField("recipients[" + i + "].address", "the webhook " + r.address().trim()
                                    + " is not registered for your organization; register it first (POST /webhooks)");
                        }
                    }
                }).replaceWithVoid();
    }
}
