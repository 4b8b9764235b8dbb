package com.kaa.reports.platform.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Every answer carries X-Response-Time (milliseconds, server side), and a request slower than the
 * threshold is logged with its method, path and status, so slow endpoints show up without a profiler.
 * Latency histograms per route come from Micrometer's HTTP server metrics (http_server_requests_seconds).
 */
@ApplicationScoped
public class ResponseTime {

    static final String HEADER = "X-Response-Time";
    private static final Logger LOG = Logger.getLogger(ResponseTime.class);

    private final long slowNanos;

    public ResponseTime(@ConfigProperty(name = "kaa.http.slow-request-threshold", defaultValue = "500ms") Duration slow) {
        this.slowNanos = slow.toNanos();
    }

    /** Runs first on every route (management and health included). */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::time);
    }

    void time(RoutingContext context) {
        long start = System.nanoTime();
        context.addHeadersEndHandler(ignored -> {
            long elapsed = System.nanoTime() - start;
            long tenths = elapsed / 100_000;   // String.format of a double costs more than the rest of this filter
            context.response().putHeader(HEADER, (tenths / 10) + "." + (tenths % 10) + "ms");
            if (elapsed > slowNanos) {
                LOG.warnf("slow request: %s %s answered %d in %d ms", context.request().method(), context.request().path(),
                        context.response().getStatusCode(), elapsed / 1_000_000);
            }
        });
        context.next();
    }
}
