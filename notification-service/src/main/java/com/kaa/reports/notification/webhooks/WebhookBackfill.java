package com.kaa.reports.notification.webhooks;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces, once, the webhooks registered before their registrations were published (migration V3): the flag and
 * the outbox events change in one transaction, and a replica starting at the same time finds nothing left to do.
 */
@ApplicationScoped
public class WebhookBackfill {

    private static final Logger LOG = Logger.getLogger(WebhookBackfill.class);
    private static final String CLAIM = """
            update webhook_endpoint set announced = true where not announced returning id, organization, url""";

    private final Pool pool;
    private final Outbox outbox;

    public WebhookBackfill(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    void atStartup(@Observes StartupEvent started) {
        announcePending().subscribe().with(count -> {
            if (count > 0) {
                LOG.infof("announced %d webhooks registered before notifications.webhooks.v1", count);
            }
        }, failure -> LOG.warnf("webhooks registered earlier were not announced (retried at the next start): %s",
                failure.getMessage()));
    }

    /** How many webhooks were announced now. */
    public Uni<Integer> announcePending() {
        return pool.withTransaction(c -> c.query(CLAIM).execute().chain(rows -> {
            List<Outbox.Pending> events = new ArrayList<>();
            for (Row row : rows) {
                events.add(new Outbox.Pending(Topics.WEBHOOKS, row.getUUID("id").toString(), WebhookEvents.REGISTERED,
                        row.getString("organization"), new WebhookEvents.WebhookChanged(1, row.getUUID("id"),
                        row.getString("url"), OffsetDateTime.now(ZoneOffset.UTC))));
            }
            return events.isEmpty() ? Uni.createFrom().item(0) : outbox.write(c, events).replaceWith(events.size());
        }));
    }
}
