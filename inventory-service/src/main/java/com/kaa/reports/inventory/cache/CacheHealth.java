package com.kaa.reports.inventory.cache;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis is an accelerator here, not a dependency: without it every answer still comes from Postgres.
 * So its loss makes the service degraded (reported, alertable), never unready: Kubernetes must not take
 * healthy replicas out of service because the cache is gone. (Quarkus' own Redis check, which would
 * report DOWN, is disabled in application.properties.)
 */
@Readiness
@ApplicationScoped
public class CacheHealth implements HealthCheck {

    private final InventoryCache cache;

    public CacheHealth(InventoryCache cache) {
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = cache.redisAvailable();
        return HealthCheckResponse.named("redis-cache").up()
                .withData("state", up ? "healthy" : "degraded")
                .withData("detail", up ? "reads are cached in memory and Redis" : "Redis unreachable: reads go to Postgres")
                .build();
    }
}
