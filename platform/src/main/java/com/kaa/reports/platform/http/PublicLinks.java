package com.kaa.reports.platform.http;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;
import java.util.Optional;

/**
 * Links as callers follow them: through the gateway's public URL, never this service's own address. A service
 * behind the gateway answers requests that the gateway received at {@code kaa.public-url} plus the same path
 * ({@code /api/v1} + {@code /reports/1}); its {@code Location} headers, list links and problem instances name that
 * public address. Configured, not taken from request headers: a caller cannot make a service hand out links to
 * another host. Without {@code kaa.public-url} (the gateway itself, which serves the public paths) links are the
 * request's own.
 */
public final class PublicLinks {

    private static final String PROPERTY = "kaa.public-url";
    /**
     * Where the gateway serves this service's paths under the public API (the inventory: /inventory). A property of its
     * own: the KAA_PUBLIC_URL variable, set for every service, replaces kaa.public-url itself (SmallRye maps the variable
     * to the property), so a suffix written into kaa.public-url was lost wherever the variable was set.
     */
    private static final String PATH = "kaa.public-path";
    private static final String PATHS_ARE_PUBLIC = "kaa.public-links.paths-are-public";

    private PublicLinks() {
    }

    /** The public URL of a path of this service, e.g. /reports/1 → https://reports.example.com/api/v1/reports/1. */
    public static URI to(String path) {
        return base().map(b -> URI.create(b + path)).orElse(URI.create(path));
    }

    /**
     * The path a caller used for a path of this service (a problem's instance): /reports/1 → /api/v1/reports/1. The
     * gateway serves the public paths itself ({@code kaa.public-links.paths-are-public}): its paths are the caller's.
     */
    public static String path(String path) {
        if (ConfigProvider.getConfig().getOptionalValue(PATHS_ARE_PUBLIC, Boolean.class).orElse(false)) {
            return path;
        }
        return base().map(b -> b.getRawPath() + path).orElse(path);
    }

    /** This request as the caller sent it, to derive links (next page...) with {@code replaceQueryParam}. */
    public static UriBuilder request(UriInfo uri) {
        URI own = uri.getRequestUri();
        return base().map(b -> UriBuilder.fromUri(b + own.getRawPath()).replaceQuery(own.getRawQuery()))
                .orElseGet(uri::getRequestUriBuilder);
    }

    /** The public URL this service is reached at, without a trailing slash. */
    public static Optional<URI> base() {
        // read each time, not cached: tests restart the application with other profiles in one JVM
        org.eclipse.microprofile.config.Config config = ConfigProvider.getConfig();
        String path = config.getOptionalValue(PATH, String.class).map(PublicLinks::withoutTrailingSlash).orElse("");
        return config.getOptionalValue(PROPERTY, String.class).map(s -> URI.create(withoutTrailingSlash(s) + path));
    }

    private static String withoutTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
