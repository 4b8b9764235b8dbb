package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.deploy.ClusterModel.Pod;
import com.kaa.reports.deploy.ClusterModel.Port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.kaa.reports.deploy.ClusterModel.name;
import static com.kaa.reports.deploy.NetworkAccess.selects;

/**
 * What a cluster decides when the objects meet, checked on the rendered overlay: names that must resolve (ports,
 * selectors, scale targets), the namespace's Pod Security level, the environment each service's production
 * configuration requires, and the network flows (see {@link SuiteFlows}). Each finding names the object and the field.
 */
final class ClusterChecks {

    private ClusterChecks() {
    }

    static List<String> all(ClusterModel m) {
        return Stream.of(workloadSelectors(m), probes(m), services(m), monitors(m), budgetsAndScalers(m), policies(m),
                podSecurity(m), environment(m), SuiteFlows.check(m)).flatMap(List::stream).toList();
    }

    private static List<JsonNode> workloads(ClusterModel m) {
        return Stream.of("Deployment", "StatefulSet").flatMap(k -> m.of(k).stream()).toList();
    }

    private static String id(JsonNode object) {
        return object.path("kind").asText() + " " + name(object);
    }

    /** Pods of the workloads (the only pods a Service, budget or monitor of ours should aim at). */
    private static List<Pod> workloadPods(ClusterModel m, JsonNode selector, String namespace) {
        return m.pods.stream().filter(p -> p.template() != null && namespace.equals(p.namespace()) && selects(selector, p.labels())).toList();
    }

