package com.kaa.reports.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.gateway.security.ApiGuard;
import com.kaa.reports.platform.tenant.IdentityConfig;
import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.tenant.TenantContext;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemMappers;
import io.netty.util.concurrent.FastThreadLocal;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.Pipe;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Routes /api/v1/** to the services after security/ApiGuard has authenticated, authorized and rate-limited the
 * request. Bodies stream both ways with back-pressure (Vert.x pipes): a large download or upload never sits in
 * the gateway's memory, and server-sent events flow as they are written. A bodiless GET/HEAD/OPTIONS that could
 * not reach the service (refused, or a pooled connection the service had closed) is sent once more; nothing
 * else is retried, so a POST never runs twice. An unreachable or silent service answers 503/504 problem+json
 * naming it.
 */
@ApplicationScoped
public class UpstreamRouter {

    private static final Logger LOG = Logger.getLogger(UpstreamRouter.class);
    private static final String API = "/api/";
    /** Headers about one connection, not the message (RFC 9110 7.6.1); Host is the upstream's own. */
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final Set<HttpMethod> REPLAYABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final String secret;
    private final List<Route> routes = new ArrayList<>();
    private final HttpClientOptions clientOptions = new HttpClientOptions()
            .setMaxPoolSize(200).setKeepAlive(true).setConnectTimeout(5_000).setDecompressionSupported(false);
    private Vertx vertx;
    private HttpClient shared;
    /**
     * One client per event loop: a client opens its connections on the loop that asks, so the request, its
     * upstream exchange and the answer stay on one thread. A single shared pool lent connections of the other
     * loop and every request crossed threads twice (wake-ups, queues, cache misses).
     */
    private final FastThreadLocal<HttpClient> clients = new FastThreadLocal<>() {
        @Override
        protected HttpClient initialValue() {
            return vertx.createHttpClient(clientOptions);
        }
    };

