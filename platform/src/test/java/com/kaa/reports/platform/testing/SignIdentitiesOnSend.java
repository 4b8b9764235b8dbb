package com.kaa.reports.platform.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;

/**
 * Installs TestIdentity's signing filter before any test of any module runs: RestAssured copies its filters when
 * {@code given()} is called, which is before {@code TestIdentity.of(...)} in {@code given().headers(TestIdentity.of(...))}.
 */
public class SignIdentitiesOnSend implements QuarkusTestBeforeClassCallback {

    @Override
    public void beforeClass(Class<?> testClass) {
        TestIdentity.install();
    }
}
