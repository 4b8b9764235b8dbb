package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.testing.TestIdentity;

import java.util.Map;

/** The sample app's callers: an analyst of the given organization. */
public final class Identities {
    public static final String SECRET = TestIdentity.SECRET;

    public static Map<String, String> of(String organization) {
        return TestIdentity.of(organization, "user-1", "analyst");
    }

    private Identities() {
    }
}
