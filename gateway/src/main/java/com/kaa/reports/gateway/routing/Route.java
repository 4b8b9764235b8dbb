package com.kaa.reports.gateway.routing;

import io.vertx.httpproxy.HttpProxy;

import java.util.List;

/** A public path prefix and the proxy to the service that serves it. */
record Route(String upstream, List<String> prefixes, String stripPrefix, HttpProxy proxy) {

    boolean matches(String path) {
        // the path never carries the query string
        return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** The service-side URI: the public one without the strip prefix, query string kept. */
    String upstreamUri(String publicUri) {
        String rest = publicUri.startsWith(stripPrefix) ? publicUri.substring(stripPrefix.length()) : publicUri;
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }
}
