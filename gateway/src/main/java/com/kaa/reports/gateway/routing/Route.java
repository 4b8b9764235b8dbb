package com.kaa.reports.gateway.routing;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.net.SocketAddress;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Public path prefixes, the service that serves them, and how long it may stay silent before a 504. */
record Route(String upstream, List<String> prefixes, String stripPrefix, SocketAddress origin, long timeoutMillis,
             TypedGuard<CompletionStage<HttpClientResponse>> breaker) {

    boolean matches(String path) {
        // the path never carries the query string
        for (String prefix : prefixes) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** The service-side path: the public (normalized) one without the strip prefix. */
    String upstreamPath(String publicPath) {
        String rest = publicPath.startsWith(stripPrefix) ? publicPath.substring(stripPrefix.length()) : publicPath;
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }
}
