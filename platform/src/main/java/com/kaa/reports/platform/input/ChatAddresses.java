package com.kaa.reports.platform.input;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which URLs a chat recipient may name. A Slack or Teams address is an incoming-webhook URL anyone who may schedule
 * a report can type, so it must be the chat's own host: otherwise "slack" would post report links to any server,
 * around the admin-only registration of webhooks. (Any workspace of the chat is reachable, as any e-mail address is;
 * what the message carries is what an e-mail recipient gets.) Hosts match exactly or, for an entry starting with
 * a dot, as a subdomain; {@code extraHosts} (configuration, for local receivers in dev and test) are added.
 */
public final class ChatAddresses {

    /** Slack's incoming webhooks; Teams Workflows webhooks (Logic Apps, Power Platform) and the older connector host. */
    public static final Map<String, Set<String>> HOSTS = Map.of(
            "slack", Set.of("hooks.slack.com"),
            "teams", Set.of(".logic.azure.com", ".api.powerplatform.com", ".webhook.office.com"));

    private ChatAddresses() {
    }

    public static boolean isChat(String channel) {
        return HOSTS.containsKey(channel);
    }

    /** Why {@code url} cannot be a {@code channel} recipient; null when it can. */
    public static String problem(String channel, String url, Set<String> extraHosts) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (extraHosts.contains(host) && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return null;
        }
        Set<String> allowed = HOSTS.get(channel);
        boolean known = allowed.stream().anyMatch(a -> a.startsWith(".") ? host.endsWith(a) && host.length() > a.length() : host.equals(a));
        if (!"https".equalsIgnoreCase(uri.getScheme()) || !known || uri.getUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)) {
            return "a " + channel + " recipient is the chat's incoming-webhook URL: https (port 443) on " + String.join(", ",
                    allowed.stream().sorted().map(a -> a.startsWith(".") ? "*" + a : a).toList());
        }
        return null;
    }
}
