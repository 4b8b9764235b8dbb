package com.kaa.reports.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "kaa.gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by name (the name is also their readiness check's name). */
    Map<String, Upstream> upstreams();

    interface Upstream {
        /** Base URL, e.g. http://127.0.0.1:8081 locally, http://report-definition-service:8080 in Kubernetes. */
        URI url();

        /** Public path prefixes routed to this service, e.g. /api/v1/reports. */
        List<String> paths();

        /** Removed from the public path to get the service's path: /api/v1/reports/1 → /reports/1. */
        @WithDefault("/api/v1")
        String stripPrefix();

        /** How long the service may stay silent (connect, or between bytes) before the gateway answers 504. */
        @WithDefault("60s")
        Duration timeout();

        /**
         * Circuit breaker: among the last breaker-volume requests, when at least half could not reach the service
         * (refused, reset, timed out), the gateway stops trying for breaker-delay and answers 503 at once.
         */
        @WithDefault("20")
        int breakerVolume();

        @WithDefault("5s")
        Duration breakerDelay();
    }
}
