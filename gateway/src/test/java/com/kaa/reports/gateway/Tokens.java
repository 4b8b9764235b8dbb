package com.kaa.reports.gateway;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Set;


/** Bearer tokens signed with the test keys (src/test/resources/jwt; the gateway trusts old and current). */
public final class Tokens {

    public static final String ISSUER = "https://kaa.test/issuer";

    private Tokens() {
    }

    public static String of(String organization, String user, String... roles) {
        return sign("current-test-key", claims(organization, user, roles));
    }

    public static JwtClaimsBuilder claims(String organization, String user, String... roles) {
        return Jwt.issuer(ISSUER).audience("kaa-reports").subject(user).claim("email", user).claim("org", organization)
                .groups(Set.of(roles)).expiresIn(3600);
    }

    public static String sign(String kid, JwtClaimsBuilder claims) {
        String file = switch (kid) {
            case "current-test-key" -> "current-test-private.pem";
            case "old-test-key" -> "old-test-private.pem";
            default -> "unknown-test-private.pem";
        };
        return claims.jws().keyId(kid).sign(key(file));
    }

    public static String bearer(String organization, String... roles) {
        return "Bearer " + of(organization, "user@" + organization + ".example", roles);
    }

    static PrivateKey key(String file) {
        try (InputStream in = Tokens.class.getResourceAsStream("/jwt/" + file)) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8), SignatureAlgorithm.RS256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
