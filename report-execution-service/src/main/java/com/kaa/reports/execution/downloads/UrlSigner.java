package com.kaa.reports.execution.downloads;

import com.kaa.reports.platform.crypto.HmacSha256;
import com.kaa.reports.platform.http.PublicLinks;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed, expiring download links: HMAC-SHA256 over execution id, format, organization and expiry, with the
 * key id in the link so keys can rotate. Verification recomputes the MAC with the named key and compares in
 * constant time.
 */
@ApplicationScoped
public class UrlSigner {

    public enum Verdict { VALID, EXPIRED, INVALID }

    private final DownloadsConfig config;
    /** One signer per key (the active one and those still verifying during a rotation). */
    private final Map<String, HmacSha256> signers = new ConcurrentHashMap<>();

    public UrlSigner(DownloadsConfig config) {
        this.config = config;
        if (!config.keys().containsKey(config.activeKey())) {
            throw new IllegalStateException("kaa.downloads.active-key " + config.activeKey() + " is not one of kaa.downloads.keys");
        }
    }

    /** The path and query of a signed link, relative to the public base URL. */
    public String path(UUID execution, String format, String organization, Instant expires) {
        return path(execution, format, organization, expires, config.activeKey());
    }

    /** A link signed with a given key: the previous key keeps verifying until it is removed from the config. */
    public String path(UUID execution, String format, String organization, Instant expires, String kid) {
        return "/downloads/" + execution + "/" + format + "?org=" + URLEncoder.encode(organization, StandardCharsets.UTF_8)
                + "&expires=" + expires.getEpochSecond() + "&kid=" + URLEncoder.encode(kid, StandardCharsets.UTF_8)
                + "&sig=" + mac(config.keys().get(kid), execution, format, organization, expires.getEpochSecond());
    }

    /** The whole link, at the gateway's public URL (kaa.public-url): links in e-mails and SMS are followed from outside. */
    public String url(UUID execution, String format, String organization, Instant expires) {
        return PublicLinks.to(path(execution, format, organization, expires)).toString();
    }

    public Verdict verify(UUID execution, String format, String organization, long expires, String kid, String signature, Instant now) {
        String key = kid == null ? null : config.keys().get(kid);
        if (key == null || signature == null || organization == null) {
            return Verdict.INVALID;
        }
        byte[] expected = mac(key, execution, format, organization, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return now.getEpochSecond() > expires ? Verdict.EXPIRED : Verdict.VALID;
    }

    private String mac(String key, UUID execution, String format, String organization, long expires) {
        String payload = execution + "\n" + format + "\n" + organization + "\n" + expires;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signers.computeIfAbsent(key, HmacSha256::new).sign(payload));
    }
}
