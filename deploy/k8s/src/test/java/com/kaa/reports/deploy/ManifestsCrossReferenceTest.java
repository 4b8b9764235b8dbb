package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.stream.Stream;

import static com.kaa.reports.deploy.RenderedManifests.ROOT;
import static com.kaa.reports.deploy.RenderedManifests.find;
import static com.kaa.reports.deploy.RenderedManifests.ofKind;
import static com.kaa.reports.deploy.RenderedManifests.services;
import static org.assertj.core.api.Assertions.assertThat;

/** The manifests agree with the code: topics, ACLs, env vars, database roles, probes and the objects every service needs. */
class ManifestsCrossReferenceTest {

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("public static final String ([A-Z_]+) = \"([a-z0-9.-]+)\";");
    private static final Pattern TOPIC_USE = Pattern.compile("Topics\\.([A-Z_]+)\\b");
    private static final Pattern INCOMING_TOPIC = Pattern.compile("^mp\\.messaging\\.incoming\\.[^.]+\\.topic=(\\S+)$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicOfTheCodeIsAKafkaTopicAndNothingElseIs(String overlay) {
        Map<String, JsonNode> declared = ofKind(overlay, "KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.path("spec").path("topicName").asText(), t -> t));
        Set<String> expected = new HashSet<>();
        for (Topics.Topic topic : Topics.ALL) {
            expected.add(topic.name());
            JsonNode t = declared.get(topic.name());
            assertThat(t).as("KafkaTopic for %s", topic.name()).isNotNull();
            assertThat(t.path("spec").path("partitions").asInt()).as("partitions of %s", topic.name()).isEqualTo(topic.partitions());
            assertThat(t.path("spec").path("config").path("cleanup.policy").asText()).as("cleanup.policy of %s", topic.name())
                    .isEqualTo(topic.compacted() ? "compact" : "delete");
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("kaa-kafka");
            if (topic.consumed()) {
                expected.add(topic.dlq());
                assertThat(declared).as("dead-letter topic of %s", topic.name()).containsKey(topic.dlq());
            }
        }
        assertThat(declared.keySet()).as("KafkaTopics that no code uses").isEqualTo(expected);
        int replicas = overlay.equals("prod") ? 3 : 1;
        declared.values().forEach(t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(replicas));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasProbesLimitsSecurityServiceMonitorAndNetworkPolicy(String overlay) {
        for (String service : services()) {
            JsonNode deployment = find(overlay, "Deployment", service).orElseThrow(() -> new AssertionError("no Deployment " + service));
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode app = pod.path("containers").get(0);
            assertThat(app.path("startupProbe").path("httpGet").path("path").asText()).as(service).isEqualTo("/q/health/started");
            assertThat(app.path("livenessProbe").path("httpGet").path("path").asText()).as(service).isEqualTo("/q/health/live");
            assertThat(app.path("readinessProbe").path("httpGet").path("path").asText()).as(service).isEqualTo("/q/health/ready");
            for (String kind : List.of("requests", "limits")) {
                assertThat(app.path("resources").path(kind).has("cpu")).as("%s cpu %s", service, kind).isTrue();
                assertThat(app.path("resources").path(kind).has("memory")).as("%s memory %s", service, kind).isTrue();
            }
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(service).isTrue();
            assertThat(app.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(service).isTrue();
            assertThat(app.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(service).isFalse();
            assertThat(app.path("image").asText()).as(service).contains("kaa-reports/" + service + ":");

            Map<String, String> labels = labels(deployment.path("spec").path("template").path("metadata").path("labels"));
            assertThat(selects(ofKind(overlay, "Service"), labels)).as("Service of %s", service).isTrue();
            assertThat(ofKind(overlay, "ServiceMonitor").stream().anyMatch(m -> matches(m.path("spec").path("selector"), labels)
                    && m.path("spec").path("endpoints").get(0).path("path").asText().equals("/q/metrics")))
                    .as("ServiceMonitor of %s scraping /q/metrics", service).isTrue();
            assertThat(ofKind(overlay, "NetworkPolicy").stream()
                    .anyMatch(n -> labels(n.path("spec").path("podSelector").path("matchLabels")).equals(Map.of("app.kubernetes.io/name", service))))
                    .as("NetworkPolicy of %s", service).isTrue();
            assertThat(ofKind(overlay, "NetworkPolicy").stream().anyMatch(n -> n.path("metadata").path("name").asText().equals("default-deny")
                    && matches(n.path("spec").path("podSelector"), labels))).as("default-deny covers %s", service).isTrue();
        }
    }

    /** Failed before: the Ingress routed "/", so the gateway's /q/metrics and /q/openapi were on the internet. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressRoutesOnlyThePublicApiToTheGateway(String overlay) {
        Set<String> paths = new TreeSet<>();
        for (JsonNode ingress : ofKind(overlay, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    paths.add(path.path("pathType").asText() + " " + path.path("path").asText());
                    assertThat(path.path("backend").path("service").path("name").asText()).isEqualTo("gateway");
                }
            }
        }
        assertThat(paths).containsExactlyInAnyOrder("Prefix /api", "Prefix /openapi");
    }

    /**
     * Failed before: the dev overlay moved the Ingress to reports.dev.example.com while links still named
     * reports.example.com, and only the execution service had a public URL at all (the others linked to themselves).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLinksEveryServiceHandsOutNameTheIngressHost(String overlay) throws IOException {
        JsonNode suite = find(overlay, "ConfigMap", "kaa-suite").orElseThrow();
        java.net.URI publicUrl = java.net.URI.create(suite.path("data").path("KAA_PUBLIC_URL").asText());
        Set<String> hosts = new TreeSet<>();
        for (JsonNode ingress : ofKind(overlay, "Ingress")) {
            ingress.path("spec").path("rules").forEach(rule -> hosts.add(rule.path("host").asText()));
            ingress.path("spec").path("tls").forEach(tls -> tls.path("hosts").forEach(h -> hosts.add(h.asText())));
        }
        assertThat(hosts).containsExactly(publicUrl.getHost());
        assertThat(publicUrl.getScheme()).isEqualTo("https");
        assertThat(publicUrl.getPath()).isEqualTo("/api/v1");
        for (JsonNode deployment : ofKind(overlay, "Deployment")) {
            List<String> sources = new java.util.ArrayList<>();
            deployment.path("spec").path("template").path("spec").path("containers").path(0).path("envFrom")
                    .forEach(from -> sources.add(from.path("configMapRef").path("name").asText()));
            assertThat(sources).as(deployment.path("metadata").path("name").asText()).contains("kaa-suite");
        }
        for (JsonNode map : ofKind(overlay, "ConfigMap")) {
            if (!map.path("metadata").path("name").asText().equals("kaa-suite")) {
                assertThat(map.path("data").has("KAA_PUBLIC_URL")).as("a second KAA_PUBLIC_URL in " + map.path("metadata").path("name")).isFalse();
            }
        }
        // failed before: the inventory wrote kaa.public-url=${KAA_PUBLIC_URL}/inventory, and the variable set here replaces
        // the property whole (SmallRye maps KAA_PUBLIC_URL to kaa.public-url): its links lost /inventory. A service's own
        // prefix is kaa.public-path, and with the public URL's path it is the gateway's strip-prefix for that service.
        for (String service : services()) {
            if (service.equals("gateway")) {
                continue;
            }
            assertThat(property(service, "kaa.public-url")).as(service).doesNotContainPattern("}.+");
            String own = Files.readAllLines(ROOT.resolve(service).resolve("src/main/resources/application.properties")).stream()
                    .filter(l -> l.startsWith("kaa.public-path=")).map(l -> l.substring("kaa.public-path=".length())).findFirst().orElse("");
            String strip = Files.readAllLines(ROOT.resolve("gateway/src/main/resources/application.properties")).stream()
                    .filter(l -> l.startsWith("kaa.gateway.upstreams." + service + ".strip-prefix="))
                    .map(l -> l.substring(l.indexOf('=') + 1)).findFirst().orElse("/api/v1");
            assertThat(publicUrl.getPath() + own).as("public prefix of %s", service).isEqualTo(strip);
        }
    }

    /**
     * failed before: no graceful stop was configured (a pod answered until its process ended, and the ingress kept sending
     * it requests for seconds). Each pod's grace period covers the shutdown delay (readiness down, still serving), the
     * time in-flight requests get, and 10 s for the consumers' stop (6.3 s measured with nine consumers).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGracePeriodCoversTheShutdownDelayAndTimeout(String overlay) throws IOException {
        String platform = Files.readString(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        assertThat(platform).contains("quarkus.shutdown.delay-enabled=true");
        long delay = seconds(platform, "%prod.quarkus.shutdown.delay");
        long timeout = seconds(platform, "%prod.quarkus.shutdown.timeout");
        assertThat(delay).isPositive();
        for (String service : services()) {
            long grace = find(overlay, "Deployment", service).orElseThrow().path("spec").path("template").path("spec")
                    .path("terminationGracePeriodSeconds").asLong(30);
            assertThat(grace).as("grace period of %s", service).isGreaterThanOrEqualTo(delay + timeout + 10);
        }
    }

    private static long seconds(String properties, String key) {
        Matcher value = Pattern.compile("^" + Pattern.quote(key) + "=(\\d+)s$", Pattern.MULTILINE).matcher(properties);
        assertThat(value.find()).as(key).isTrue();
        return Long.parseLong(value.group(1));
    }

    /**
     * failed before: the outside producers of the suite's input events (one of its three kinds of users) had neither a
     * listener nor credentials. Each outside sender of docs/asyncapi.yaml has a KafkaUser of its name that may write
     * exactly the topics it sends to and read nothing, and a TLS + SCRAM listener admits them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void outsideProducersHaveAListenerAndAUserThatWritesExactlyTheirTopics(String overlay) throws IOException {
        JsonNode asyncApi = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());
        Map<String, Set<String>> sends = new TreeMap<>();
        asyncApi.path("operations").forEach(op -> {
            if (op.path("x-outside").asBoolean(false) && op.path("action").asText().equals("send")) {
                sends.computeIfAbsent(op.path("x-service").asText(), k -> new TreeSet<>())
                        .add(op.path("channel").path("$ref").asText().replace("#/channels/", ""));
            }
        });
        assertThat(sends).isNotEmpty();
        sends.forEach((producer, topics) -> {
            JsonNode user = find(overlay, "KafkaUser", producer).orElseThrow(() -> new AssertionError("no KafkaUser " + producer));
            assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            Map<String, Set<String>> acls = new TreeMap<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                assertThat(acl.path("resource").path("type").asText()).as("%s: topics only", producer).isEqualTo("topic");
                acls.put(acl.path("resource").path("name").asText(),
                        StreamSupport.stream(acl.path("operations").spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet()));
            }
            assertThat(acls.keySet()).as("topics %s may write", producer).isEqualTo(topics);
            acls.values().forEach(ops -> assertThat(ops).containsExactlyInAnyOrder("Write", "Describe"));
        });
        JsonNode listener = StreamSupport.stream(find(overlay, "Kafka", "kaa-kafka").orElseThrow().path("spec").path("kafka")
                .path("listeners").spliterator(), false).filter(l -> l.path("name").asText().equals("producers")).findFirst().orElseThrow();
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
        assertThat(listener.path("networkPolicyPeers").toString()).contains("kaa-reports/event-producer");
    }

    /**
     * failed before: the prod profile fell back to this machine's values when a variable was missing (Redis at
     * 127.0.0.1, the SMS key "local-dev-key", the JWT keys from .run/): a pod without its secret started and ran against
     * nothing. Every setting production reads (platform's and the service's, %prod over the plain key) names no local
     * address, key or file; the local runtime adds them with its own profile (%local).
     */
    @Test
    void productionFallsBackToNoLocalAddressKeyOrFile() throws IOException {
        Pattern local = Pattern.compile("127\\.0\\.0\\.1|localhost|local-dev|file:\\.run|dev-only");
        List<String> fallbacks = new ArrayList<>();
        for (String service : services()) {
            Map<String, String> effective = new TreeMap<>();
            for (Path file : List.of(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"),
                    ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
                Map<String, String> plain = new TreeMap<>();
                Map<String, String> prod = new TreeMap<>();
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (line.isBlank() || line.startsWith("#") || eq < 0) {
                        continue;
                    }
                    String key = line.substring(0, eq).trim();
                    if (key.startsWith("%prod.")) {
                        prod.put(key.substring("%prod.".length()), line.substring(eq + 1));
                    } else if (!key.startsWith("%")) {
                        plain.put(key, line.substring(eq + 1));
                    }
                }
                effective.putAll(plain);
                effective.putAll(prod);
            }
            effective.forEach((key, value) -> {
                if (local.matcher(value).find()) {
                    fallbacks.add(service + ": " + key + "=" + value);
                }
            });
        }
        assertThat(fallbacks).isEmpty();
    }

    /**
     * failed before: OTEL_RESOURCE_ATTRIBUTES used $(POD_NAME) above POD_NAME, and Kubernetes expands a reference only
     * to a variable defined earlier (in env, or by envFrom): the pods reported the text "$(POD_NAME)".
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyVariableAContainerReferencesIsDefinedAboveIt(String overlay) {
        Pattern reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        List<String> undefined = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (JsonNode workload : ofKind(overlay, kind)) {
                for (JsonNode container : workload.path("spec").path("template").path("spec").path("containers")) {
                    Set<String> defined = new HashSet<>();
                    for (JsonNode from : container.path("envFrom")) {
                        String map = from.path("configMapRef").path("name").asText("");
                        find(overlay, "ConfigMap", map).ifPresent(c -> c.path("data").fieldNames().forEachRemaining(defined::add));
                    }
                    for (JsonNode env : container.path("env")) {
                        Matcher used = reference.matcher(env.path("value").asText(""));
                        while (used.find()) {
                            if (!defined.contains(used.group(1))) {
                                undefined.add(workload.path("metadata").path("name").asText() + " " + env.path("name").asText()
                                        + " uses $(" + used.group(1) + ") before it is defined");
                            }
                        }
                        defined.add(env.path("name").asText());
                    }
                }
            }
        }
        assertThat(undefined).isEmpty();
    }

    /**
     * failed before: the ServiceMonitors lacked the label the README says Prometheus selects them by (no metrics, no
     * alerts); the ingress gave up after 120 s on a request the gateway lets run 300 s.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusSelectsTheMonitorsAndTheIngressOutwaitsTheGateway(String overlay) throws IOException {
        for (String kind : List.of("ServiceMonitor", "PrometheusRule")) {
            assertThat(ofKind(overlay, kind)).isNotEmpty().allSatisfy(monitor ->
                    assertThat(monitor.path("metadata").path("labels").path("release").asText()).as(kind).isEqualTo("prometheus"));
        }
        long longest = 60;
        Matcher timeout = Pattern.compile("^kaa\\.gateway\\.upstreams\\.[^.]+\\.timeout=(\\d+)s$", Pattern.MULTILINE)
                .matcher(Files.readString(ROOT.resolve("gateway/src/main/resources/application.properties")));
        while (timeout.find()) {
            longest = Math.max(longest, Long.parseLong(timeout.group(1)));
        }
        JsonNode annotations = find(overlay, "Ingress", "gateway").orElseThrow().path("metadata").path("annotations");
        for (String name : List.of("nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
            assertThat(annotations.path(name).asLong()).as(name).isGreaterThan(longest);
        }
    }

    /**
     * failed before: the default deny selected app.kubernetes.io/part-of, which Strimzi copies from the Kafka resource to
     * the brokers and controllers it creates, so they could not reach each other. A pod an operator creates carries its
     * resource's labels (CloudNativePG: those of inheritedMetadata) and the operator's own: the suite's deny must not
     * select it, and what admits the suite's services to Postgres, Redis and Kafka must not admit it (nor Redis).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSuitesPoliciesSelectItsOwnPodsAndNoPodAnOperatorCreates(String overlay) {
        List<Map<String, String>> operatorPods = new ArrayList<>();
        for (String kind : List.of("Kafka", "KafkaNodePool")) {
            for (JsonNode resource : ofKind(overlay, kind)) {
                Map<String, String> pod = labels(resource.path("metadata").path("labels"));
                pod.put("strimzi.io/kind", "Kafka");
                pod.put("strimzi.io/cluster", "kaa-kafka");
                operatorPods.add(pod);
            }
        }
        for (JsonNode cluster : ofKind(overlay, "Cluster")) {
            Map<String, String> pod = labels(cluster.path("spec").path("inheritedMetadata").path("labels"));
            pod.putAll(labels(cluster.path("metadata").path("labels")));
            pod.put("cnpg.io/cluster", cluster.path("metadata").path("name").asText());
            operatorPods.add(pod);
        }
        assertThat(operatorPods).hasSizeGreaterThanOrEqualTo(2);
        List<Map<String, String>> services = services().stream().map(s -> labels(find(overlay, "Deployment", s).orElseThrow()
                .path("spec").path("template").path("metadata").path("labels"))).toList();
        Map<String, String> redis = labels(find(overlay, "StatefulSet", "kaa-redis").orElseThrow()
                .path("spec").path("template").path("metadata").path("labels"));

        JsonNode deny = find(overlay, "NetworkPolicy", "default-deny").orElseThrow().path("spec").path("podSelector");
        assertThat(services).allMatch(pod -> matches(deny, pod));
        assertThat(matches(deny, redis)).as("the default deny selects Redis").isTrue();
        assertThat(operatorPods).noneMatch(pod -> matches(deny, pod));

        Map<String, JsonNode> admitters = new TreeMap<>();
        admitters.put("Postgres", find(overlay, "NetworkPolicy", "kaa-postgres").orElseThrow().path("spec").path("ingress").get(0)
                .path("from").get(0).path("podSelector"));
        admitters.put("Redis", find(overlay, "NetworkPolicy", "kaa-redis").orElseThrow().path("spec").path("ingress").get(0)
                .path("from").get(0).path("podSelector"));
        admitters.put("Kafka", find(overlay, "Kafka", "kaa-kafka").orElseThrow().path("spec").path("kafka").path("listeners").get(0)
                .path("networkPolicyPeers").get(0).path("podSelector"));
        admitters.forEach((what, selector) -> {
            assertThat(services).as("%s admits every service", what).allMatch(pod -> matches(selector, pod));
            assertThat(operatorPods).as("%s admits no operator pod", what).noneMatch(pod -> matches(selector, pod));
            assertThat(matches(selector, redis)).as("%s admits Redis", what).isFalse();
        });
    }

    /**
     * failed before (in the system tests' suite, where seven processes had pools of 20 against 100 connections): at the
     * autoscalers' maximum, with one surge pod each, every pod's reactive pool, JDBC pool and LISTEN connection fit in
     * Postgres' max_connections, less its superuser slots and 20 for CNPG and the people operating it.
     */
    @Test
    void databaseConnectionsOfEveryPodFitPostgresAtTheAutoscalersMaximum() throws IOException {
        JsonNode parameters = find("prod", "Cluster", "kaa-postgres").orElseThrow().path("spec").path("postgresql").path("parameters");
        int available = parameters.path("max_connections").asInt() - parameters.path("superuser_reserved_connections").asInt(3) - 20;
        int total = 0;
        StringBuilder sum = new StringBuilder();
        for (String service : services()) {
            int pods = ofKind("prod", "HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(service))
                    .mapToInt(h -> h.path("spec").path("maxReplicas").asInt())
                    .findFirst().orElseGet(() -> find("prod", "ScaledObject", service).orElseThrow()
                            .path("spec").path("maxReplicaCount").asInt());
            JsonNode deployment = find("prod", "Deployment", service).orElseThrow();
            pods += deployment.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt();
            String pool = find("prod", "ConfigMap", service).orElseThrow().path("data").path("KAA_DB_POOL_SIZE").asText();
            assertThat(pool).as("KAA_DB_POOL_SIZE of %s (else the default of 20)", service).matches("[1-9][0-9]*");
            int perPod = Integer.parseInt(pool) + jdbcPoolSize(service) + 1;
            total += pods * perPod;
            sum.append("%s %d x %d, ".formatted(service, pods, perPod));
        }
        assertThat(total).as("connections at most (%s) against %d available", sum, available).isLessThanOrEqualTo(available);
    }

    /** The JDBC pool's default of the service's properties, else of the platform's. */
    private static int jdbcPoolSize(String service) throws IOException {
        Pattern size = Pattern.compile("^quarkus\\.datasource\\.jdbc\\.max-size=\\$\\{KAA_DB_JDBC_POOL_SIZE:(\\d+)}$", Pattern.MULTILINE);
        for (Path file : List.of(ROOT.resolve(service).resolve("src/main/resources/application.properties"),
                ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"))) {
            Matcher found = size.matcher(Files.readString(file));
            if (found.find()) {
                return Integer.parseInt(found.group(1));
            }
        }
        throw new AssertionError("no quarkus.datasource.jdbc.max-size for " + service);
    }

    @Test
    void productionRunsTwoOrMoreReplicasWithDisruptionBudgetsAndAutoscaling() {
        for (String service : services()) {
            JsonNode deployment = find("prod", "Deployment", service).orElseThrow();
            // failed before: the Deployments said 2 while an autoscaler owned the count, and every apply reset it
            assertThat(deployment.path("spec").has("replicas")).as("%s states no replica count of its own", service).isFalse();
            Map<String, String> labels = labels(deployment.path("spec").path("template").path("metadata").path("labels"));
            assertThat(ofKind("prod", "PodDisruptionBudget").stream().anyMatch(p -> matches(p.path("spec").path("selector"), labels)))
                    .as("PodDisruptionBudget of %s", service).isTrue();
            boolean hpa = ofKind("prod", "HorizontalPodAutoscaler").stream()
                    .anyMatch(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(service)
                            && h.path("spec").path("minReplicas").asInt() >= 2);
            boolean keda = ofKind("prod", "ScaledObject").stream()
                    .anyMatch(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(service)
                            && s.path("spec").path("minReplicaCount").asInt() >= 2);
            assertThat(hpa ^ keda).as("%s is scaled by exactly one HorizontalPodAutoscaler or KEDA ScaledObject", service).isTrue();
        }
        JsonNode keda = find("prod", "ScaledObject", "report-execution-service").orElseThrow();
        assertThat(keda.path("spec").path("triggers").toString()).as("the execution service scales on its queue depth")
                .contains("kaa_executions_queue_depth");
        // dev: one replica each, and nothing that would block a node drain with one replica
        for (String service : services()) {
            assertThat(find("dev", "Deployment", service).orElseThrow().path("spec").path("replicas").asInt()).isEqualTo(1);
        }
        assertThat(ofKind("dev", "PodDisruptionBudget")).isEmpty();
        JsonNode postgres = find("prod", "Cluster", "kaa-postgres").orElseThrow().path("spec");
        assertThat(postgres.path("instances").asInt()).isEqualTo(3);
        // failed before: Postgres had no resources (BestEffort: the first pod evicted under memory pressure)
        assertThat(postgres.path("resources").path("requests").path("memory").asText())
                .isNotEmpty().isEqualTo(postgres.path("resources").path("limits").path("memory").asText());
        assertThat(find("prod", "KafkaNodePool", "dual-role").orElseThrow().path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceLogsInAsItsOwnRoleAndKafkaUser(String overlay) {
        // that every variable its configuration requires is set: ClusterChecks.environment (ClusterChecksTest)
        for (String service : services()) {
            JsonNode app = find(overlay, "Deployment", service).orElseThrow().path("spec").path("template").path("spec").path("containers").get(0);
            // the service logs in as its own role, with the password from its own secret
            String schema = property(service, "kaa.db.schema");
            assertThat(secretOf(app, "KAA_DB_PASSWORD")).isEqualTo("kaa-db-" + schema.replace('_', '-'));
            assertThat(secretOf(app, "KAFKA_SASL_JAAS_CONFIG")).as("Kafka credentials of %s", service).isEqualTo(service);
        }
    }

    @Test
    void everySecretAKeyIsReadFromIsDocumented() throws IOException {
        String readme = Files.readString(ROOT.resolve("deploy/k8s/README.md"));
        List<String> rows = readme.lines().filter(l -> l.startsWith("|")).toList();
        Set<List<String>> refs = new HashSet<>();
        for (JsonNode o : RenderedManifests.objects("prod")) {
            collectSecretRefs(o, refs);
        }
        assertThat(refs).isNotEmpty();
        for (List<String> ref : refs) {
            assertThat(rows.stream().anyMatch(r -> r.contains("`" + ref.get(0) + "`") && r.contains("`" + ref.get(1) + "`")))
                    .as("deploy/k8s/README.md documents secret %s key %s", ref.get(0), ref.get(1)).isTrue();
        }
    }

    @Test
    void kafkaUsersMayUseExactlyTheTopicsTheirServiceUses() throws IOException {
        Map<String, String> constants = new HashMap<>();
        Matcher m = TOPIC_CONSTANT.matcher(Files.readString(ROOT.resolve("platform/src/main/java/com/kaa/reports/platform/events/Topics.java")));
        while (m.find()) {
            constants.put(m.group(1), m.group(2));
        }
        for (String service : services()) {
            Set<String> consumed = new TreeSet<>();
            Matcher in = INCOMING_TOPIC.matcher(Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties")));
            while (in.find()) {
                consumed.add(in.group(1));
            }
            Set<String> used = new TreeSet<>(consumed);
            try (Stream<Path> files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher use = TOPIC_USE.matcher(Files.readString(f));
                    while (use.find()) {
                        used.add(constants.get(use.group(1)));
                    }
                }
            }
            Set<String> produced = new TreeSet<>(used);
            produced.removeAll(consumed);

            JsonNode user = find("prod", "KafkaUser", service).orElseThrow(() -> new AssertionError("no KafkaUser " + service));
            Map<String, Set<String>> topicOps = new HashMap<>();
            Set<String> groups = new TreeSet<>();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                Set<String> ops = StreamSupport.stream(acl.path("operations").spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
                String name = acl.path("resource").path("name").asText();
                switch (acl.path("resource").path("type").asText()) {
                    case "topic" -> topicOps.computeIfAbsent(name, k -> new HashSet<>()).addAll(ops);
                    case "group" -> groups.add(name + "/" + acl.path("resource").path("patternType").asText());
                    default -> throw new AssertionError(service + " has an ACL on " + acl.path("resource"));
                }
            }
            Set<String> expectedTopics = new TreeSet<>(used);
            consumed.forEach(t -> expectedTopics.add(Topics.dlq(t)));
            assertThat(topicOps.keySet()).as("topics %s may use", service).isEqualTo(expectedTopics);
            consumed.forEach(t -> assertThat(topicOps.get(t)).as("%s reads %s", service, t).contains("Read").doesNotContain("Write"));
            consumed.forEach(t -> assertThat(topicOps.get(Topics.dlq(t))).as("%s dead-letters %s", service, t).contains("Write").doesNotContain("Read"));
            produced.forEach(t -> assertThat(topicOps.get(t)).as("%s writes %s", service, t).contains("Write").doesNotContain("Read"));
            assertThat(groups).isEqualTo(consumed.isEmpty() ? Set.of() : Set.of(service + "-/prefix"));
        }
    }

    @Test
    void databaseRolesAndSchemasMatchTheLocalRuntime() throws IOException {
        String bootstrap = Files.readString(ROOT.resolve("deploy/local/postgres/bootstrap.sql"));
        Matcher array = Pattern.compile("array\\[([^]]+)]").matcher(bootstrap);
        assertThat(array.find()).isTrue();
        Set<String> schemas = Stream.of(array.group(1).split(",")).map(s -> s.trim().replace("'", "")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(schemas).isEqualTo(services().stream().map(s -> property(s, "kaa.db.schema")).collect(Collectors.toCollection(TreeSet::new)));
        for (String overlay : RenderedManifests.OVERLAYS) {
            JsonNode cluster = find(overlay, "Cluster", "kaa-postgres").orElseThrow();
            Set<String> roles = new TreeSet<>();
            for (JsonNode role : cluster.path("spec").path("managed").path("roles")) {
                roles.add(role.path("name").asText());
                assertThat(role.path("login").asBoolean()).isTrue();
                assertThat(role.path("superuser").asBoolean(false)).isFalse();
                assertThat(role.path("passwordSecret").path("name").asText()).isEqualTo("kaa-db-" + role.path("name").asText().substring(4).replace('_', '-'));
            }
            assertThat(roles).isEqualTo(schemas.stream().map(s -> "kaa_" + s).collect(Collectors.toCollection(TreeSet::new)));
            String sql = cluster.path("spec").path("bootstrap").path("initdb").path("postInitApplicationSQL").toString();
            assertThat(sql).contains(array.group(0)).contains("authorization");
        }
    }

    @Test
    void theDashboardIsGrafanaJsonWithQueriesInEveryPanel() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/k8s/base/observability/grafana-dashboard.json").toFile());
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(12);
        dashboard.path("panels").forEach(p -> assertThat(p.path("targets").get(0).path("expr").asText()).as(p.path("title").asText()).isNotBlank());
        JsonNode cm = find("prod", "ConfigMap", "kaa-reports-dashboard").orElseThrow();
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
    }

    // --- helpers

    private static String property(String service, String key) {
        try {
            return Files.readAllLines(ROOT.resolve(service).resolve("src/main/resources/application.properties")).stream()
                    .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1).trim()).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " sets no " + key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String secretOf(JsonNode container, String env) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(env)) {
                return e.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        throw new AssertionError("no " + env);
    }

    private static void collectSecretRefs(JsonNode node, Set<List<String>> refs) {
        if (node.isObject()) {
            JsonNode ref = node.path("secretKeyRef");
            if (ref.isObject()) {
                refs.add(List.of(ref.path("name").asText(), ref.path("key").asText()));
            }
            if (node.has("secretName") && node.path("items").isArray()) {
                node.path("items").forEach(i -> refs.add(List.of(node.path("secretName").asText(), i.path("key").asText())));
            }
            if (node.has("passwordSecret")) {
                refs.add(List.of(node.path("passwordSecret").path("name").asText(), "password"));
            }
            if (node.has("accessKeyId") && node.path("accessKeyId").has("key")) {
                refs.add(List.of(node.path("accessKeyId").path("name").asText(), node.path("accessKeyId").path("key").asText()));
                refs.add(List.of(node.path("secretAccessKey").path("name").asText(), node.path("secretAccessKey").path("key").asText()));
            }
            if (node.path("tls").isArray()) {
                node.path("tls").forEach(t -> refs.add(List.of(t.path("secretName").asText(), "tls.crt")));
            }
            node.fields().forEachRemaining(f -> collectSecretRefs(f.getValue(), refs));
        } else if (node.isArray()) {
            node.forEach(n -> collectSecretRefs(n, refs));
        }
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        }
        return labels;
    }

    /** A label selector (matchLabels form, or a Service's plain selector) that selects pods with these labels. */
    private static boolean matches(JsonNode selector, Map<String, String> podLabels) {
        JsonNode match = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        if (match.isMissingNode() || match.isEmpty()) {
            return false;
        }
        return labels(match).entrySet().stream().allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
    }

    private static boolean selects(List<JsonNode> services, Map<String, String> podLabels) {
        return services.stream().anyMatch(s -> matches(s.path("spec").path("selector"), podLabels));
    }
}
