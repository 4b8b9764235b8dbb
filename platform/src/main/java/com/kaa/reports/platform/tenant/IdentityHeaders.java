package com.kaa.reports.platform.tenant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /** Headers for an identity, signed at {@code epochSeconds}. */
    public static Map<String, String> sign(TenantContext.Identity identity, long epochSeconds, String secret) {
        String roles = String.join(",", new TreeSet<>(identity.roles()));
        String timestamp = Long.toString(epochSeconds);
        return Map.of(ORGANIZATION, identity.organization(), USER, identity.user(), ROLES, roles,
                TIMESTAMP, timestamp, SIGNATURE, hmac(secret, identity.organization(), identity.user(), roles, timestamp));
    }

    /** Constant-time check of a received signature. */
    public static boolean verify(String secret, String organization, String user, String roles, String timestamp,
                                 String signature) {
        String expected = hmac(secret, organization, user, roles, timestamp);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * One keyed Mac per thread and secret: looking up the JCA provider and keying a new Mac on every request cost
     * more than the signature itself (the gateway signs, and every service checks, each request).
     */
    private static final ThreadLocal<Map.Entry<String, Mac>> MACS = new ThreadLocal<>();

    static String hmac(String secret, String... parts) {
        Map.Entry<String, Mac> cached = MACS.get();
        Mac mac;
        if (cached != null && cached.getKey().equals(secret)) {
            mac = cached.getValue();
        } else {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
            MACS.set(Map.entry(secret, mac));
        }
        // doFinal resets the Mac for the next message with the same key
        return HexFormat.of().formatHex(mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
    }
}
