package com.kaa.reports.gateway.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemMappers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.concurrent.CompletionStage;
import java.util.List;

/**
 * Routes /api/v1/** to the services, streaming bodies both ways (vertx-http-proxy pipes them with
 * back-pressure), after security/ApiGuard has authenticated, authorized and rate-limited the request.
 * An unreachable or silent service answers 503/504 problem+json naming it.
 */
@ApplicationScoped
public class UpstreamRouter {

    private static final Logger LOG = Logger.getLogger(UpstreamRouter.class);
    private static final String API = "/api/";

    private final GatewayConfig config;
    private final ObjectMapper mapper;
    private final List<Route> routes = new ArrayList<>();

    public UpstreamRouter(GatewayConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(200).setKeepAlive(true).setConnectTimeout(5_000).setDecompressionSupported(false));
        config.upstreams().forEach((name, upstream) -> {
            HttpProxy proxy = HttpProxy.reverseProxy(client);
            SocketAddress origin = SocketAddress.inetSocketAddress(port(upstream), upstream.url().getHost());
            long timeout = upstream.timeout().toMillis();
            proxy.originRequestProvider((request, http) ->
                    http.request(new RequestOptions().setServer(origin).setIdleTimeout(timeout)));
            Route route = new Route(name, upstream.paths(), upstream.stripPrefix(), proxy);
            proxy.addInterceptor(new ServiceInterceptor(route, breaker(name, upstream)));
            routes.add(route);
        });
        router.route(API + "*").order(-10).handler(this::forward);
    }

    private void forward(RoutingContext context) {
        String path = context.request().path();
        for (Route route : routes) {
            if (route.matches(path)) {
                route.proxy().handle(context.request());
                return;
            }
        }
        context.next();  // the gateway's own API (audit...) or a 404 problem from the REST layer
    }

    /** Counts only failures to reach the service: its own 4xx/5xx answers are answers, passed on as they are. */
    private static TypedGuard<CompletionStage<ProxyResponse>> breaker(String name, GatewayConfig.Upstream upstream) {
        return TypedGuard.create(new TypeLiteral<CompletionStage<ProxyResponse>>() {
                })
                .withDescription("upstream " + name)
                // the proxied call is already non-blocking on the request's event loop: offloading it (the default for
                // asynchronous guards) cost a task dispatch and a context capture per request
                .withThreadOffload(false)
                .withCircuitBreaker().requestVolumeThreshold(upstream.breakerVolume()).failureRatio(0.5)
                .delay(upstream.breakerDelay().toMillis(), ChronoUnit.MILLIS).successThreshold(1).name("upstream-" + name).done()
                .build();
    }

    private static int port(GatewayConfig.Upstream upstream) {
        int port = upstream.url().getPort();
        return port > 0 ? port : "https".equals(upstream.url().getScheme()) ? 443 : 80;
    }

    /** Rewrites the path, sets the request id, strips forged identity, and turns failures into problems. */
    private final class ServiceInterceptor implements ProxyInterceptor {
        private final Route route;
        private final TypedGuard<CompletionStage<ProxyResponse>> breaker;

        ServiceInterceptor(Route route, TypedGuard<CompletionStage<ProxyResponse>> breaker) {
            this.route = route;
            this.breaker = breaker;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            var request = context.request();
            // identity headers here are the ones security/ApiGuard set from the verified token (it drops the client's)
            String id = ProblemMappers.ensureRequestId(request.headers());
            request.setURI(route.upstreamUri(request.getURI()));
            io.vertx.core.Context vertxContext = io.vertx.core.Vertx.currentContext();
            Future<ProxyResponse> sent;
            try {
                sent = Future.fromCompletionStage(breaker.call(() -> context.sendRequest().toCompletionStage()), vertxContext);
            } catch (Exception e) {
                sent = Future.failedFuture(e);
            }
            return sent
                    .map(response -> {
                        response.headers().set(ProblemMappers.REQUEST_ID, id);
                        return response;
                    })
                    .recover(failure -> {
                        boolean timedOut = failure.getClass().getSimpleName().contains("Timeout");
                        boolean open = failure instanceof CircuitBreakerOpenException;
                        LOG.warnf("%s did not answer %s %s: %s", route.upstream(), request.getMethod(), request.getURI(),
                                failure.getMessage());
                        int status = timedOut ? 504 : 503;
                        Problem problem = Problem.of(status, timedOut ? "Gateway Timeout" : "Service Unavailable",
                                route.upstream() + (timedOut ? " did not answer in time" : open
                                        ? " is failing: the gateway stops calling it for a few seconds; retry later"
                                        : " is unavailable; retry later"))
                                .withInstance(request.proxiedRequest().path()).withTraceId(id);
                        return Future.succeededFuture(request.response().release()
                                .setStatusCode(status)
                                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                                .putHeader(ProblemMappers.REQUEST_ID, id)
                                .setBody(Body.body(Buffer.buffer(json(problem)))));
                    });
        }
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (Exception e) {
            return "{\"status\":" + problem.status() + "}";
        }
    }
}
