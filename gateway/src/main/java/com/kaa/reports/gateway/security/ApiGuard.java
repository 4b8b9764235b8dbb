package com.kaa.reports.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.gateway.audit.AuditLog;
import com.kaa.reports.gateway.ratelimit.RateLimiter;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemMappers;
import com.kaa.reports.platform.tenant.IdentityConfig;
import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.tenant.TenantContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The door of /api/**, before routing: request id, security headers, then who is calling (bearer token),
 * whether they may (AccessPolicy), whether they are within their rate (RateLimiter). Identity headers sent by
 * the client are always dropped; the gateway sets organization, user and roles from the verified token and
 * signs them (the services accept identity only with that signature). Signed download links need no token:
 * the link is the authorization, checked by the execution service. Mutations, downloads and refusals are
 * audited once the answer has gone.
 */
@ApplicationScoped
public class ApiGuard {

    private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String DOWNLOADS = "/api/v1/downloads/";
    /** The Vert.x context local Quarkus' HTTP metrics take the uri tag from (Quarkus REST sets it for its own routes). */
    private static final String URL_TEMPLATE = "UrlPathTemplate";
    // security headers of every answer, encoded once (a plain String is checked and hashed again per request)
    private static final CharSequence[] NOSNIFF = optimized("X-Content-Type-Options", "nosniff");
    private static final CharSequence[] NO_FRAMES = optimized("X-Frame-Options", "DENY");
    private static final CharSequence[] NO_REFERRER = optimized("Referrer-Policy", "no-referrer");
    private static final CharSequence[] NO_STORE = optimized("Cache-Control", "no-store");

    private final TokenVerifier verifier;
    private final RateLimiter limiter;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final String secret;
    private Vertx vertx;

    public ApiGuard(TokenVerifier verifier, RateLimiter limiter, AuditLog audit, ObjectMapper json, MeterRegistry registry,
                    IdentityConfig identity) {
        this.verifier = verifier;
        this.limiter = limiter;
        this.audit = audit;
        this.json = json;
        this.registry = registry;
        this.secret = identity.secret().orElseThrow(() -> new IllegalStateException(
                "kaa.identity.secret (KAA_IDENTITY_SECRET) is required: the gateway signs identities with it"));
    }

    void install(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        router.route("/api/*").order(-20).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        IdentityHeaders.ALL.forEach(request.headers()::remove);
        String requestId = ProblemMappers.ensureRequestId(request.headers());
        response.putHeader(ProblemMappers.REQUEST_ID, requestId)
                .putHeader(NOSNIFF[0], NOSNIFF[1])
                .putHeader(NO_FRAMES[0], NO_FRAMES[1])
                .putHeader(NO_REFERRER[0], NO_REFERRER[1])
                .putHeader(NO_STORE[0], NO_STORE[1]);
        String path = request.path();
        String method = request.method().name();
        AccessPolicy.Rule rule = AccessPolicy.rule(method, path);
        // http_server_requests' uri tag: the matrix line, not the path (ids and link tokens would make a series
        // each, and Micrometer stops recording new uris after max-uri-tags)
        ((HttpServerRequestInternal) request).context().putLocal(URL_TEMPLATE,
                path.startsWith(DOWNLOADS) ? DOWNLOADS + "**" : rule != null ? rule.action() : "/api/{unknown}");
        if (path.startsWith(DOWNLOADS) && (method.equals("GET") || method.equals("HEAD"))) {
            auditWhenDone(context, null, "GET " + DOWNLOADS + "**");
            context.next();
            return;
        }
        String authorization = request.getHeader("Authorization");
        TenantContext.Identity known = verifier.remembered(authorization);
        if (known != null) {
            admit(context, known, rule);
            return;
        }
        request.pause();
        vertx.executeBlocking(() -> verifier.verify(authorization), false).onComplete(verified -> {
            if (verified.failed()) {
                request.resume();
                registry.counter("kaa.gateway.refused", "status", "401").increment();
                response.putHeader("WWW-Authenticate", "Bearer");
                auditWhenDone(context, null, method + " " + path);
                problem(context, 401, "Unauthorized", verified.cause().getMessage());
                return;
            }
            admit(context, verified.result(), rule);
        });
    }

