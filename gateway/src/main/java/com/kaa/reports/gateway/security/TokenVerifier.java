package com.kaa.reports.gateway.security;

import com.kaa.reports.platform.tenant.TenantContext;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer tokens with SmallRye JWT: signature (RS256 by default; keys from mp.jwt.verify.publickey.location,
 * a PEM or a JWKS whose keys are chosen by kid, so keys rotate by publishing the new one beside the old),
 * issuer, audience, expiry with bounded clock skew. Unsigned tokens (alg none) never verify. The identity is the
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

    public TokenVerifier(JWTParser parser) {
        this.parser = parser;
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
            throw new Rejected("the Authorization header must be \"Bearer <JWT>\"");
        }
        String raw = authorization.substring(7).trim();
        JsonWebToken token;
        try {
            token = parser.parse(raw);
        } catch (ParseException e) {
            throw new Rejected("the bearer token is not valid: " + reason(e));
        }
        Object org = token.getClaim("org");
        String organization = org == null ? null : org.toString().replace("\"", "");
        if (organization == null || organization.isBlank() || organization.length() > 100) {
            throw new Rejected("the bearer token has no org claim: it must name the caller's organization");
        }
        String email = token.getClaim("email") == null ? null : token.getClaim("email").toString().replace("\"", "");
        String user = email != null && !email.isBlank() ? email : token.getSubject();
        if (user == null || user.isBlank()) {
            throw new Rejected("the bearer token has neither sub nor email");
        }
        Set<String> roles = new HashSet<>(token.getGroups() == null ? Set.of() : token.getGroups());
        roles.retainAll(ROLES);
        TenantContext.Identity identity = new TenantContext.Identity(organization, user, roles);
        verified.put(authorization, new Verified(identity, token.getExpirationTime() * 1000));
        return identity;
    }

    /** The parser's cause chain names the failed check (expired, issuer, audience, signature); keep it short. */
    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }
}
