package com.kaa.reports.deploy;

import com.kaa.reports.deploy.ClusterModel.Pod;
import com.kaa.reports.deploy.ClusterModel.Port;
import com.kaa.reports.deploy.NetworkAccess.Verdict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections the suite needs, as a table, and the check that the rendered NetworkPolicies (ours and the one
 * Strimzi generates) allow exactly these: every flow of the table passes; any other connection to one of the suite's
 * pods (from anywhere, the namespace's other pods included) and any other connection out of a pod our policies
 * isolate (to anywhere, the cloud's metadata address and private ranges included) is refused.
 */
final class SuiteFlows {

    record Flow(String from, String to, int port, String protocol, String why) {
        @Override
        public String toString() {
            return from + " → " + to + ":" + port + (protocol.equals("TCP") ? "" : "/" + protocol) + " (" + why + ")";
        }
    }

    private SuiteFlows() {
    }

    static List<Flow> required(ClusterModel m) {
        List<String> services = RenderedManifests.services();
        String kafka = podOf(m, "KafkaNodePool");
        String entityOperator = podOf(m, "the entity operator");
        String postgres = podOf(m, "the instances CloudNativePG");
        String redis = "kaa-redis";
        List<Flow> flows = new ArrayList<>();
        for (String s : services) {
            flows.add(new Flow(s, postgres, 5432, "TCP", "its schema"));
            flows.add(new Flow(s, kafka, 9093, "TCP", "bootstrap and brokers, TLS listener"));
            flows.add(new Flow(s, redis, 6379, "TCP", "cache, rate limits"));
            flows.add(new Flow(s, "otel-collector", 4317, "TCP", "traces"));
            flows.add(new Flow("prometheus", s, 8080, "TCP", "/q/metrics"));
        }
        for (String s : concat(services, redis)) {
            flows.add(new Flow(s, "kube-dns", 53, "UDP", "names"));
            flows.add(new Flow(s, "kube-dns", 53, "TCP", "names, long answers"));
        }
        flows.add(new Flow("ingress-nginx controller", "gateway", 8080, "TCP", "the public API"));
        for (String s : services) {
            if (!s.equals("gateway")) {
                flows.add(new Flow("gateway", s, 8080, "TCP", "routing"));
            }
        }
        flows.add(new Flow("notification-service", "report-execution-service", 8080, "TCP", "report files for attachments"));
        flows.add(new Flow("gateway", "a public address", 443, "TCP", "the identity provider's JWKS"));
        for (int port : List.of(25, 465, 587, 443)) {
            flows.add(new Flow("notification-service", "a public address", port, "TCP", "SMTP relay, SMS API, webhooks"));
        }
        flows.add(new Flow(kafka, kafka, 9090, "TCP", "controller quorum"));
        flows.add(new Flow(kafka, kafka, 9091, "TCP", "replication"));
        flows.add(new Flow(entityOperator, kafka, 9091, "TCP", "topics and users"));
        flows.add(new Flow("strimzi cluster operator", kafka, 9091, "TCP", "rolling, admin"));
        flows.add(new Flow("strimzi cluster operator", kafka, 9090, "TCP", "controllers, during rolling updates"));
        flows.add(new Flow("strimzi cluster operator", kafka, 8443, "TCP", "Kafka agent: broker state"));
        flows.add(new Flow("outside producer", kafka, 9094, "TCP", "kaa.* events, producers listener"));
        flows.add(new Flow(postgres, postgres, 5432, "TCP", "streaming replication"));
        flows.add(new Flow(postgres, postgres, 8000, "TCP", "instance status"));
        flows.add(new Flow("cloudnative-pg operator", postgres, 8000, "TCP", "instance status"));
        flows.add(new Flow("cloudnative-pg operator", postgres, 5432, "TCP", "managed roles, fencing"));
        flows.add(new Flow("prometheus", postgres, 9187, "TCP", "PodMonitor"));
        return flows;
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }

    private static String podOf(ClusterModel m, String originStart) {
        return m.pods.stream().filter(p -> p.origin().contains(originStart)).map(Pod::name).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pod from " + originStart));
    }

    /**
     * Openings the operators make on their own pods and we accept: Strimzi's entity operator answers its health checks
     * (8080 topic operator, 8081 user operator) to every pod. Not ours to close: its policy is Strimzi's.
     */
    static boolean openedByAnOperator(Pod to, Port port) {
        return to.origin().startsWith("the entity operator Strimzi makes") && (port.number() == 8080 || port.number() == 8081);
    }

    /** A port no container declares: a process may listen on one all the same, and a policy must refuse it too. */
    private static final Port UNDECLARED = new Port("", 19999, "TCP");

    static List<String> check(ClusterModel m) {
        NetworkAccess access = new NetworkAccess(m);
        List<String> found = new ArrayList<>();
        Set<List<Object>> needed = new HashSet<>();
        for (Flow flow : required(m)) {
            needed.add(List.of(flow.from(), flow.to(), flow.port(), flow.protocol()));
            Pod to = m.pod(flow.to());
            Port port = to.ports().stream().filter(p -> p.number() == flow.port() && p.protocol().equals(flow.protocol())).findFirst().orElse(null);
            if (port == null) {
                found.add("network: " + flow + " is refused: " + to.name() + " has no such port " + to.ports());
                continue;
            }
            Verdict verdict = access.check(m.pod(flow.from()), to, port);
            if (!verdict.allowed()) {
                found.add("network: " + flow + " is refused: " + verdict.why());
            }
        }
        List<Pod> suite = m.podsOf(m.namespace).stream().filter(p -> p.template() != null || !p.origin().equals("kubectl run")).toList();
        List<Pod> isolated = suite.stream().filter(p -> "true".equals(p.labels().get("kaa-reports/isolated"))).toList();
        for (Pod from : m.pods) {
            if (from.namespace() == null) {
                continue; // addresses outside the cluster are only destinations here
            }
            for (Pod to : m.pods) {
                if (!suite.contains(to) && !isolated.contains(from)) {
                    continue;
                }
                List<Port> ports = new ArrayList<>(to.ports());
                ports.add(UNDECLARED);
                for (Port port : ports) {
                    if (needed.contains(List.of(from.name(), to.name(), port.number(), port.protocol())) || openedByAnOperator(to, port)) {
                        continue;
                    }
                    Verdict verdict = access.check(from, to, port);
                    if (verdict.allowed()) {
                        found.add("network: %s → %s:%d/%s is allowed (%s) but no flow of the suite needs it"
                                .formatted(from.name(), to.name(), port.number(), port.protocol(), verdict.why()));
                    }
                }
            }
        }
        return found;
    }
}
