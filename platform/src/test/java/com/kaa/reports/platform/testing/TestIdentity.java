package com.kaa.reports.platform.testing;

import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.tenant.TenantContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Identity headers as the gateway sets them, with the test profile's secret. The gateway signs each request's
 * method and target with the identity, so these headers carry the identity they were made for and a RestAssured
 * filter signs it for each request as it is sent. Changing a header afterwards (a forged organization or role)
 * leaves the signature of the original identity: the service must refuse it.
 */
public final class TestIdentity {
    public static final String SECRET = "test-secret";
    private static final String SIGN_ON_SEND = "sign-on-send:";
    private static volatile boolean installed;

    private TestIdentity() {
    }

    public static Map<String, String> of(String organization, String user, String... roles) {
        install();
        String roleList = String.join(",", new TreeSet<>(Set.of(roles)));
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String claimed = Base64.getEncoder().encodeToString(String.join("\n", organization, user, roleList, timestamp)
                .getBytes(StandardCharsets.UTF_8));
        return Map.of(IdentityHeaders.ORGANIZATION, organization, IdentityHeaders.USER, user, IdentityHeaders.ROLES, roleList,
                IdentityHeaders.TIMESTAMP, timestamp, IdentityHeaders.SIGNATURE, SIGN_ON_SEND + claimed);
    }

    /** The signature of the identity a header set was made for, on this method and request target. */
    public static String signature(String placeholder, String method, String target) {
        String[] claimed = new String(Base64.getDecoder().decode(placeholder.substring(SIGN_ON_SEND.length())),
                StandardCharsets.UTF_8).split("\n", -1);
        Set<String> roles = Arrays.stream(claimed[2].split(",")).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
        return IdentityHeaders.sign(new TenantContext.Identity(claimed[0], claimed[1], roles), Long.parseLong(claimed[3]),
                method, target, SECRET).get(IdentityHeaders.SIGNATURE);
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Filter signer = (request, response, context) -> {
            String placeholder = request.getHeaders().getValue(IdentityHeaders.SIGNATURE);
            if (placeholder != null && placeholder.startsWith(SIGN_ON_SEND)) {
                URI uri = URI.create(request.getURI());
                String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
                request.removeHeader(IdentityHeaders.SIGNATURE);
                request.header(IdentityHeaders.SIGNATURE, signature(placeholder, request.getMethod(), target));
            }
            return context.next(request, response);
        };
        RestAssured.filters(signer);
        installed = true;
    }
}
