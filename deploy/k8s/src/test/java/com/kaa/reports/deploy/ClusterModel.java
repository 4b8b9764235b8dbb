package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rendered overlay becomes in a cluster: the pods of its workloads, the pods the operators make from its
 * custom resources (labels and ports as Strimzi and CloudNativePG document and set them), the pods outside the
 * namespace the suite talks to or hears from, and every NetworkPolicy that will select them, including the one
 * Strimzi generates for the brokers. The checks and the reachability table reason over this, not over files.
 */
final class ClusterModel {

    static final ObjectMapper JSON = new ObjectMapper();

    record Port(String name, int number, String protocol) {
    }

    /** A pod (or, with no namespace, an address outside the cluster's pods); origin says where it comes from. */
    record Pod(String name, String namespace, Map<String, String> labels, List<Port> ports, String ip, String origin,
               JsonNode template) {

        Optional<Port> port(JsonNode ref, String protocol) {
            return ports.stream().filter(p -> p.protocol().equals(protocol)
                    && (ref.isInt() ? p.number() == ref.asInt() : ref.asText().equals(p.name()))).findFirst();
        }

        Optional<Port> port(int number) {
            return ports.stream().filter(p -> p.number() == number).findFirst();
        }
    }

    record Namespace(String name, Map<String, String> labels) {
    }

    record Policy(String origin, String namespace, JsonNode spec) {
    }

    final List<JsonNode> objects;
    final String namespace;
    final List<Namespace> namespaces = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<Policy> policies = new ArrayList<>();

    private int nextIp = 10;

    private ClusterModel(List<JsonNode> objects) {
        this.objects = objects;
        this.namespace = of("Namespace").stream().findFirst().map(n -> n.path("metadata").path("name").asText())
                .orElseThrow(() -> new IllegalStateException("the overlay has no Namespace"));
        Map<String, String> own = labels(of("Namespace").get(0).path("metadata").path("labels"));
        own.put("kubernetes.io/metadata.name", namespace); // the API server sets it on every namespace
        namespaces.add(new Namespace(namespace, own));
        workloads();
        strimzi();
        cloudNativePg();
        outside();
        for (JsonNode policy : of("NetworkPolicy")) {
            policies.add(new Policy("NetworkPolicy " + name(policy), namespaceOf(policy), policy.path("spec")));
        }
    }

    static ClusterModel of(List<JsonNode> objects) {
        return new ClusterModel(objects);
    }

