package com.kaa.reports.platform.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * HMAC-SHA256 under one key, for any number of threads: each thread keys its own Mac once, because looking
 * up the JCA provider and keying a Mac cost more than signing a short message (identity headers on every
 * request, a phone number per ingested payment). doFinal resets a Mac for the next message.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    public HmacSha256(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        this.macs = ThreadLocal.withInitial(() -> keyed(bytes));
    }

    public byte[] sign(String message) {
        return macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    public String hex(String message) {
        return HexFormat.of().formatHex(sign(message));
    }

    /** For a key used once in a while (a webhook's own secret): keys a Mac for this message only. */
    public static String hexOnce(String key, String message) {
        return HexFormat.of().formatHex(keyed(key.getBytes(StandardCharsets.UTF_8))
                .doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is unavailable in this JVM", e);
        }
    }
}
