package com.kaa.reports.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** Each overlay, checked as a cluster would decide it (ClusterChecks); the breakages these must catch are in BreakageTest. */
class ClusterChecksTest {

    private static ClusterModel model(String overlay) {
        return ClusterModel.of(RenderedManifests.objects(overlay));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPortNameSelectorAndScaleTargetResolves(String overlay) {
        ClusterModel m = model(overlay);
        assertThat(ClusterChecks.workloadSelectors(m)).isEmpty();
        assertThat(ClusterChecks.probes(m)).isEmpty();
        assertThat(ClusterChecks.services(m)).isEmpty();
        assertThat(ClusterChecks.monitors(m)).isEmpty();
        assertThat(ClusterChecks.budgetsAndScalers(m)).isEmpty();
        assertThat(ClusterChecks.policies(m)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodPassesTheRestrictedPodSecurityStandard(String overlay) {
        assertThat(ClusterChecks.podSecurity(model(overlay))).isEmpty();
    }

    /** The operators' pods: Strimzi only with its restricted provider (its default makes baseline pods). */
    @Test
    void theReadmeInstallsStrimziWithItsRestrictedProvider() throws IOException {
        assertThat(Files.readString(RenderedManifests.K8S.resolve("README.md"))).contains("STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableProductionRequiresIsSet(String overlay) {
        assertThat(ClusterChecks.environment(model(overlay))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void thePoliciesAllowExactlyTheSuitesFlows(String overlay) {
        ClusterModel m = model(overlay);
        assertThat(SuiteFlows.check(m)).isEmpty();
        assertThat(SuiteFlows.required(m)).hasSizeGreaterThan(40);
    }
}
