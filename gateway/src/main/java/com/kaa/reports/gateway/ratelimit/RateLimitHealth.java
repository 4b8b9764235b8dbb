package com.kaa.reports.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Redis down: the gateway still serves, with per-replica limits, so readiness stays up and says degraded. */
@Readiness
@ApplicationScoped
public class RateLimitHealth implements HealthCheck {

    private final RateLimiter limiter;

    public RateLimitHealth(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = limiter.redisAvailable();
        return HealthCheckResponse.named("redis-rate-limits").up().withData("state", up ? "healthy" : "degraded")
                .withData("detail", up ? "limits shared through Redis" : "Redis unreachable: limits are per replica").build();
    }
}
