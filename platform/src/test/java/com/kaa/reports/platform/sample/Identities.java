package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.tenant.TenantContext;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Signed identity headers as the gateway would send them (the test app's secret is test-secret). */
public final class Identities {
    public static final String SECRET = "test-secret";

    public static Map<String, String> of(String organization) {
        return IdentityHeaders.sign(new TenantContext.Identity(organization, "user-1", Set.of("analyst")),
                Instant.now().getEpochSecond(), SECRET);
    }

    private Identities() {
    }
}