    List<JsonNode> of(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return of(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    Pod pod(String name) {
        return pods.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pod " + name + " in the model"));
    }

    List<Pod> podsOf(String namespace) {
        return pods.stream().filter(p -> namespace.equals(p.namespace())).toList();
    }

    Optional<Namespace> namespace(String name) {
        return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    String namespaceOf(JsonNode object) {
        return object.path("metadata").path("namespace").asText(namespace);
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        return labels;
    }

    private String clusterIp() {
        return "10.244.0." + nextIp++;
    }

    private void workloads() {
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (JsonNode workload : of(kind)) {
                JsonNode template = workload.path("spec").path("template");
                List<Port> ports = new ArrayList<>();
                template.path("spec").path("containers").forEach(c -> c.path("ports").forEach(p -> ports.add(
                        new Port(p.path("name").asText(""), p.path("containerPort").asInt(), p.path("protocol").asText("TCP")))));
                pods.add(new Pod(name(workload), namespaceOf(workload), labels(template.path("metadata").path("labels")), ports,
                        clusterIp(), kind + " " + name(workload), template));
            }
        }
    }

    /**
     * Strimzi's pods: a node pool's pods carry the Kafka resource's and the pool's labels, then Strimzi's own
     * (KafkaPool: strimzi.io/name is "cluster-kafka" for every pool, so its policy selects them all); ports are the
     * control plane 9090, replication 9091, the Kafka agent 8443, each listener (named as ListenersUtils names them), and
     * metrics 9404 when metricsConfig is set. Its NetworkPolicy (KafkaCluster.generateNetworkPolicy): 9090 from the
     * brokers and the cluster operator (any namespace unless the operator is told its namespace's labels); 9091 from
     * those, the entity operator, exporter and Cruise Control; 8443 from the cluster operator; each listener from its
     * networkPolicyPeers (everyone when none); metrics from everyone.
     */
    private void strimzi() {
        for (JsonNode kafka : of("Kafka")) {
            String cluster = name(kafka);
            JsonNode spec = kafka.path("spec").path("kafka");
            List<Port> ports = new ArrayList<>(List.of(new Port("tcp-ctrlplane", 9090, "TCP"), new Port("tcp-replication", 9091, "TCP"),
                    new Port("tcp-kafkaagent", 8443, "TCP")));
            spec.path("listeners").forEach(l -> ports.add(new Port(listenerPortName(l), l.path("port").asInt(), "TCP")));
            boolean metrics = spec.has("metricsConfig");
            if (metrics) {
                ports.add(new Port("tcp-prometheus", 9404, "TCP"));
            }
            for (JsonNode pool : of("KafkaNodePool")) {
                if (!cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                    continue;
                }
                Map<String, String> labels = labels(kafka.path("metadata").path("labels"));
                labels.putAll(labels(pool.path("metadata").path("labels")));
                labels.putAll(Map.of("strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-kafka", "strimzi.io/cluster", cluster,
                        "strimzi.io/component-type", "kafka", "strimzi.io/pool-name", name(pool),
                        "app.kubernetes.io/name", "kafka", "app.kubernetes.io/instance", cluster,
                        "app.kubernetes.io/part-of", "strimzi-" + cluster, "app.kubernetes.io/managed-by", "strimzi-cluster-operator"));
                pool.path("spec").path("roles").forEach(r -> labels.put("strimzi.io/" + r.asText() + "-role", "true"));
                pods.add(new Pod(cluster + "-" + name(pool), namespaceOf(pool), labels, ports, clusterIp(),
                        "pods Strimzi makes for KafkaNodePool " + name(pool), null));
            }
            if (kafka.path("spec").has("entityOperator")) {
                // its topic and user operators' health ports, which Strimzi's policy for it (EntityOperator
                // .generateNetworkPolicy) opens to every pod
                JsonNode operators = kafka.path("spec").path("entityOperator");
                List<Port> health = new ArrayList<>();
                ObjectNode eoPolicy = JSON.createObjectNode();
                eoPolicy.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", cluster)
                        .put("strimzi.io/name", cluster + "-entity-operator").put("strimzi.io/kind", "Kafka");
                eoPolicy.putArray("policyTypes").add("Ingress");
                ArrayNode eoIngress = eoPolicy.putArray("ingress");
                if (operators.has("topicOperator")) {
                    health.add(new Port("healthcheck", 8080, "TCP"));
                    rule(eoIngress, 8080);
                }
                if (operators.has("userOperator")) {
                    health.add(new Port("healthcheck", 8081, "TCP"));
                    rule(eoIngress, 8081);
                }
                eoIngress.forEach(r -> ((ObjectNode) r).remove("from"));
                Map<String, String> labels = labels(kafka.path("metadata").path("labels"));
                labels.putAll(Map.of("strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-entity-operator", "strimzi.io/cluster", cluster,
                        "app.kubernetes.io/name", "entity-operator", "app.kubernetes.io/part-of", "strimzi-" + cluster));
                pods.add(new Pod(cluster + "-entity-operator", namespaceOf(kafka), labels, health, clusterIp(),
                        "the entity operator Strimzi makes for Kafka " + cluster, null));
                policies.add(new Policy("the NetworkPolicy Strimzi makes for its entity operator", namespaceOf(kafka), eoPolicy));
            }

            ObjectNode policy = JSON.createObjectNode();
            ObjectNode brokers = JSON.createObjectNode();
            brokers.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", cluster)
                    .put("strimzi.io/name", cluster + "-kafka").put("strimzi.io/kind", "Kafka");
            policy.set("podSelector", brokers.path("podSelector").deepCopy());
            policy.putArray("policyTypes").add("Ingress");
            ArrayNode ingress = policy.putArray("ingress");
            ObjectNode operator = JSON.createObjectNode();
            operator.putObject("podSelector").putObject("matchLabels").put("strimzi.io/kind", "cluster-operator");
            operator.putObject("namespaceSelector");
            rule(ingress, 9090).add(brokers.deepCopy()).add(operator.deepCopy());
            ArrayNode replication = rule(ingress, 9091);
            replication.add(operator.deepCopy());
            replication.add(brokers.deepCopy());
            for (String component : List.of("entity-operator", "kafka-exporter", "cruise-control")) {
                replication.addObject().putObject("podSelector").putObject("matchLabels").put("strimzi.io/name", cluster + "-" + component);
            }
            rule(ingress, 8443).add(operator.deepCopy());
            for (JsonNode listener : spec.path("listeners")) {
                ArrayNode from = rule(ingress, listener.path("port").asInt());
                listener.path("networkPolicyPeers").forEach(from::add);
                if (from.isEmpty()) {
                    ((ObjectNode) ingress.get(ingress.size() - 1)).remove("from");
                }
            }
            if (metrics) {
                rule(ingress, 9404);
                ((ObjectNode) ingress.get(ingress.size() - 1)).remove("from");
            }
            policies.add(new Policy("the NetworkPolicy Strimzi makes for Kafka " + cluster, namespaceOf(kafka), policy));
        }
    }

    /** Strimzi's ListenersUtils: the three historic listeners keep their old port names, the others are tcp-NAME. */
    private static String listenerPortName(JsonNode listener) {
        String name = listener.path("name").asText();
        int port = listener.path("port").asInt();
        if (name.equals("plain") && port == 9092) {
            return "tcp-clients";
        }
        if (name.equals("tls") && port == 9093) {
            return "tcp-clientstls";
        }
        if (name.equals("external") && port == 9094) {
            return "tcp-external";
        }
        return "tcp-" + name;
    }

    private static ArrayNode rule(ArrayNode ingress, int port) {
        ObjectNode rule = ingress.addObject();
        rule.putArray("ports").addObject().put("port", port).put("protocol", "TCP");
        return rule.putArray("from");
    }

    /** CloudNativePG's instances: inheritedMetadata's labels and its own; ports postgresql, metrics, status. */
    private void cloudNativePg() {
        for (JsonNode cluster : of("Cluster")) {
            Map<String, String> labels = labels(cluster.path("spec").path("inheritedMetadata").path("labels"));
            labels.putAll(Map.of("cnpg.io/cluster", name(cluster), "cnpg.io/podRole", "instance"));
            pods.add(new Pod(name(cluster), namespaceOf(cluster), labels, List.of(new Port("postgresql", 5432, "TCP"),
                    new Port("metrics", 9187, "TCP"), new Port("status", 8000, "TCP")), clusterIp(),
                    "the instances CloudNativePG makes for Cluster " + name(cluster), null));
        }
    }

    /** Who lives outside the namespace, in the namespaces the README asks for (Install first). */
    private void outside() {
        outsider("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of(),
                List.of(new Port("dns", 53, "UDP"), new Port("dns-tcp", 53, "TCP")));
        outsider("ingress-nginx controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of(), List.of());
        outsider("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of(), List.of());
        outsider("otel-collector", "monitoring", Map.of("app.kubernetes.io/name", "otel-collector"), Map.of(),
                List.of(new Port("otlp-grpc", 4317, "TCP")));
        outsider("strimzi cluster operator", "strimzi", Map.of("strimzi.io/kind", "cluster-operator", "name", "strimzi-cluster-operator"),
                Map.of(), List.of());
        outsider("cloudnative-pg operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of(), List.of());
        outsider("outside producer", "field-systems", Map.of("app", "field-sync"), Map.of("kaa-reports/event-producer", "true"), List.of());
        outsider("a stranger in another namespace", "other", Map.of("app", "stranger"), Map.of(), List.of());
        // kubectl run debug: in the namespace, none of the suite's labels
        pods.add(new Pod("an unlabelled pod in the namespace", namespace, Map.of("run", "debug"), List.of(), clusterIp(), "kubectl run", null));
        List<Port> web = List.of(new Port("https", 443, "TCP"), new Port("smtp", 25, "TCP"), new Port("smtps", 465, "TCP"),
                new Port("submission", 587, "TCP"), new Port("http", 80, "TCP"));
        pods.add(new Pod("a public address", null, Map.of(), web, "203.0.113.10", "the internet", null));
        pods.add(new Pod("the cloud metadata address", null, Map.of(), web, "169.254.169.254", "link-local", null));
        pods.add(new Pod("a private address", null, Map.of(), web, "10.20.30.40", "the office network or a node", null));
    }

    private void outsider(String name, String ns, Map<String, String> labels, Map<String, String> namespaceLabels, List<Port> ports) {
        if (namespace(ns).isEmpty()) {
            Map<String, String> all = new LinkedHashMap<>(namespaceLabels);
            all.put("kubernetes.io/metadata.name", ns);
            namespaces.add(new Namespace(ns, all));
        }
        pods.add(new Pod(name, ns, labels, ports, clusterIp(), "outside the suite's namespace", null));
    }
}
