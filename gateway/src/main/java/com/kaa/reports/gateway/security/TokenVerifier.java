package com.kaa.reports.gateway.security;

import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer tokens with SmallRye JWT: signature (RS256 by default; keys from mp.jwt.verify.publickey.location,
 * a PEM or a JWKS whose keys are chosen by kid, so keys rotate by publishing the new one beside the old),
 * issuer, audience, expiry with bounded clock skew, an iat neither in the future nor older than
 * mp.jwt.verify.token.age. Unsigned tokens (alg none) never verify. The identity is the
 * token's org claim, its email (else sub) and the roles among its groups that the suite knows.
 */
@ApplicationScoped
public class TokenVerifier {

    public static final Set<String> ROLES = Set.of("admin", "analyst", "viewer", "technician", "service");

    /** Why a token was refused: the 401's detail. */
    public static class Rejected extends Exception {
        public Rejected(String message) {
            super(message);
        }
    }

    /** A verified token's identity, valid until the token expires. */
    private record Verified(TenantContext.Identity identity, long expiresAtMillis) {
    }

    private final JWTParser parser;
    // bounded, and an entry never outlives its token (nor 5 minutes, so a key removed from the JWKS stops working soon)
    private final Cache<String, Verified> verified = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(5)).build();

    private final long maxAgeSeconds;
    private final long clockSkewSeconds;

    public TokenVerifier(JWTParser parser, @ConfigProperty(name = "mp.jwt.verify.token.age") long maxAgeSeconds,
                         @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60") long clockSkewSeconds) {
        this.parser = parser;
        this.maxAgeSeconds = maxAgeSeconds;
        this.clockSkewSeconds = clockSkewSeconds;
    }

    /** The identity of a token verified before and not expired since; null when it must be verified (again). */
    public TenantContext.Identity remembered(String authorization) {
        if (authorization == null || authorization.length() < 8) {
            return null;
        }
        Verified known = verified.getIfPresent(authorization);
        return known != null && known.expiresAtMillis() > System.currentTimeMillis() ? known.identity() : null;
    }

    /** Blocking when the keys come from a JWKS URL not fetched yet: call off the event loop. */
    public TenantContext.Identity verify(String authorization) throws Rejected {
        if (authorization == null || authorization.isBlank()) {
            throw new Rejected("this endpoint needs a bearer token (Authorization: Bearer <JWT>)");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejected("the Authorization header must be Bearer followed by a JWT");
        }
        String raw = authorization.substring(7).trim();
        JsonWebToken token;
        try {
            token = parser.parse(raw);
        } catch (ParseException e) {
            throw new Rejected(reason(e));
        }
        long now = System.currentTimeMillis() / 1000;
        long issuedAt = token.getIssuedAtTime();
        if (issuedAt <= 0) {
            throw new Rejected("the bearer token has no iat (issued at) claim");
        }
        if (issuedAt > now + clockSkewSeconds) {
            throw new Rejected("the bearer token is issued in the future (iat)");
        }
        if (now - issuedAt > maxAgeSeconds + clockSkewSeconds) {
            throw new Rejected("the bearer token is older than " + maxAgeSeconds + " seconds (iat): get a new one");
        }
        String organization = text(token, "org");
        if (organization == null || organization.isBlank() || organization.length() > 100) {
            throw new Rejected("the bearer token has no org claim: it must name the caller's organization");
        }
        String email = text(token, "email");
        String user = email != null && !email.isBlank() ? email : token.getSubject();
        if (user == null || user.isBlank() || user.length() > 320) {
            throw new Rejected("the bearer token has neither sub nor email");
        }
        Set<String> roles = new HashSet<>(token.getGroups() == null ? Set.of() : token.getGroups());
        roles.retainAll(ROLES);
        TenantContext.Identity identity = new TenantContext.Identity(organization, user, roles);
        // remembered until it expires or becomes too old, whichever is first
        verified.put(authorization, new Verified(identity, Math.min(token.getExpirationTime(), issuedAt + maxAgeSeconds) * 1000));
        return identity;
    }

    /**
     * A claim that must be a JSON string: anything else (a number, an object, an array) is a malformed token, refused
     * rather than turned into text.
     */
    private static String text(JsonWebToken token, String claim) throws Rejected {
        Object value = token.getClaim(claim);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof String string) {
            return string;
        }
        throw new Rejected("the bearer token's " + claim + " claim must be a string");
    }

    /**
     * Which check failed, in words of our own: the parser's messages quote the token's whole claims set (SRJWT07004
     * ... claims->{...}), which a 401 must not echo back.
     */
    private String reason(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            // without the token's own claims (their names would match below); jose4j's details follow them
            int claims = message.indexOf("claims->");
            int details = claims < 0 ? -1 : message.indexOf(") rejected", claims);
            chain.append(cause.getClass().getSimpleName()).append(' ')
                    .append(claims < 0 ? message : message.substring(0, claims) + (details < 0 ? "" : message.substring(details)))
                    .append('\n');
        }
        String all = chain.toString().toLowerCase(java.util.Locale.ROOT);
        // before "expired": jose4j's words for these two name the expiration time too
        if (all.contains("not yet valid") || all.contains("notbefore") || all.contains("not before")) {
            return "the bearer token is not valid yet (nbf is in the future)";
        }
        if (all.contains("no expiration time")) {
            return "the bearer token has no exp (expiration time) claim";
        }
        if (all.contains("expired") || all.contains("expiration") || all.contains("no longer valid")) {
            return "the bearer token has expired";
        }
        if (all.contains("iat") || all.contains("issued") || all.contains("too old") || all.contains("age")) {
            return "the bearer token's iat (issued at) is in the future or older than " + maxAgeSeconds + " seconds: get a new one";
        }
        if (all.contains("iss") && all.contains("issuer")) {
            return "the bearer token's issuer is not trusted";
        }
        if (all.contains("aud")) {
            return "the bearer token is not meant for this API (aud)";
        }
        if (all.contains("signature") || all.contains("kid") || all.contains("key")) {
            return "the bearer token's signature does not verify";
        }
        return "the bearer token is not a valid JWT";
    }
}