    /** A caller whose token verified: role check, rate limit, signed identity, then on to routing. */
    private void admit(RoutingContext context, TenantContext.Identity who, AccessPolicy.Rule rule) {
        HttpServerRequest request = context.request();
        String path = request.path();
        String method = request.method().name();
        if (rule == null) {
            request.resume();
            problem(context, 404, "Not Found", "no API route " + method + " " + path);
            return;
        }
        if (!AccessPolicy.allows(rule, who.roles())) {
            request.resume();
            registry.counter("kaa.gateway.refused", "status", "403").increment();
            auditWhenDone(context, who, method + " " + rule.action());
            problem(context, 403, "Forbidden", "the roles " + new TreeSet<>(who.roles()) + " may not " + method + " "
                    + rule.action() + "; it needs one of " + new TreeSet<>(rule.roles()));
            return;
        }
        String rateClass = AccessPolicy.rateClass(method, path);
        RateLimiter.Decision decided = limiter.decideLocally(who.organization(), who.user(), rateClass);
        if (decided != null) {
            proceed(context, who, rule, rateClass, decided);
            return;
        }
        request.pause();   // the body waits while the rate limiter asks Redis; routing resumes it
        limiter.check(who.organization(), who.user(), rateClass).subscribe().with(
                decision -> proceed(context, who, rule, rateClass, decision),
                failure -> {
                    request.resume();
                    problem(context, 500, "Internal Server Error", "the rate limiter failed");
                });
    }

    /** After the rate limiter: 429, or the signed identity and on to routing. */
    private void proceed(RoutingContext context, TenantContext.Identity who, AccessPolicy.Rule rule, String rateClass,
                         RateLimiter.Decision decision) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if (decision.limit() > 0) {
            response.putHeader("RateLimit-Limit", Integer.toString(decision.limit()))
                    .putHeader("RateLimit-Remaining", Integer.toString(decision.remaining()))
                    .putHeader("RateLimit-Reset", Long.toString((decision.resetMillis() + 999) / 1000));
        }
        if (!decision.allowed()) {
            request.resume();
            registry.counter("kaa.gateway.refused", "status", "429").increment();
            response.putHeader("Retry-After", Long.toString(Math.max(1, (decision.retryAfterMillis() + 999) / 1000)));
            problem(context, 429, "Too Many Requests", "the rate limit of " + rateClass
                    + " requests is reached; retry after the Retry-After seconds");
            return;
        }
        IdentityHeaders.sign(who, Instant.now().getEpochSecond(), secret).forEach(request.headers()::set);
        String method = request.method().name();
        if (MUTATIONS.contains(method)) {
            auditWhenDone(context, who, method + " " + rule.action());
        }
        context.next();
    }

    private void auditWhenDone(RoutingContext context, TenantContext.Identity who, String action) {
        HttpServerRequest request = context.request();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        String requestId = request.getHeader(ProblemMappers.REQUEST_ID);
        String agent = request.getHeader("User-Agent");
        String resource = request.path().length() > 2000 ? request.path().substring(0, 2000) : request.path();
        String clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        context.addEndHandler(done -> audit.record(new AuditLog.AuditRecorded(1, UUID.randomUUID(), at,
                who == null ? organizationOfDownload(request) : who.organization(), who == null ? null : who.user(),
                who == null ? null : String.join(",", new TreeSet<>(who.roles())), action, request.method().name(), resource,
                context.response().getStatusCode(), requestId, clientIp,
                agent == null ? null : agent.length() > 300 ? agent.substring(0, 300) : agent)));
    }

    /** A signed download link names its organization (org=...); the link itself is checked by the execution service. */
    private static String organizationOfDownload(HttpServerRequest request) {
        if (!request.path().startsWith(DOWNLOADS)) {
            return null;
        }
        String org = request.getParam("org");
        return org == null || org.length() > 100 ? null : org;
    }

    private static CharSequence[] optimized(String name, String value) {
        return new CharSequence[] {io.vertx.core.http.HttpHeaders.createOptimized(name), io.vertx.core.http.HttpHeaders.createOptimized(value)};
    }

    private void problem(RoutingContext context, int status, String title, String detail) {
        Problem problem = Problem.of(status, title, detail).withInstance(context.request().path())
                .withTraceId(context.request().getHeader(ProblemMappers.REQUEST_ID));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (Exception e) {
            body = "{\"status\":" + status + "}";
        }
        context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }

}
