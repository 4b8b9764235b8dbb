package com.kaa.reports.platform.testing;

import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.tenant.TenantContext;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Identity headers signed as the gateway signs them, with the test profile's secret. */
public final class TestIdentity {
    public static final String SECRET = "test-secret";

    private TestIdentity() {
    }

    public static Map<String, String> of(String organization, String user, String... roles) {
        return IdentityHeaders.sign(new TenantContext.Identity(organization, user, Set.of(roles)),
                Instant.now().getEpochSecond(), SECRET);
    }
}
