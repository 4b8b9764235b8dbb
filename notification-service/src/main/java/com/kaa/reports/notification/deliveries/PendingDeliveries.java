package com.kaa.reports.notification.deliveries;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/** kaa_deliveries_pending{channel}: deliveries waiting (due or backing off), refreshed every 10 s from the due index. */
@ApplicationScoped
public class PendingDeliveries {

    private final Pool pool;
    private final java.util.Map<String, AtomicLong> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public PendingDeliveries(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        for (String channel : java.util.List.of("email", "sms", "webhook", "slack", "teams")) {
            gauge(channel);
        }
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("select channel, count(*) from delivery where status in ('pending', 'sending') group by channel").execute()
                .invoke(rows -> {
                    pending.values().forEach(v -> v.set(0));
                    rows.forEach(r -> gauge(r.getString(0)).set(r.getLong(1)));
                })
                .replaceWithVoid();
    }

    private AtomicLong gauge(String channel) {
        return pending.computeIfAbsent(channel, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("kaa.deliveries.pending", value, AtomicLong::get).tag("channel", c).register(registry);
            return value;
        });
    }
}
