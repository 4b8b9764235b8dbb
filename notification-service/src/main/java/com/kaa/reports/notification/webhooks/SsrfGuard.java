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
public final class SsrfGuard {

    public record Target(InetAddress address, String host, int port, boolean tls, String pathAndQuery) {
    }

    public static class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The host does not resolve (now): not a reason to refuse a registration, since the send checks again. */
    static final class Unresolved extends Refused {
        Unresolved(String message) {
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
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);  // "localhost." is localhost
        }
        boolean allowed = allowedPrivateHosts.contains(host.toLowerCase(Locale.ROOT));
        if (!allowed && isOddIpv4Spelling(host)) {
            // the resolver reads 2852039166, 0xA9FEA9FE or 0251.0376.0251.0376 as 169.254.169.254; no real host is named so
            throw new Refused(host + " is an IPv4 address spelled in decimal, octal or hexadecimal: write it as a dotted quad");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Unresolved("the host " + host + " does not resolve");
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

    /** Dot-separated numbers only (decimal, 0-octal or 0x-hex) but not the canonical a.b.c.d form. */
    static boolean isOddIpv4Spelling(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        boolean numeric = parts.length <= 4;
        boolean canonical = parts.length == 4;
        for (String part : parts) {
            numeric &= part.matches("0[xX][0-9a-fA-F]*|[0-9]+");
            canonical &= part.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(part) <= 255;
        }
        return numeric && !(canonical && h.equals(host));
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false;  // fc00::/7, unique local
            }
            byte[] embedded = embeddedIpv4(b);
            try {
                return embedded == null || isPublic(InetAddress.getByAddress(embedded));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 100.64.0.0/10 (carrier-grade NAT, used by some clusters), 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15,
        // 240.0.0.0/4 (reserved) and 255.255.255.255 (broadcast)
        return !(first == 100 && second >= 64 && second < 128) && first != 0 && first < 240
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19));
    }

    /**
     * The IPv4 address inside an IPv6 one that reaches it: IPv4-compatible ::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d
     * (Java usually hands these over as IPv4 already), NAT64 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd::.
     */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (compatible || mapped || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }
}
