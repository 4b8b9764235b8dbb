package com.kaa.reports.platform.tenant;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Fills the {@link TenantContext} from the gateway's identity headers, refusing forged ones: the signature must
 * cover this request's method and target and be younger than {@code kaa.identity.max-age}.
 */
public class IdentityFilter {

    private final TenantContext tenant;
    private final IdentityConfig config;

    public IdentityFilter(TenantContext tenant, IdentityConfig config) {
        this.tenant = tenant;
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void readIdentity(HttpServerRequest request) {
        String organization = request.getHeader(IdentityHeaders.ORGANIZATION);
        String user = request.getHeader(IdentityHeaders.USER);
        if (organization == null && user == null) {
            return;
        }
        String roles = request.getHeader(IdentityHeaders.ROLES) == null ? "" : request.getHeader(IdentityHeaders.ROLES);
        if (organization == null || organization.isBlank() || user == null || user.isBlank()) {
            throw unauthorized("both " + IdentityHeaders.ORGANIZATION + " and " + IdentityHeaders.USER + " are required");
        }
        // fail closed: without the shared secret no identity can be trusted, so none is accepted
        verify(config.secret().orElseThrow(() -> unauthorized(
                "this service has no identity secret (KAA_IDENTITY_SECRET) and accepts no identity")), organization, user, roles, request);
        tenant.set(new TenantContext.Identity(organization, user, Arrays.stream(roles.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet())));
    }

    private void verify(String secret, String organization, String user, String roles, HttpServerRequest request) {
        String timestamp = request.getHeader(IdentityHeaders.TIMESTAMP);
        String signature = request.getHeader(IdentityHeaders.SIGNATURE);
        if (timestamp == null || signature == null) {
            throw unauthorized("identity headers are not signed");
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw unauthorized("identity timestamp is not a number");
        }
        long age = Math.abs(Instant.now().getEpochSecond() - signedAt);
        if (age > config.maxAge().toSeconds()) {
            throw unauthorized("identity signature has expired");
        }
        if (!IdentityHeaders.verify(secret, organization, user, roles, timestamp, request.method().name(), request.uri(),
                signature)) {
            throw unauthorized("identity signature is invalid");
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }
}