    public UpstreamRouter(GatewayConfig config, ObjectMapper mapper, IdentityConfig identity) {
        this.config = config;
        this.mapper = mapper;
        this.secret = identity.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "kaa.identity.secret (KAA_IDENTITY_SECRET) is required: the gateway signs identities with it"));
    }

    void install(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        this.shared = vertx.createHttpClient(clientOptions);
        config.upstreams().forEach((name, upstream) -> routes.add(new Route(name, upstream.paths(), upstream.stripPrefix(),
                SocketAddress.inetSocketAddress(port(upstream), upstream.url().getHost()), upstream.timeout().toMillis(),
                breaker(name, upstream))));
        router.route(API + "*").order(-10).handler(this::forward);
    }

    private void forward(RoutingContext context) {
        // the path security/ApiGuard decided on (RequestPath): the only spelling that is routed and forwarded
        String path = context.get(ApiGuard.PATH);
        for (Route route : routes) {
            if (route.matches(path)) {
                proxy(route, context, path);
                return;
            }
        }
        TenantContext.Identity who = context.get(ApiGuard.IDENTITY);
        if (who != null) {
            // the gateway's own API (audit) is routed by its REST layer on the request as received (decided above on
            // the normalized path): the identity is signed for that request target
            sign(context.request(), who, context.request().uri());
        }
        context.next();  // the gateway's own API (audit...) or a 404 problem from the REST layer
    }

    private void proxy(Route route, RoutingContext context, String path) {
        HttpServerRequest request = context.request();
        String upstreamPath = route.upstreamPath(path);
        TenantContext.Identity who = context.get(ApiGuard.IDENTITY);
        String query = request.query();
        String target = query == null ? upstreamPath : upstreamPath + "?" + query;
        if (who != null) {
            sign(request, who, target);   // the service checks the signature against what it receives
        }
        boolean hasBody = hasBody(request);
        if (hasBody) {
            request.pause();   // the body waits for the upstream connection
        }
        // identity headers here are the ones security/ApiGuard set from the verified token (it drops the client's),
        // and so is the request id
        String given = request.getHeader(ProblemMappers.REQUEST_ID);
        String id = given != null ? given : ProblemMappers.ensureRequestId(request.headers());
        RequestOptions options = new RequestOptions().setServer(route.origin()).setMethod(request.method())
                .setURI(target).setIdleTimeout(route.timeoutMillis())
                .setHeaders(forwardable(request.headers()));
        HttpClient client = Context.isOnEventLoopThread() ? clients.get() : shared;
        Future<HttpClientResponse> answered;
        try {
            answered = Future.fromCompletionStage(route.breaker().call(() -> {
                Future<HttpClientResponse> sent = exchange(client, options, request, hasBody);
                boolean replayable = !hasBody && REPLAYABLE.contains(request.method());
                return (replayable ? sent.recover(failure -> unreached(failure)
                        ? exchange(client, options, request, false) : Future.failedFuture(failure)) : sent).toCompletionStage();
            }));
        } catch (Exception e) {
            answered = Future.failedFuture(e);
        }
        answered.onComplete(done -> {
            if (done.succeeded()) {
                relay(request, done.result(), id);
            } else {
                refuse(route, request, id, done.cause());
            }
        });
    }

    /** Sends the request (streaming its body) and resolves with the paused response once its head arrived. */
    private static Future<HttpClientResponse> exchange(HttpClient client, RequestOptions options, HttpServerRequest request,
                                                       boolean hasBody) {
        return client.request(options).compose(upstream -> {
            request.response().exceptionHandler(failure -> upstream.reset(0, failure));
            // paused here, on the loop that reads it: the gateway may answer on a later task, and no byte may be lost
            Future<HttpClientResponse> head = upstream.response().map(response -> response.pause());
            if (hasBody) {
                upstream.setChunked(request.getHeader(HttpHeaders.CONTENT_LENGTH) == null);
                Pipe<io.vertx.core.buffer.Buffer> pipe = request.pipe();
                pipe.endOnFailure(false);
                pipe.to(upstream).onFailure(failure -> upstream.reset(0, failure));
            } else {
                request.resume();   // in case security/ApiGuard paused it while asking Redis: its end is still to come
                upstream.end();
            }
            return head;
        });
    }

    /** The service's answer, head then streamed body; the body's own failures cut both connections. */
    private static void relay(HttpServerRequest request, HttpClientResponse answer, String id) {
        HttpServerResponse response = request.response();
        response.setStatusCode(answer.statusCode());
        MultiMap headers = response.headers();
        // the service's own value of a header the gateway sets by default (nosniff, no-store) replaces it, not joins it
        answer.headers().names().forEach(headers::remove);
        headers.addAll(answer.headers());
        HOP_BY_HOP.forEach(headers::remove);   // case-insensitive, as HTTP names are
        headers.set(ProblemMappers.REQUEST_ID, id);
        if (!headers.contains(HttpHeaders.DATE)) {
            headers.set(HttpHeaders.DATE, HttpDate.now());   // RFC 9110 6.6.1: a forwarded answer carries a Date
        }
        int status = answer.statusCode();
        if (request.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200) {
            answer.resume();
            response.end();
            return;
        }
        response.setChunked(answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null);
        Pipe<io.vertx.core.buffer.Buffer> pipe = answer.pipe();
        pipe.endOnFailure(false);
        pipe.to(response).onFailure(failure -> {
            answer.request().reset(0, failure);
            response.reset();
        });
    }

    private void refuse(Route route, HttpServerRequest request, String id, Throwable failure) {
        request.resume();   // a body that will not be sent is read and dropped, so the connection stays usable
        boolean timedOut = timedOut(failure);
        boolean open = failure instanceof CircuitBreakerOpenException;
        LOG.warnf("%s did not answer %s %s: %s", route.upstream(), request.method(), request.uri(), failure.getMessage());
        int status = timedOut ? 504 : 503;
        Problem problem = Problem.of(status, timedOut ? "Gateway Timeout" : "Service Unavailable",
                        route.upstream() + (timedOut ? " did not answer in time" : open
                                ? " is failing: the gateway stops calling it for a few seconds; retry later"
                                : " is unavailable; retry later"))
                .withInstance(request.path()).withTraceId(id);
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(ProblemMappers.REQUEST_ID, id).end(json(problem));
    }

    /**
     * The caller's identity as signed headers for exactly this request, method and target as the service receives
     * them (IdentityHeaders): a captured set cannot be replayed on another route.
     */
    private void sign(HttpServerRequest request, TenantContext.Identity who, String target) {
        IdentityHeaders.sign(who, Instant.now().getEpochSecond(), request.method().name(), target, secret)
                .forEach(request.headers()::set);
    }

    /** No byte of an answer came back: the service did not get the request, or dropped the connection unused. */
    private static boolean unreached(Throwable failure) {
        return !(failure instanceof CircuitBreakerOpenException) && !timedOut(failure);
    }

    /** The connect timeout or the idle timeout between bytes: Vert.x's own *TimeoutException types. */
    private static boolean timedOut(Throwable failure) {
        return failure.getClass().getSimpleName().contains("Timeout");
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !length.equals("0") : request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static MultiMap forwardable(MultiMap incoming) {
        MultiMap headers = HttpHeaders.headers().addAll(incoming);
        HOP_BY_HOP.forEach(headers::remove);
        return headers;
    }

    /** Counts only failures to reach the service: its own 4xx/5xx answers are answers, passed on as they are. */
    private static TypedGuard<CompletionStage<HttpClientResponse>> breaker(String name, GatewayConfig.Upstream upstream) {
        return TypedGuard.create(new TypeLiteral<CompletionStage<HttpClientResponse>>() {
                })
                .withDescription("upstream " + name)
                // the proxied call is non-blocking and already on the request's event loop, where its answer also
                // arrives: it runs right there. Offloaded to the default executor it would cost a worker thread; with
                // offload off, FT re-dispatches the start and the completion onto the event loop (two tasks and two
                // context snapshots per request)
                .withThreadOffload(true).withThreadOffloadExecutor(Runnable::run)
                .withCircuitBreaker().requestVolumeThreshold(upstream.breakerVolume()).failureRatio(0.5)
                .delay(upstream.breakerDelay().toMillis(), ChronoUnit.MILLIS).successThreshold(1).name("upstream-" + name).done()
                .build();
    }

    private static int port(GatewayConfig.Upstream upstream) {
        int port = upstream.url().getPort();
        return port > 0 ? port : "https".equals(upstream.url().getScheme()) ? 443 : 80;
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (Exception e) {
            return "{\"status\":" + problem.status() + "}";
        }
    }
}
