package com.kaa.reports.gateway.security;

/**
 * The one spelling of a request path the gateway decides on and forwards (RFC 3986 6.2.2): percent-encoded
 * unreserved characters decoded, other escapes in upper case, dot segments removed (5.2.4), repeated slashes and a
 * trailing slash dropped. A path that no normal spelling can mean is refused: an encoded '/' or '\', a '\', a ';'
 * (the API has no matrix parameters), a NUL or control character, a malformed escape, or '..' above the root.
 * Deciding on one spelling and forwarding another is how {@code /api/v1/deliveries/%2e%2e/webhooks} once passed
 * the role check of deliveries and reached webhooks.
 */
public final class RequestPath {

    /** Why a path was refused: the 400's detail. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private RequestPath() {
    }

    /**
     * Why a request target is not a URI (RFC 3986, as java.net.URI parses it: a malformed percent-escape such as
     * {@code %zz}, a backslash, a space), or null when it is one. The HTTP layer's own check is off in the gateway
     * (GatewayMain) so that this answer is problem+json.
     */
    public static String unparsable(String target) {
        try {
            new java.net.URI(target);
            return null;
        } catch (java.net.URISyntaxException e) {
            return e.getReason() + " at index " + e.getIndex();
        }
    }

    public static String normalize(String raw) throws Refused {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            throw new Refused("the request path must start with '/'");
        }
        if (isPlain(raw)) {
            return raw;   // the common case: nothing to decode, no dot segment, no doubled or trailing slash
        }
        return removeDotSegments(decodeUnreserved(raw));
    }

    /** Only unreserved characters and '/' that never doubles, no dot segment, no trailing slash. */
    private static boolean isPlain(String path) {
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '~';
            if (!(unreserved || c == '/' && previous != '/' || c == '.' && previous != '/' && previous != '.')) {
                return false;
            }
            previous = c;
        }
        return path.length() == 1 || previous != '/' && previous != '.';
    }

    private static String decodeUnreserved(String raw) throws Refused {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw new Refused("the request path has a malformed percent-encoding at character " + (i + 1));
                }
                char decoded = (char) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                if (decoded == '/' || decoded == '\\') {
                    throw new Refused("the request path must not encode '/' or '\\' (%2F, %5C)");
                }
                if (decoded < 0x20 || decoded == 0x7f) {
                    throw new Refused("the request path must not contain control characters");
                }
                if (decoded == ';') {
                    throw new Refused("the request path must not contain ';': the API has no matrix parameters");
                }
                if (isUnreserved(decoded)) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
                }
                i += 2;
            } else if (c == '\\') {
                throw new Refused("the request path must not contain '\\'");
            } else if (c == ';') {
                throw new Refused("the request path must not contain ';': the API has no matrix parameters");
            } else if (c < 0x20 || c == 0x7f) {
                throw new Refused("the request path must not contain control characters");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 3986 5.2.4 on segments, with empty segments dropped; '..' above the root is refused, not clamped. */
    private static String removeDotSegments(String path) throws Refused {
        String[] segments = path.split("/", -1);
        String[] kept = new String[segments.length];
        int depth = 0;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (depth == 0) {
                    throw new Refused("the request path climbs above the root with '..'");
                }
                depth--;
                continue;
            }
            kept[depth++] = segment;
        }
        if (depth == 0) {
            return "/";
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < depth; i++) {
            out.append('/').append(kept[i]);
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~';
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
