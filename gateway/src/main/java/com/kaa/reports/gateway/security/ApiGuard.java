package com.kaa.reports.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.gateway.audit.AuditLog;
import com.kaa.reports.gateway.ratelimit.RateLimitConfig;
import com.kaa.reports.gateway.ratelimit.RateLimiter;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemMappers;
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
 * The door of /api/**, before routing: request id, security headers, the one normalized path (RequestPath) every
 * decision and the forwarded request use, then who is calling (bearer token), whether they may (AccessPolicy),
 * whether they are within their rate (RateLimiter). Identity headers sent by the client are always dropped; the
 * verified identity is signed for the request the service receives (routing/UpstreamRouter). Signed download links
 * need no token: the link is the authorization, checked by the execution service; a token sent with one must be of
 * the link's organization. Requests without a verified identity are limited per client address. Mutations,
 * downloads and refusals are audited once the answer has gone.
 */
@ApplicationScoped
public class ApiGuard {

    private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String DOWNLOADS = "/api/v1/downloads/";
    /** The routing context keys of the normalized path (security/RequestPath) and of the verified caller. */
    public static final String PATH = "kaa.path";
    public static final String IDENTITY = "kaa.identity";
    /** The rate-limit class, and organization key, of requests without a verified identity, per client address. */
    static final String ANONYMOUS = "anonymous";
    /** What a signed download link is made of: each exactly once (a second org= or sig= is not a spelling of the link). */
    private static final java.util.List<String> LINK_PARAMETERS = java.util.List.of("org", "expires", "kid", "sig");
    /** The longest request target and the largest header block the API accepts (the services' codecs take 4 KiB lines). */
    static final int MAX_TARGET = 4_000;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The Vert.x context local Quarkus' HTTP metrics take the uri tag from (Quarkus REST sets it for its own routes). */
    private static final String URL_TEMPLATE = "UrlPathTemplate";
    // security headers of every answer, encoded once (a plain String is checked and hashed again per request)
    private static final CharSequence[] NOSNIFF = optimized("X-Content-Type-Options", "nosniff");
    private static final CharSequence[] NO_FRAMES = optimized("X-Frame-Options", "DENY");
    private static final CharSequence[] NO_REFERRER = optimized("Referrer-Policy", "no-referrer");
    private static final CharSequence[] NO_STORE = optimized("Cache-Control", "no-store");

    private final TokenVerifier verifier;
    private final RateLimiter limiter;
    private final RateLimitConfig limits;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private Vertx vertx;

    public ApiGuard(TokenVerifier verifier, RateLimiter limiter, RateLimitConfig limits, AuditLog audit, ObjectMapper json,
                    MeterRegistry registry) {
        this.verifier = verifier;
        this.limiter = limiter;
        this.limits = limits;
        this.audit = audit;
        this.json = json;
        this.registry = registry;
    }

    void install(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        router.route().order(-30).handler(this::withinLimits);
        // Vert.x Web fails a path it cannot decode (%g0) before any route, with a plain-text 400: the same problem+json
        router.errorHandler(400, context -> {
            if (!context.response().ended() && !context.response().headWritten()) {
                Throwable failure = context.failure();
                problem(context, 400, "Bad Request", failure instanceof IllegalArgumentException && failure.getMessage() != null
                        ? "the request target is not a valid URI: " + failure.getMessage() : "the request is not valid");
            }
        });
        router.route("/api/*").order(-20).handler(this::guard);
    }

