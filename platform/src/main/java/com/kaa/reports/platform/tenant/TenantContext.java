package com.kaa.reports.platform.tenant;

import com.kaa.reports.platform.problems.Problem;
import com.kaa.reports.platform.problems.ProblemException;
import jakarta.enterprise.context.RequestScoped;

import java.util.Set;

/**
 * Who is calling: organization, user and roles as the gateway verified them (see {@link IdentityHeaders}).
 * Resources and repositories take the organization from here, never from the request body or path,
 * so one organization can never address another's data.
 */
@RequestScoped
public class TenantContext {

    private Identity identity;

    public record Identity(String organization, String user, Set<String> roles) {
        public Identity {
            roles = Set.copyOf(roles);
        }
    }

    void set(Identity identity) {
        this.identity = identity;
    }

    public boolean present() {
        return identity != null;
    }

    /** The verified identity; a 401 problem when the request carries none. */
    public Identity require() {
        if (identity == null) {
            throw new ProblemException(Problem.of(401, "Unauthorized",
                    "This endpoint needs an identity; call it through the gateway with a bearer token"));
        }
        return identity;
    }

    public String organization() {
        return require().organization();
    }

    public String user() {
        return require().user();
    }

    public boolean hasRole(String role) {
        return present() && identity.roles().contains(role);
    }
}
