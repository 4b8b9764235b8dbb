package com.kaa.reports.notification.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a webhook URL may be called and pins the address to call: the host is resolved once and
 * every address must be public (not loopback, link-local — where cloud metadata lives —, private, unique
 * local, multicast or unspecified), unless the host is allow-listed. The caller then connects to the
 * resolved address, so a DNS answer that changes between check and use (rebinding) cannot redirect it.
 */
final class SsrfGuard {

    record Target(InetAddress address, String host, int port, boolean tls, String pathAndQuery) {
    }

    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private SsrfGuard() {
    }

    /** Blocking (DNS): call off the event loop. */
    static Target check(String url, Set<String> allowedPrivateHosts) throws Refused {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Refused("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https webhooks are allowed");
        }
        String host = uri.getHost();
        if (host == null || uri.getUserInfo() != null) {
            throw new Refused("a webhook URL needs a host and no credentials");
        }
        boolean allowed = allowedPrivateHosts.contains(host.toLowerCase(Locale.ROOT));
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed && !isPublic(address)) {
                throw new Refused(host + " resolves to " + address.getHostAddress()
                        + ", a private, loopback or link-local address: webhooks may only call public addresses");
            }
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Target(addresses[0], host, port, tls, path);
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc;  // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 100.64.0.0/10 (carrier-grade NAT, used by some clusters), 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15
        return !(first == 100 && second >= 64 && second < 128) && first != 0
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19));
    }
}
