package com.kaa.reports.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay renders with kustomize, and every object in it matches its Kubernetes or operator schema. */
class ManifestSchemaTest {

    @Test
    void everyOverlayRendersAndEveryObjectMatchesItsSchema() {
        RenderedManifests.Rendering r = RenderedManifests.rendering();
        assertThat(r.exitCode()).as("validate.mjs output:%n%s", r.output()).isZero();
        for (String overlay : RenderedManifests.OVERLAYS) {
            assertThat(r.output()).contains(overlay + ": " + RenderedManifests.objects(overlay).size() + " objects rendered and checked");
            assertThat(RenderedManifests.objects(overlay)).hasSizeGreaterThan(50);
        }
    }

    @Test
    void theValidatorRefusesWhatAClusterWouldRefuse() throws Exception {
        // the check itself is checked: a wrong type, a missing required field and an unknown kind all fail
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bad-overlay");
        java.nio.file.Files.writeString(dir.resolve("kustomization.yaml"), "resources: [bad.yaml]\n");
        java.nio.file.Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: kaa-kafka}}
                spec: {partitions: six, replicas: 3}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {template: {spec: {containers: [{name: app}]}}}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """);
        RenderedManifests.Validation validation = RenderedManifests.validate(dir);
        String output = validation.output();
        assertThat(validation.exitCode()).as(output).isEqualTo(1);
        assertThat(output).contains("KafkaTopic t: /spec/partitions must be integer")
                .contains("Deployment d: /spec must have required property selector")
                .contains("no schema for example.com/v1 Widget");
    }
}
