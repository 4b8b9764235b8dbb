package com.kaa.reports.platform.leases;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes workers when work is added, instead of making them poll hard: the transaction that adds work runs
 * {@code pg_notify(<schema>.<name>)} (a trigger does it, so every writer notifies, and only on commit), and this
 * replica's one LISTEN connection runs the registered callbacks. Polling stays as the fallback for work that falls
 * due later (a retry's backoff) and for a lost connection, which reconnects with backoff.
 */
@ApplicationScoped
public class WorkSignals {

    private static final Logger LOG = Logger.getLogger(WorkSignals.class);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final String schema;
    private PgSubscriber subscriber;

    public WorkSignals(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                       @ConfigProperty(name = "quarkus.datasource.username") String user,
                       @ConfigProperty(name = "quarkus.datasource.password") String password,
                       @ConfigProperty(name = "kaa.db.schema") String schema) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user).setPassword(password);
        this.schema = schema;
    }

    /** The channel a trigger of this service notifies for {@code name}: the schema keeps services apart. */
    public String channel(String name) {
        return schema + "." + name;
    }

    /** Runs {@code onSignal} (on an event loop: keep it short, e.g. wake a waiting thread) on each notification. */
    public synchronized void listen(String name, Runnable onSignal) {
        if (subscriber == null) {
            subscriber = PgSubscriber.subscriber(vertx, options)
                    // reconnects for ever once connected, at most every 5 s; polling covers the gap
                    .reconnectPolicy(retries -> Math.min(5000L, 100L * (1L << Math.min(retries, 6))));
            subscriber.channel(channel(name)).handler(payload -> onSignal.run());
            connect();
        } else {
            subscriber.channel(channel(name)).handler(payload -> onSignal.run());
        }
    }

    /** The first connection is retried too (the reconnect policy only covers a connection that was up). */
    private void connect() {
        subscriber.connect().onFailure(e -> {
            LOG.warnf("cannot listen for new work (polling meanwhile, trying again in 5 s): %s", e.getMessage());
            if (!subscriber.closed()) {
                vertx.setTimer(5000, retry -> connect());
            }
        });
    }

    @PreDestroy
    void stop() {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
