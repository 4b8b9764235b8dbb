package com.kaa.reports.platform.tenant;

import com.kaa.reports.platform.crypto.HmacSha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity headers the gateway sets after verifying a token, and their signature: an
 * HMAC-SHA256 with a secret shared by the gateway and the services, so a caller that reaches a
 * service directly cannot claim to be someone else. The gateway strips these headers from incoming
 * requests before setting its own.
 */
public final class IdentityHeaders {
    public static final String ORGANIZATION = "X-Kaa-Organization";
    public static final String USER = "X-Kaa-User";
    public static final String ROLES = "X-Kaa-Roles";
    public static final String TIMESTAMP = "X-Kaa-Identity-Timestamp";
    public static final String SIGNATURE = "X-Kaa-Identity-Signature";
    public static final Set<String> ALL = Set.of(ORGANIZATION, USER, ROLES, TIMESTAMP, SIGNATURE);

    private IdentityHeaders() {
    }

    /**
     * Headers for an identity, signed at {@code epochSeconds} for one request: its method and its request target
     * (path and query, as the service receives it). A captured header set is good for that request only, and only
     * within the services' max age; it cannot be replayed on another route.
     */
    public static Map<String, String> sign(TenantContext.Identity identity, long epochSeconds, String method, String uri,
                                           String secret) {
        String roles = String.join(",", new TreeSet<>(identity.roles()));
        String timestamp = Long.toString(epochSeconds);
        return Map.of(ORGANIZATION, identity.organization(), USER, identity.user(), ROLES, roles, TIMESTAMP, timestamp,
                SIGNATURE, hmac(secret, identity.organization(), identity.user(), roles, timestamp, method, uri));
    }

    /** Constant-time check of a received signature. */
    public static boolean verify(String secret, String organization, String user, String roles, String timestamp,
                                 String method, String uri, String signature) {
        String expected = hmac(secret, organization, user, roles, timestamp, method, uri);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** One signer per secret (a suite has one or two: the current and, while rotating, the next). */
    private static final Map<String, HmacSha256> SIGNERS = new ConcurrentHashMap<>();

    static String hmac(String secret, String... parts) {
        return SIGNERS.computeIfAbsent(secret, HmacSha256::new).hex(String.join("\n", parts));
    }
}
