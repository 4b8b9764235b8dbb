package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks are themselves checked: each test breaks the rendered prod overlay in one small way someone could
 * (a typo, a renamed port, a policy too wide or too narrow, a pod the namespace refuses, a missing variable) and
 * expects a finding that names the object and the field. A check that stays silent on its breakage is a defect.
 */
class BreakageTest {

    /** The prod overlay's objects, copied, with one change applied; then every check. */
    private static List<String> findingsAfter(Consumer<List<JsonNode>> breakage) {
        List<JsonNode> objects = RenderedManifests.objects("prod").stream().map(JsonNode::deepCopy).map(JsonNode.class::cast).toList();
        assertThat(ClusterChecks.all(ClusterModel.of(objects))).as("before the breakage").isEmpty();
        breakage.accept(objects);
        return ClusterChecks.all(ClusterModel.of(objects));
    }

    private static ObjectNode object(List<JsonNode> objects, String kind, String name) {
        return (ObjectNode) objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    private static ObjectNode container(List<JsonNode> objects, String deployment) {
        return (ObjectNode) object(objects, "Deployment", deployment).path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void aMisspelledOrMisplacedFieldFailsTheSchemaCheck() throws Exception {
        // inside the module: kustomize takes only relative paths to other kustomizations
        Path dir = Files.createDirectories(RenderedManifests.K8S.resolve("target/typo-overlay"));
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [../../overlays/prod]
                patches:
                  - target: {kind: Deployment, name: gateway}
                    patch: |-
                      - {op: add, path: /spec/replica, value: 3}
                      - {op: add, path: /spec/template/spec/containers/0/containerPort, value: 8080}
                  - target: {kind: Kafka, name: kaa-kafka}
                    patch: |-
                      - {op: add, path: /spec/kafka/listeners/0/networkPolicyPeer, value: []}
                  - target: {kind: ObjectStore, name: kaa-postgres-backups}
                    patch: |-
                      - {op: add, path: /spec/configuration/destinationPth, value: s3://x}
                """);
        RenderedManifests.Validation validation = RenderedManifests.validate(dir);
        String output = validation.output();
        assertThat(validation.exitCode()).as(output).isEqualTo(1);
        assertThat(output).contains("Deployment gateway: /spec/replica is not a field")
                .contains("/spec/template/spec/containers/0/containerPort is not a field")
                .contains("Kafka kaa-kafka: /spec/kafka/listeners/0/networkPolicyPeer is not a field")
                .contains("ObjectStore kaa-postgres-backups: /spec/configuration must NOT have additional properties {\"additionalProperty\":\"destinationPth\"}");
    }

    @Test
    void aServicePortThatNamesNoContainerPort() {
        assertThat(findingsAfter(o -> ((ObjectNode) object(o, "Service", "gateway").path("spec").path("ports").get(0)).put("targetPort", "htpp")))
                .anyMatch(f -> f.startsWith("Service gateway: spec.ports[http].targetPort \"htpp\" is no container port of Deployment gateway"));
    }

    @Test
    void aProbeOnAPortTheContainerDoesNotHave() {
        assertThat(findingsAfter(o -> ((ObjectNode) container(o, "inventory-service").path("readinessProbe").path("httpGet")).put("port", "health")))
                .anyMatch(f -> f.startsWith("Deployment inventory-service: containers[") && f.contains(".readinessProbe.httpGet.port \"health\" is no port"));
    }

    @Test
    void aMonitorScrapingAPortNameTheServiceLacks() {
        assertThat(findingsAfter(o -> ((ObjectNode) object(o, "ServiceMonitor", "notification-service").path("spec").path("endpoints").get(0)).put("port", "metrics")))
                .anyMatch(f -> f.startsWith("ServiceMonitor notification-service: spec.endpoints[0].port \"metrics\" is no port name of Service notification-service"));
    }

    @Test
    void aSelectorWithATypoSelectsNothing() {
        List<String> found = findingsAfter(o -> {
            ((ObjectNode) object(o, "Service", "report-definition-service").path("spec").path("selector")).put("app.kubernetes.io/name", "report-defintion-service");
            ((ObjectNode) object(o, "PodDisruptionBudget", "gateway").path("spec").path("selector").path("matchLabels")).put("app.kubernetes.io/name", "gatway");
            ((ObjectNode) object(o, "HorizontalPodAutoscaler", "inventory-service").path("spec").path("scaleTargetRef")).put("name", "inventory");
        });
        assertThat(found).anyMatch(f -> f.startsWith("Service report-definition-service: spec.selector") && f.endsWith("selects no pod"))
                .anyMatch(f -> f.startsWith("PodDisruptionBudget gateway: spec.selector selects the pods of []"))
                .anyMatch(f -> f.startsWith("HorizontalPodAutoscaler inventory-service: spec.scaleTargetRef names Deployment inventory"));
    }

    /** The first bring-up defect: a deny that also selects the brokers Strimzi makes cuts them off from each other. */
    @Test
    void aPolicyThatCutsTheBrokersOff() {
        List<String> found = findingsAfter(o -> ((ObjectNode) object(o, "NetworkPolicy", "default-deny").path("spec")).putObject("podSelector"));
        assertThat(found).anyMatch(f -> f.startsWith("network: kaa-kafka-dual-role → kaa-kafka-dual-role:9091 (replication) is refused")
                        && f.contains("NetworkPolicy default-deny"))
                .anyMatch(f -> f.startsWith("network: kaa-postgres → kaa-postgres:5432 (streaming replication) is refused"));
    }

    @Test
    void aPolicyThatLetsTooMuchIn() {
        List<String> found = findingsAfter(o -> {
            // "allow from the namespace": every pod of it, the one started by kubectl run included, may call the service
            ArrayNode from = (ArrayNode) object(o, "NetworkPolicy", "inventory-service").path("spec").path("ingress").get(0).path("from");
            from.addObject().putObject("podSelector");
        });
        assertThat(found).anyMatch(f -> f.startsWith("network: an unlabelled pod in the namespace → inventory-service:8080/TCP is allowed"))
                .anyMatch(f -> f.startsWith("network: kaa-kafka-dual-role → inventory-service:8080/TCP is allowed"));
    }

    /** A rule without ports opens every port, declared or not: a process listening on one nobody declared is reachable. */
    @Test
    void aRuleWithoutPortsOpensPortsNoContainerDeclares() {
        // the rule admitting CloudNativePG's operator (whose own egress nothing limits), without its ports
        List<String> found = findingsAfter(o -> {
            for (JsonNode rule : object(o, "NetworkPolicy", "kaa-postgres").path("spec").path("ingress")) {
                if (rule.path("from").get(0).path("namespaceSelector").toString().contains("cnpg-system")) {
                    ((ObjectNode) rule).remove("ports");
                }
            }
        });
        assertThat(found).anyMatch(f -> f.startsWith("network: cloudnative-pg operator → kaa-postgres:19999/TCP is allowed"));
    }

    @Test
    void aServiceThatCanReachTheCloudMetadataAddress() {
        List<String> found = findingsAfter(o -> {
            // the public-addresses rule with only the cluster's range left out
            for (JsonNode rule : object(o, "NetworkPolicy", "notification-service").path("spec").path("egress")) {
                if (rule.path("to").get(0).has("ipBlock")) {
                    ((ObjectNode) rule.path("to").get(0).path("ipBlock")).putArray("except").add("10.0.0.0/8");
                }
            }
        });
        assertThat(found).anyMatch(f -> f.startsWith("network: notification-service → the cloud metadata address:443/TCP is allowed"));
    }

    @Test
    void aPolicyPortThatNoPodHas() {
        assertThat(findingsAfter(o -> ((ObjectNode) object(o, "NetworkPolicy", "kaa-redis").path("spec").path("ingress").get(0).path("ports").get(0)).put("port", 6380)))
                .anyMatch(f -> f.startsWith("NetworkPolicy kaa-redis: spec.ingress[0].ports[0].port 6380 is no port of the pods it is for"))
                .anyMatch(f -> f.startsWith("network: gateway → kaa-redis:6379 (cache, rate limits) is refused"));
    }

    @Test
    void aPodTheRestrictedNamespaceRefuses() {
        List<String> found = findingsAfter(o -> {
            ObjectNode context = (ObjectNode) container(o, "report-execution-service").path("securityContext");
            context.put("allowPrivilegeEscalation", true);
            context.remove("capabilities");
            ObjectNode pod = (ObjectNode) object(o, "Deployment", "gateway").path("spec").path("template").path("spec");
            ((ObjectNode) pod.path("securityContext")).remove("seccompProfile");
            pod.withArray("volumes").addObject().put("name", "host").putObject("hostPath").put("path", "/var/run");
        });
        assertThat(found).anyMatch(f -> f.startsWith("Deployment report-execution-service: spec.template.spec.containers[")
                        && f.endsWith("].securityContext.allowPrivilegeEscalation is not false"))
                .anyMatch(f -> f.startsWith("Deployment report-execution-service: ") && f.endsWith("capabilities.drop does not contain ALL"))
                .anyMatch(f -> f.startsWith("Deployment gateway: ") && f.contains("securityContext.seccompProfile.type is \"\""))
                .anyMatch(f -> f.equals("Deployment gateway: spec.template.spec.volumes[host] is [hostPath], which restricted does not allow"));
    }

    @Test
    void aVariableProductionRequiresIsMissing() {
        List<String> found = findingsAfter(o -> {
            ArrayNode env = (ArrayNode) container(o, "notification-service").path("env");
            for (int i = env.size() - 1; i >= 0; i--) {
                if (env.get(i).path("name").asText().equals("KAA_SMS_API_KEY")) {
                    env.remove(i);
                }
            }
        });
        assertThat(found).anyMatch(f -> f.startsWith("Deployment notification-service: containers[") && f.contains("].env has no KAA_SMS_API_KEY"));
    }
}
