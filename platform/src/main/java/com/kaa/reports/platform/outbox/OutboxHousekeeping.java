package com.kaa.reports.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import com.kaa.reports.platform.inbox.InboxConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Exposes the outbox backlog as metrics (an alert fires when events wait too long: a relay or the
 * broker is down) and deletes published events and old inbox entries after their retention.
 */
@ApplicationScoped
public class OutboxHousekeeping {

    private static final String BACKLOG = """
            select count(*) as pending,
                   coalesce(extract(epoch from now() - min(created_at)), 0)::bigint as oldest_seconds
              from outbox_event where published_at is null""";
    private static final String DELETE_PUBLISHED = """
            delete from outbox_event where id in (
              select id from outbox_event where published_at < now() - make_interval(secs => $1) limit 10000)""";
    private static final String DELETE_INBOX = """
            delete from inbox_message where ctid in (
              select ctid from inbox_message where processed_at < now() - make_interval(secs => $1) limit 10000)""";

    private final Pool pool;
    private final OutboxConfig outbox;
    private final InboxConfig inbox;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxHousekeeping(Pool pool, OutboxConfig outbox, InboxConfig inbox, MeterRegistry registry) {
        this.pool = pool;
        this.outbox = outbox;
        this.inbox = inbox;
        Gauge.builder("kaa.outbox.pending", pending, AtomicLong::get)
                .description("Events committed but not yet published").register(registry);
        Gauge.builder("kaa.outbox.oldest.pending.seconds", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished event").register(registry);
    }

    @Scheduled(every = "${kaa.outbox.metrics-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measureBacklog() {
        return pool.query(BACKLOG).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("pending"));
                    oldestSeconds.set(row.getLong("oldest_seconds"));
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${kaa.outbox.cleanup-interval:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return pool.preparedQuery(DELETE_PUBLISHED).execute(Tuple.of((double) outbox.retention().toSeconds()))
                .chain(() -> pool.preparedQuery(DELETE_INBOX).execute(Tuple.of((double) inbox.retention().toSeconds())))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