    static List<String> workloadSelectors(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode w : workloads(m)) {
            JsonNode selector = w.path("spec").path("selector");
            List<Pod> selected = workloadPods(m, selector, m.namespaceOf(w));
            if (selected.stream().noneMatch(p -> p.origin().equals(id(w)))) {
                found.add(id(w) + ": spec.selector does not select its own spec.template.metadata.labels");
            }
            selected.stream().filter(p -> !p.origin().equals(id(w)))
                    .forEach(p -> found.add(id(w) + ": spec.selector also selects the pods of " + p.origin()));
        }
        return found;
    }

    static List<String> probes(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode w : workloads(m)) {
            for (JsonNode c : w.path("spec").path("template").path("spec").path("containers")) {
                Set<String> names = new TreeSet<>();
                c.path("ports").forEach(p -> names.add(p.path("name").asText()));
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
                        JsonNode port = c.path(probe).path(handler).path("port");
                        if (port.isTextual() && !names.contains(port.asText())) {
                            found.add("%s: containers[%s].%s.%s.port \"%s\" is no port of the container (its ports: %s)"
                                    .formatted(id(w), c.path("name").asText(), probe, handler, port.asText(), names));
                        }
                    }
                }
            }
        }
        return found;
    }

    static List<String> services(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode s : m.of("Service")) {
            if (s.path("spec").path("selector").isEmpty()) {
                continue; // no selector: endpoints managed by hand, nothing to resolve
            }
            List<Pod> selected = workloadPods(m, wrap(s.path("spec").path("selector")), m.namespaceOf(s));
            if (selected.isEmpty()) {
                found.add(id(s) + ": spec.selector " + s.path("spec").path("selector") + " selects no pod");
                continue;
            }
            if (selected.size() > 1) {
                found.add(id(s) + ": spec.selector selects the pods of " + selected.stream().map(Pod::origin).toList() + ", not of one workload");
            }
            for (JsonNode port : s.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                for (Pod pod : selected) {
                    if (pod.port(target, port.path("protocol").asText("TCP")).isEmpty()) {
                        found.add("%s: spec.ports[%s].targetPort %s is no container port of %s (its ports: %s)".formatted(id(s),
                                port.path("name").asText(port.path("port").asText()), target, pod.origin(), describe(pod.ports())));
                    }
                }
            }
        }
        return found;
    }

    /** A Service's selector is a plain map; as a LabelSelector it is matchLabels. */
    private static JsonNode wrap(JsonNode plain) {
        var selector = ClusterModel.JSON.createObjectNode();
        selector.set("matchLabels", plain);
        return selector;
    }

    static List<String> monitors(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode monitor : m.of("ServiceMonitor")) {
            List<JsonNode> selected = m.of("Service").stream().filter(s -> m.namespaceOf(s).equals(m.namespaceOf(monitor))
                    && selects(monitor.path("spec").path("selector"), ClusterModel.labels(s.path("metadata").path("labels")))).toList();
            if (selected.isEmpty()) {
                found.add(id(monitor) + ": spec.selector selects no Service");
            }
            int i = 0;
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                String port = endpoint.path("port").asText();
                for (JsonNode s : selected) {
                    Set<String> names = new TreeSet<>();
                    s.path("spec").path("ports").forEach(p -> names.add(p.path("name").asText()));
                    if (!names.contains(port)) {
                        found.add("%s: spec.endpoints[%d].port \"%s\" is no port name of %s (its ports: %s)".formatted(id(monitor), i, port, id(s), names));
                    }
                }
                i++;
            }
        }
        return found;
    }

    static List<String> budgetsAndScalers(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode budget : m.of("PodDisruptionBudget")) {
            List<Pod> selected = workloadPods(m, budget.path("spec").path("selector"), m.namespaceOf(budget));
            if (selected.size() != 1) {
                found.add(id(budget) + ": spec.selector selects the pods of " + selected.stream().map(Pod::origin).toList()
                        + ", not of exactly one workload");
            }
        }
        for (JsonNode scaler : Stream.concat(m.of("HorizontalPodAutoscaler").stream(), m.of("ScaledObject").stream()).toList()) {
            JsonNode target = scaler.path("spec").path("scaleTargetRef");
            String kind = target.path("kind").asText("Deployment");
            if (m.find(kind, target.path("name").asText()).isEmpty()) {
                found.add("%s: spec.scaleTargetRef names %s %s, which the overlay does not have".formatted(id(scaler), kind, target.path("name").asText()));
            }
        }
        return found;
    }

    /** Every policy selects a pod, every peer selects a pod, every port a rule names is a port of the pods it is for. */
    static List<String> policies(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (JsonNode policy : m.of("NetworkPolicy")) {
            String ns = m.namespaceOf(policy);
            JsonNode spec = policy.path("spec");
            List<Pod> subjects = m.pods.stream().filter(p -> ns.equals(p.namespace()) && selects(spec.path("podSelector"), p.labels())).toList();
            if (subjects.isEmpty()) {
                found.add(id(policy) + ": spec.podSelector selects no pod");
            }
            for (String direction : List.of("ingress", "egress")) {
                String peersField = direction.equals("ingress") ? "from" : "to";
                int r = 0;
                for (JsonNode rule : spec.path(direction)) {
                    List<Pod> peers = new ArrayList<>();
                    int p = 0;
                    for (JsonNode peer : rule.path(peersField)) {
                        if (!peer.has("ipBlock")) {
                            List<Pod> selected = peerPods(m, peer, ns);
                            if (selected.isEmpty()) {
                                found.add("%s: spec.%s[%d].%s[%d] selects no pod".formatted(id(policy), direction, r, peersField, p));
                            }
                            peers.addAll(selected);
                        }
                        p++;
                    }
                    List<Pod> destinations = direction.equals("ingress") ? subjects : peers;
                    if (!destinations.isEmpty()) {
                        int q = 0;
                        for (JsonNode port : rule.path("ports")) {
                            JsonNode ref = port.path("port");
                            String protocol = port.path("protocol").asText("TCP");
                            if (!ref.isMissingNode() && destinations.stream().noneMatch(d -> d.port(ref, protocol).isPresent())) {
                                found.add("%s: spec.%s[%d].ports[%d].port %s is no port of the pods it is for (%s)".formatted(id(policy), direction, r, q,
                                        ref, destinations.stream().map(d -> d.name() + " " + describe(d.ports())).toList()));
                            }
                            q++;
                        }
                    }
                    r++;
                }
            }
        }
        return found;
    }

    private static List<Pod> peerPods(ClusterModel m, JsonNode peer, String policyNamespace) {
        return m.pods.stream().filter(p -> p.namespace() != null).filter(p -> peer.has("namespaceSelector")
                        ? m.namespace(p.namespace()).map(n -> selects(peer.path("namespaceSelector"), n.labels())).orElse(false)
                        : p.namespace().equals(policyNamespace))
                .filter(p -> !peer.has("podSelector") || selects(peer.path("podSelector"), p.labels())).toList();
    }

    private static String describe(List<Port> ports) {
        return ports.stream().map(p -> (p.name().isEmpty() ? "" : p.name() + ":") + p.number()).toList().toString();
    }

    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    /**
     * The Pod Security Standard the namespace enforces ("restricted", v1.x): what the admission controller checks on
     * every pod template, container by container, pod-level settings counting for containers that set none.
     */
    static List<String> podSecurity(ClusterModel m) {
        List<String> found = new ArrayList<>();
        JsonNode namespace = m.of("Namespace").get(0);
        String level = namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText("");
        if (!level.equals("restricted")) {
            found.add(id(namespace) + ": metadata.labels.pod-security.kubernetes.io/enforce is \"" + level + "\", not restricted");
        }
        for (JsonNode w : workloads(m)) {
            JsonNode pod = w.path("spec").path("template").path("spec");
            String at = id(w) + ": spec.template.spec.";
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                if (pod.path(host).asBoolean(false)) {
                    found.add(at + host + " is true");
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                List<String> types = new ArrayList<>();
                volume.fieldNames().forEachRemaining(f -> {
                    if (!f.equals("name") && !RESTRICTED_VOLUMES.contains(f)) {
                        types.add(f);
                    }
                });
                if (!types.isEmpty()) {
                    found.add(at + "volumes[" + volume.path("name").asText() + "] is " + types + ", which restricted does not allow");
                }
            }
            JsonNode podContext = pod.path("securityContext");
            if (podContext.path("runAsUser").asInt(-1) == 0) {
                found.add(at + "securityContext.runAsUser is 0 (root)");
            }
            // pod-level settings are checked as such too, whatever the containers override
            if (podContext.path("runAsNonRoot").isBoolean() && !podContext.path("runAsNonRoot").asBoolean()) {
                found.add(at + "securityContext.runAsNonRoot is false");
            }
            if (podContext.path("seccompProfile").path("type").asText("").equals("Unconfined")) {
                found.add(at + "securityContext.seccompProfile.type is Unconfined");
            }
            podContext.path("sysctls").forEach(sysctl -> {
                if (!SAFE_SYSCTLS.contains(sysctl.path("name").asText())) {
                    found.add(at + "securityContext.sysctls has " + sysctl.path("name").asText() + ", which baseline does not allow");
                }
            });
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : pod.path(list)) {
                    String where = at + list + "[" + c.path("name").asText() + "].securityContext.";
                    JsonNode context = c.path("securityContext");
                    if (context.path("privileged").asBoolean(false)) {
                        found.add(where + "privileged is true");
                    }
                    if (!context.path("allowPrivilegeEscalation").isBoolean() || context.path("allowPrivilegeEscalation").asBoolean()) {
                        found.add(where + "allowPrivilegeEscalation is not false");
                    }
                    Set<String> dropped = new LinkedHashSet<>();
                    context.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                    if (!dropped.contains("ALL")) {
                        found.add(where + "capabilities.drop does not contain ALL");
                    }
                    context.path("capabilities").path("add").forEach(a -> {
                        if (!a.asText().equals("NET_BIND_SERVICE")) {
                            found.add(where + "capabilities.add has " + a.asText());
                        }
                    });
                    JsonNode nonRoot = context.has("runAsNonRoot") ? context.path("runAsNonRoot") : podContext.path("runAsNonRoot");
                    if (!nonRoot.asBoolean(false)) {
                        found.add(where + "runAsNonRoot is not true (nor on the pod)");
                    }
                    if (context.path("runAsUser").asInt(-1) == 0) {
                        found.add(where + "runAsUser is 0 (root)");
                    }
                    if (context.has("procMount") && !context.path("procMount").asText().equals("Default")) {
                        found.add(where + "procMount is " + context.path("procMount").asText());
                    }
                    if (context.path("windowsOptions").path("hostProcess").asBoolean(false)) {
                        found.add(where + "windowsOptions.hostProcess is true");
                    }
                    String appArmor = context.path("appArmorProfile").path("type").asText("");
                    if (appArmor.equals("Unconfined")) {
                        found.add(where + "appArmorProfile.type is Unconfined");
                    }
                    String seccomp = (context.has("seccompProfile") ? context : podContext).path("seccompProfile").path("type").asText("");
                    if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                        found.add(where + "seccompProfile.type is \"" + seccomp + "\" (nor RuntimeDefault on the pod)");
                    }
                    c.path("ports").forEach(p -> {
                        if (p.path("hostPort").asInt(0) != 0) {
                            found.add(at + list + "[" + c.path("name").asText() + "].ports[" + p.path("name").asText() + "].hostPort is set");
                        }
                    });
                }
            }
        }
        return found;
    }

    private static final Pattern REQUIRED_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    /**
     * Every variable a service's production configuration reads without a default (`${VAR}` in its
     * application.properties or platform's, %dev/%test/%local lines aside) is set in its Deployment: by env, or by a
     * ConfigMap it reads whole. Without it the service stops at start (platform's InfrastructureCheck) or misbehaves.
     */
    static List<String> environment(ClusterModel m) {
        List<String> found = new ArrayList<>();
        for (String service : RenderedManifests.services()) {
            Set<String> required = new TreeSet<>();
            Path properties = RenderedManifests.ROOT.resolve(service).resolve("src/main/resources/application.properties");
            required.addAll(requiredEnv(properties));
            required.addAll(requiredEnv(RenderedManifests.ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties")));
            JsonNode deployment = m.find("Deployment", service).orElse(null);
            if (deployment == null) {
                found.add("Deployment " + service + " is missing");
                continue;
            }
            JsonNode app = deployment.path("spec").path("template").path("spec").path("containers").get(0);
            Set<String> set = new TreeSet<>();
            app.path("env").forEach(e -> set.add(e.path("name").asText()));
            for (JsonNode from : app.path("envFrom")) {
                String configMap = from.path("configMapRef").path("name").asText();
                JsonNode cm = m.find("ConfigMap", configMap).orElse(null);
                if (cm == null && !from.path("configMapRef").path("optional").asBoolean(false)) {
                    found.add("Deployment %s: containers[%s].envFrom reads ConfigMap %s, which the overlay does not have".formatted(service, app.path("name").asText(), configMap));
                } else if (cm != null) {
                    cm.path("data").fieldNames().forEachRemaining(set::add);
                }
            }
            for (String variable : required) {
                if (!set.contains(variable)) {
                    found.add("Deployment %s: containers[%s].env has no %s (its configuration reads ${%s}) and no ConfigMap it reads sets it"
                            .formatted(service, app.path("name").asText(), variable, variable));
                }
            }
        }
        return found;
    }

    static Set<String> requiredEnv(Path properties) {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(properties)) {
                if (line.startsWith("#") || line.startsWith("%dev.") || line.startsWith("%test.") || line.startsWith("%local.")) {
                    continue;
                }
                Matcher m = REQUIRED_ENV.matcher(line);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