    /**
     * Every request, before routing: a request target and headers within what the API (and the services behind it)
     * accept, answered with problem+json when not; and a path spelled under /api stays under /api (Vert.x matches
     * routes on its own normalized path, so {@code /api/v1/../../q/metrics} would reach the gateway's /q endpoints
     * without passing through {@link #guard}).
     */
    private void withinLimits(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > MAX_TARGET) {
            problem(context, 414, "URI Too Long", "the request target is longer than " + MAX_TARGET + " characters");
            return;
        }
        String unparsable = RequestPath.unparsable(request.uri());
        if (unparsable != null) {
            problem(context, 400, "Bad Request", "the request target is not a valid URI: " + unparsable);
            return;
        }
        int headerBytes = 0;
        for (java.util.Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            problem(context, 431, "Request Header Fields Too Large", "the request headers are larger than "
                    + MAX_HEADER_BYTES + " bytes");
            return;
        }
        String raw = request.path();
        String path;
        try {
            path = RequestPath.normalize(raw);
        } catch (RequestPath.Refused refused) {
            problem(context, 400, "Bad Request", refused.getMessage());
            return;
        }
        if (raw.startsWith("/api") && !path.startsWith("/api/")) {
            problem(context, 400, "Bad Request", "the request path leaves /api: " + path);
            return;
        }
        context.next();
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
        String method = request.method().name();
        String path;
        try {
            path = RequestPath.normalize(request.path());
        } catch (RequestPath.Refused refused) {
            registry.counter("kaa.gateway.refused", "status", "400").increment();
            problem(context, 400, "Bad Request", refused.getMessage());
            return;
        }
        // every decision below, the routing and the forwarded request use this spelling, never the raw one
        context.put(PATH, path);
        AccessPolicy.Rule rule = AccessPolicy.rule(method, path);
        boolean download = path.startsWith(DOWNLOADS) && (method.equals("GET") || method.equals("HEAD"));
        // http_server_requests' uri tag: the matrix line, not the path (ids and link tokens would make a series
        // each, and Micrometer stops recording new uris after max-uri-tags)
        ((HttpServerRequestInternal) request).context().putLocal(URL_TEMPLATE,
                download ? DOWNLOADS + "**" : rule != null ? rule.action() : "/api/{unknown}");
        String authorization = request.getHeader("Authorization");
        if (request.headers().getAll("Authorization").size() > 1) {
            // which one counts would be the gateway's guess: refused, as any ambiguous credential
            registry.counter("kaa.gateway.refused", "status", "401").increment();
            response.putHeader("WWW-Authenticate", "Bearer error=\"invalid_request\"");
            problem(context, 401, "Unauthorized", "send one Authorization header");
            return;
        }
        if (download) {
            for (String name : LINK_PARAMETERS) {
                if (request.params().getAll(name).size() > 1) {
                    problem(context, 400, "Bad Request", "a download link names " + name + " once");
                    return;
                }
            }
        }
        if (download && authorization == null) {
            // the signed link is the authorization, checked by the execution service; only its pace is ours
            throttleAnonymous(context, () -> {
                auditWhenDone(context, null, "GET " + DOWNLOADS + "**");
                context.next();
            });
            return;
        }
        TenantContext.Identity known = verifier.remembered(authorization);
        if (known != null) {
            admit(context, known, rule, download);
            return;
        }
        request.pause();
        vertx.executeBlocking(() -> verifier.verify(authorization), false).onComplete(verified -> {
            if (verified.failed()) {
                request.resume();
                // a client guessing tokens is slowed down by its address, as an anonymous download is
                throttleAnonymous(context, () -> {
                    registry.counter("kaa.gateway.refused", "status", "401").increment();
                    response.putHeader("WWW-Authenticate", authorization == null ? "Bearer"
                            : "Bearer error=\"invalid_token\", error_description=\"" + verified.cause().getMessage() + "\"");
                    auditWhenDone(context, null, method + " " + path);
                    problem(context, 401, "Unauthorized", verified.cause().getMessage());
                });
                return;
            }
            admit(context, verified.result(), rule, download);
        });
    }

    /**
     * Requests that carry no verified identity (a signed download, a refused token) are limited per client address
     * in the "anonymous" class, so nobody can hammer links or guess tokens at the gateway's full speed.
     */
    private void throttleAnonymous(RoutingContext context, Runnable then) {
        HttpServerRequest request = context.request();
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        check(context, ANONYMOUS, address, ANONYMOUS, then);
    }

    /** A caller whose token verified: role check, rate limit, signed identity, then on to routing. */
    private void admit(RoutingContext context, TenantContext.Identity who, AccessPolicy.Rule rule, boolean download) {
        HttpServerRequest request = context.request();
        String path = context.get(PATH);
        String method = request.method().name();
        if (download) {
            // two credentials, a signed link and a token: served only when they name the same organization
            String linked = request.getParam("org");
            if (!who.organization().equals(linked)) {
                request.resume();
                registry.counter("kaa.gateway.refused", "status", "403").increment();
                auditWhenDone(context, who, "GET " + DOWNLOADS + "**");
                problem(context, 403, "Forbidden", "the bearer token's organization is not the one the download link "
                        + "was signed for; send the link without the Authorization header, or use a link of your organization");
                return;
            }
            String rateClass = "read";
            check(context, who.organization(), who.user(), rateClass, () -> {
                auditWhenDone(context, who, "GET " + DOWNLOADS + "**");
                context.next();
            });
            return;
        }
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
        check(context, who.organization(), who.user(), AccessPolicy.rateClass(method, path), () -> {
            // signed by routing/UpstreamRouter for the request the service (or the gateway's own API) receives
            context.put(IDENTITY, who);
            if (MUTATIONS.contains(method)) {
                auditWhenDone(context, who, method + " " + rule.action());
            }
            context.next();
        });
    }

    /** The rate limit of a caller (an organization's user, or an anonymous client address): a 429, or on. */
    private void check(RoutingContext context, String organization, String user, String rateClass, Runnable then) {
        HttpServerRequest request = context.request();
        RateLimiter.Decision decided = limiter.decideLocally(organization, user, rateClass);
        if (decided != null) {
            if (!rateLimited(context, rateClass, decided)) {
                then.run();
            }
            return;
        }
        request.pause();   // the body waits while the rate limiter asks Redis; routing resumes it
        limiter.check(organization, user, rateClass).subscribe().with(
                decision -> {
                    if (!rateLimited(context, rateClass, decision)) {
                        then.run();
                    }
                },
                failure -> {
                    request.resume();
                    problem(context, 500, "Internal Server Error", "the rate limiter failed");
                });
    }

    /**
     * The RateLimit-* headers (all three about one window: the burst a caller may send at once, what is left of it,
     * seconds until it is whole again; the policy says how fast it refills) and, when refused, the 429. True if refused.
     */
    private boolean rateLimited(RoutingContext context, String rateClass, RateLimiter.Decision decision) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        RateLimitConfig.Limit limit = limits.classes().get(rateClass);
        if (decision.limit() > 0 && limit != null) {
            int burst = Math.max(1, Math.min(limit.burst(), limit.perUser()));
            response.putHeader("RateLimit-Limit", Integer.toString(burst))
                    .putHeader("RateLimit-Remaining", Integer.toString(Math.min(burst, decision.remaining())))
                    .putHeader("RateLimit-Reset", Long.toString((decision.resetMillis() + 999) / 1000))
                    .putHeader("RateLimit-Policy", burst + ";w=" + Math.max(1, (burst * 60L + limit.perUser() - 1) / limit.perUser()));
        }
        if (decision.allowed()) {
            return false;
        }
        request.resume();
        registry.counter("kaa.gateway.refused", "status", "429").increment();
        response.putHeader("Retry-After", Long.toString(Math.max(1, (decision.retryAfterMillis() + 999) / 1000)));
        problem(context, 429, "Too Many Requests", "the rate limit of " + rateClass
                + " requests is reached; retry after the Retry-After seconds");
        return true;
    }

    private void auditWhenDone(RoutingContext context, TenantContext.Identity who, String action) {
        HttpServerRequest request = context.request();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        String requestId = request.getHeader(ProblemMappers.REQUEST_ID);
        String agent = request.getHeader("User-Agent");
        String path = context.get(PATH);
        String resource = path.length() > 2000 ? path.substring(0, 2000) : path;
        String clientIp = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        context.addEndHandler(done -> audit.record(new AuditLog.AuditRecorded(1, UUID.randomUUID(), at,
                who == null ? organizationOfDownload(context) : who.organization(), who == null ? null : who.user(),
                who == null ? null : String.join(",", new TreeSet<>(who.roles())), action, request.method().name(), resource,
                context.response().getStatusCode(), requestId, clientIp,
                agent == null ? null : agent.length() > 300 ? agent.substring(0, 300) : agent)));
    }

    /**
     * A signed download link names its organization (org=...), but only the execution service checks the link: the
     * entry goes to that organization only when the service served it (anyone can write any org= into a link).
     */
    private static String organizationOfDownload(RoutingContext context) {
        String path = context.get(PATH);
        if (!path.startsWith(DOWNLOADS) || context.response().getStatusCode() >= 400) {
            return null;
        }
        String org = context.request().getParam("org");
        return org == null || org.length() > 100 ? null : org;
    }

    private static CharSequence[] optimized(String name, String value) {
        return new CharSequence[] {io.vertx.core.http.HttpHeaders.createOptimized(name), io.vertx.core.http.HttpHeaders.createOptimized(value)};
    }

    private void problem(RoutingContext context, int status, String title, String detail) {
        String path = context.get(PATH);
        Problem problem = Problem.of(status, title, detail).withInstance(path != null ? path
                : context.request().path().substring(0, Math.min(200, context.request().path().length())))
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
