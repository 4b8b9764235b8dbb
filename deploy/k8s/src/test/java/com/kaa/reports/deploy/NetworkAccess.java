package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.kaa.reports.deploy.ClusterModel.Pod;
import com.kaa.reports.deploy.ClusterModel.Policy;
import com.kaa.reports.deploy.ClusterModel.Port;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Whether one pod may open a connection to a port of another, by the NetworkPolicy rules of Kubernetes: a
 * connection needs the source's egress and the destination's ingress; a pod no policy selects for a direction is
 * open in it; once selected, only what some rule of some selecting policy allows passes (rules add up, never
 * subtract). Peers: a podSelector alone means pods of the policy's namespace; a namespaceSelector alone, every pod in
 * the namespaces it selects; both, the pods it selects there; ipBlock, addresses (the cluster's pods are in
 * 10.244.0.0/16 here). A named port is the destination container's port of that name.
 */
final class NetworkAccess {

    record Verdict(boolean allowed, String why) {
    }

    private final ClusterModel cluster;

    NetworkAccess(ClusterModel cluster) {
        this.cluster = cluster;
    }

    Verdict check(Pod from, Pod to, Port port) {
        Verdict egress = side(from, to, port, "Egress", "egress", "to");
        if (!egress.allowed()) {
            return egress;
        }
        return side(to, from, port, "Ingress", "ingress", "from");
    }

    /** subject is the pod the policies select (source for egress, destination for ingress); peer is the other end. */
    private Verdict side(Pod subject, Pod peer, Port port, String type, String rulesField, String peersField) {
        Pod destination = type.equals("Ingress") ? subject : peer;
        List<Policy> selecting = cluster.policies.stream()
                .filter(p -> subject.namespace() != null && p.namespace().equals(subject.namespace()))
                .filter(p -> types(p.spec()).contains(type))
                .filter(p -> selects(p.spec().path("podSelector"), subject.labels())).toList();
        if (selecting.isEmpty()) {
            return new Verdict(true, "no policy selects " + subject.name() + " for " + rulesField);
        }
        for (Policy policy : selecting) {
            for (JsonNode rule : policy.spec().path(rulesField)) {
                if (portMatches(rule.path("ports"), port, destination) && peerMatches(rule, peersField, peer, policy.namespace())) {
                    return new Verdict(true, policy.origin() + " allows it");
                }
            }
        }
        return new Verdict(false, rulesField + " of " + subject.name() + " is limited by "
                + selecting.stream().map(Policy::origin).toList() + " and none of their rules allows it");
    }

    static List<String> types(JsonNode spec) {
        // the API server's defaulting: an empty or absent list is Ingress, plus Egress when there are egress rules
        if (spec.path("policyTypes").size() > 0) {
            return StreamSupport.stream(spec.path("policyTypes").spliterator(), false).map(JsonNode::asText).toList();
        }
        return spec.path("egress").size() > 0 ? List.of("Ingress", "Egress") : List.of("Ingress");
    }

    private static boolean portMatches(JsonNode ports, Port port, Pod destination) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.path("protocol").asText("TCP").equals(port.protocol())) {
                continue;
            }
            JsonNode number = p.path("port");
            if (number.isMissingNode()) {
                return true;
            }
            if (number.isInt()) {
                int end = p.path("endPort").asInt(number.asInt());
                if (port.number() >= number.asInt() && port.number() <= end) {
                    return true;
                }
            } else if (destination.namespace() != null // a named port is a pod's container port, never an address's
                    && destination.port(number, port.protocol()).map(d -> d.number() == port.number()).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(JsonNode rule, String peersField, Pod peer, String policyNamespace) {
        JsonNode peers = rule.path(peersField);
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            if (p.has("ipBlock")) {
                if (inBlock(peer.ip(), p.path("ipBlock"))) {
                    return true;
                }
                continue;
            }
            if (peer.namespace() == null) {
                continue; // selectors select pods, not addresses
            }
            boolean namespaceOk = p.has("namespaceSelector")
                    ? cluster.namespace(peer.namespace()).map(n -> selects(p.path("namespaceSelector"), n.labels())).orElse(false)
                    : peer.namespace().equals(policyNamespace);
            boolean podOk = !p.has("podSelector") || selects(p.path("podSelector"), peer.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** A LabelSelector: every matchLabels pair and every matchExpressions requirement; empty selects everything. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var e = matchLabels.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode requirement : selector.path("matchExpressions")) {
            String key = requirement.path("key").asText();
            List<String> values = StreamSupport.stream(requirement.path("values").spliterator(), false)
                    .map(JsonNode::asText).toList();
            boolean ok = switch (requirement.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean inBlock(String ip, JsonNode block) {
        if (!inCidr(ip, block.path("cidr").asText())) {
            return false;
        }
        for (JsonNode except : block.path("except")) {
            if (inCidr(ip, except.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        if (parts[0].contains(":") || ip.contains(":")) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (address(ip) & mask) == (address(parts[0]) & mask);
    }

    private static long address(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}
