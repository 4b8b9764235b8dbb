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

    /**
     * One line of the matrix. Its literal prefix is compared first; a rule that is only "prefix/**" needs nothing
     * more (no regex per request), one with an {id} is then matched whole by its pattern (path).
     */
    public record Rule(Set<String> methods, String prefix, Pattern path, Set<String> roles, String action) {
        boolean matches(String method, String requestPath) {
            if (!methods.contains(method) || !requestPath.startsWith(prefix)) {
                return false;
            }
            if (path == null) {
                return requestPath.length() == prefix.length() || requestPath.charAt(prefix.length()) == '/';
            }
            return path.matcher(requestPath).matches();
        }
    }

    private static Rule rule(Set<String> methods, String path, String... roles) {
        String regex = path.replace("{id}", "[^/]+").replace("/**", "(/.*)?");
        String prefix = path.replaceAll("(\\{id}|/\\*\\*).*", "");
        boolean subtree = path.equals(prefix + "/**");
        return new Rule(methods, prefix, subtree ? null : Pattern.compile(regex), Set.of(roles), path);
    }

    /** POSTs that start heavy work (a report run, a preview, a retry, a send): the tight "run" rate-limit class. */
    private static final Pattern RUNS = Pattern.compile(
            "/api/v1/(reports/[^/]+/run|datasets/[^/]+/preview|executions/[^/]+/retry|inventory/visit-reports/[^/]+/send)");

    /** Rate-limit class of a request: read, write or run. */
    public static String rateClass(String method, String path) {
        if (method.equals("POST") && RUNS.matcher(path).matches()) {
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
            // deactivating an office or a technician is an administrator's decision, not a field technician's
            rule(Set.of("DELETE"), "/api/v1/inventory/offices/{id}", "admin"),
            rule(Set.of("DELETE"), "/api/v1/inventory/technicians/{id}", "admin"),
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
        if (rule == null) {
            return false;
        }
        for (String role : roles) {
            if (rule.roles().contains(role)) {
                return true;
            }
        }
        return false;
    }
}
