package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the Grafana dashboard and the PrometheusRule of deploy/k8s query. */
final class MetricReferences {

    // PromQL functions and keywords that look like metric names
    private static final Set<String> NOT_METRICS = Set.of("histogram_quantile", "label_replace", "label_join", "count_values",
            "absent_over_time", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "quantile_over_time");
    private static final Pattern NAME = Pattern.compile("\\b[a-zA-Z_:][a-zA-Z0-9_:]*_[a-zA-Z0-9_:]+\\b");

    private MetricReferences() {
    }

    static Set<String> inDeployment(Path k8s) throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(k8s.resolve("base/observability/grafana-dashboard.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        JsonNode rules = new YAMLMapper().readTree(k8s.resolve("base/observability/prometheusrule.yaml").toFile());
        rules.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            // label matchers and grouping clauses name labels, not metrics
            String withoutLabels = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                    .replaceAll("\\[[^]]*]", " ");
            Matcher m = NAME.matcher(withoutLabels);
            while (m.find()) {
                if (!NOT_METRICS.contains(m.group())) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
