package com.kaa.reports.gateway.security;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what: the route × method → roles matrix of the whole public API, in one place (and in the
 * gateway README). The first rule whose method and path match decides; a path no rule matches is refused.
 * Finer rules (a private report only its owner edits) are the services' own.
 */
public final class AccessPolicy {

    private static final Set<String> READ = Set.of("GET", "HEAD");
    private static final Set<String> WRITE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> ANY = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    /** One line of the matrix. */
    public record Rule(Set<String> methods, Pattern path, Set<String> roles, String action) {
        boolean matches(String method, String requestPath) {
            return methods.contains(method) && path.matcher(requestPath).matches();
        }
    }

    private static Rule rule(Set<String> methods, String path, String... roles) {
        String regex = path.replace("{id}", "[^/]+").replace("/**", "(/.*)?");
        return new Rule(methods, Pattern.compile(regex), Set.of(roles), path);
    }

    /** Rate-limit class of a request: read, write or run (what starts heavy work). */
    public static String rateClass(String method, String path) {
        if (method.equals("POST") && (path.matches("/api/v1/reports/[^/]+/run") || path.matches("/api/v1/datasets/[^/]+/preview")
                || path.matches("/api/v1/executions/[^/]+/retry") || path.matches("/api/v1/inventory/visit-reports/[^/]+/send"))) {
            return "run";
        }
        return READ.contains(method) ? "read" : "write";
    }

    public static final List<Rule> RULES = List.of(
            rule(Set.of("POST"), "/api/v1/reports/{id}/run", "admin", "analyst", "service"),
            rule(READ, "/api/v1/reports/**", "admin", "analyst", "viewer", "service"),
            rule(WRITE, "/api/v1/reports/**", "admin", "analyst"),
            rule(READ, "/api/v1/templates/**", "admin", "analyst", "viewer"),
            rule(WRITE, "/api/v1/templates/**", "admin", "analyst"),
            rule(READ, "/api/v1/schedules/**", "admin", "analyst", "viewer"),
            rule(WRITE, "/api/v1/schedules/**", "admin", "analyst"),
            rule(READ, "/api/v1/executions/**", "admin", "analyst", "viewer", "service"),
            rule(WRITE, "/api/v1/executions/**", "admin", "analyst"),
            rule(READ, "/api/v1/datasets/**", "admin", "analyst", "viewer", "service"),
            rule(Set.of("POST"), "/api/v1/datasets/{id}/preview", "admin", "analyst"),
            rule(READ, "/api/v1/inventory/**", "admin", "analyst", "viewer", "technician", "service"),
            rule(WRITE, "/api/v1/inventory/**", "admin", "technician"),
            rule(READ, "/api/v1/deliveries/**", "admin", "analyst"),
            rule(Set.of("POST"), "/api/v1/deliveries/{id}/retry", "admin"),
            rule(ANY, "/api/v1/webhooks/**", "admin"),
            rule(READ, "/api/v1/audit/**", "admin"));

    private AccessPolicy() {
    }

    /** The matching rule, or null when the API has no such route for anyone. */
    public static Rule rule(String method, String path) {
        for (Rule r : RULES) {
            if (r.matches(method, path)) {
                return r;
            }
        }
        return null;
    }

    public static boolean allows(Rule rule, Set<String> roles) {
        return rule != null && roles.stream().anyMatch(rule.roles()::contains);
    }
}
