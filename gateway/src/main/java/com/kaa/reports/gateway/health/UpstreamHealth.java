package com.kaa.reports.gateway.health;

import com.kaa.reports.gateway.routing.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/**
 * One check per service behind the gateway, named after it: UP only when that service's own /q/health/ready is
 * UP. The platform team sees at a glance which service holds the suite back, at /q/health/well. They are not
 * readiness checks: one unready service would take the gateway, and so the whole public API, out of its Service
 * (as one poison record once did); the gateway answers 503 problem+json for that service's routes instead.
 */
@ApplicationScoped
public class UpstreamHealth {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    void register(@Observes StartupEvent event, GatewayConfig config, @Wellness HealthRegistry wellness, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis()));
        config.upstreams().forEach((name, upstream) -> wellness.register(name, () -> probe(client, name, upstream)));
    }

    private Uni<HealthCheckResponse> probe(HttpClient client, String name, GatewayConfig.Upstream upstream) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(upstream.url().resolve("/q/health/ready").toString())
                .setIdleTimeout(TIMEOUT.toMillis());
        return client.request(options)
                .flatMap(request -> request.send())
                .map(response -> HealthCheckResponse.named(name).status(response.statusCode() == 200)
                        .withData("url", upstream.url().toString()).withData("status", response.statusCode()).build())
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(name).down()
                        .withData("url", upstream.url().toString())
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
