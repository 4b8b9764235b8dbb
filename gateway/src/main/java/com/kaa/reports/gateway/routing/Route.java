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

    /** The service-side URI: the public one without the strip prefix, query string kept. */
    String upstreamUri(String publicUri) {
        String rest = publicUri.startsWith(stripPrefix) ? publicUri.substring(stripPrefix.length()) : publicUri;
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }
}
