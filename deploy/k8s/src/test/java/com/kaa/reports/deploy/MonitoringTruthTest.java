package com.kaa.reports.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.kaa.reports.deploy.RenderedManifests.K8S;
import static com.kaa.reports.deploy.RenderedManifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard and the alerts ask is what the code says. A panel filtering on a label value no code emits
 * (result="hit" where the cache emits local-hit/redis-hit) shows nothing forever, and an alert on one of two
 * dead-letter counters misses the other: both happened. Checked statically against the sources, so a value that
 * a test run happens not to produce is still checked.
 */
class MonitoringTruthTest {

    /** metric{label="value"} or metric{label=~"a|b"}: the suite's own (kaa_*) metrics only. */
    private static final Pattern SELECTOR = Pattern.compile("(kaa_[a-z0-9_]+)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-z_]+)\\s*(=~|=)\\s*\"([^\"]*)\"");

    @Test
    void everyLabelValueTheDashboardAndTheAlertsQueryIsOneTheCodeEmits() throws IOException {
        Map<String, String> sources = mainSources();
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (String expression : expressions()) {
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                String metric = selector.group(1);
                String emitter = emitterOf(metric, sources);
                if (emitter == null) {
                    unknown.add(metric + " (no code registers " + dotted(metric) + ")");
                    continue;
                }
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    for (String value : matcher.group(2).equals("=~") ? matcher.group(3).split("\\|") : new String[] {matcher.group(3)}) {
                        checked++;
                        // quantiles are the numbers given to publishPercentiles, other values string literals
                        String literal = matcher.group(1).equals("quantile") ? value : "\"" + value + "\"";
                        if (!emitter.contains(literal)) {
                            unknown.add(metric + "{" + matcher.group(1) + "=\"" + value + "\"}");
                        }
                    }
                }
            }
        }
        assertThat(unknown).as("label values queried that no code emits (of %d)", checked).isEmpty();
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void everyDeadLetterCounterIsWatchedByAnAlert() throws IOException {
        Set<String> alerted = new TreeSet<>();
        for (JsonNode group : rules().path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                Matcher selector = SELECTOR.matcher(rule.path("expr").asText());
                while (selector.find()) {
                    if (selector.group(2).contains("dead-lettered")) {
                        alerted.add(dotted(selector.group(1)));
                    }
                }
            }
        }
        // every counter the code increments with outcome "dead-lettered"
        Pattern counter = Pattern.compile("\"(kaa\\.[a-z.]+)\"");
        Set<String> deadLettering = new TreeSet<>();
        for (Map.Entry<String, String> source : mainSources().entrySet()) {
            if (source.getValue().contains("\"dead-lettered\"")) {
                Matcher m = counter.matcher(source.getValue());
                while (m.find()) {
                    deadLettering.add(m.group(1));
                }
            }
        }
        assertThat(deadLettering).isNotEmpty();
        assertThat(alerted).as("counters of dead letters an alert watches").containsAll(deadLettering);
    }

    /**
     * Gauges every replica reads from the shared database or store (the whole queue, the whole outbox, all stored files):
     * each replica reports the same total, so a sum over replicas multiplies it. Failed before: KEDA scaled on
     * sum(queue depth), so two replicas saw twice the queue and scaled out for work that was not there.
     */
    private static final List<String> SHARED_GAUGES = List.of("kaa_executions_queue_depth", "kaa_executions_queue_oldest_seconds",
            "kaa_outbox_pending", "kaa_outbox_oldest_pending_seconds", "kaa_storage_bytes", "kaa_storage_files",
            "kaa_deliveries_pending");

    @Test
    void gaugesOfSharedStateAreTakenOnceNotSummedOverReplicas() throws IOException {
        Map<String, String> sources = mainSources();
        SHARED_GAUGES.forEach(gauge -> assertThat(sources.values()).as("%s is a gauge of the code", gauge)
                .anyMatch(source -> source.contains("Gauge.builder(\"" + gauge.replace('_', '.') + "\"")));
        List<String> queries = new ArrayList<>(expressions());
        Matcher keda = Pattern.compile("query: (.+)").matcher(Files.readString(K8S.resolve("overlays/prod/autoscaling.yaml")));
        while (keda.find()) {
            queries.add(keda.group(1));
        }
        List<String> summed = new ArrayList<>();
        for (String gauge : SHARED_GAUGES) {
            Pattern sum = Pattern.compile("(sum|avg)\\s*(by\\s*\\([^)]*\\)\\s*)?\\(\\s*" + gauge + "\\b");
            queries.stream().filter(q -> sum.matcher(q).find()).forEach(q -> summed.add(gauge + " in: " + q));
        }
        assertThat(summed).isEmpty();
        assertThat(queries).anyMatch(q -> q.contains("max(kaa_executions_queue_depth"));
    }

    private static String dotted(String metric) {
        return metric.replaceAll("_(total|seconds|bytes|count|sum|bucket|max)$", "").replace('_', '.');
    }

    /** The source of the file(s) registering the metric, joined; null when none does. */
    private static String emitterOf(String metric, Map<String, String> sources) {
        String name = "\"" + dotted(metric) + "\"";
        String joined = sources.values().stream().filter(s -> s.contains(name)).collect(Collectors.joining("\n"));
        return joined.isEmpty() ? null : joined;
    }

    private static Map<String, String> mainSources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).forEach(p -> {
                try {
                    sources.put(p.toString(), Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return sources;
    }

    private static List<String> expressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(K8S.resolve("base/observability/grafana-dashboard.json").toFile());
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        rules().path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> expressions.add(r.path("expr").asText())));
        return expressions;
    }

    private static JsonNode rules() throws IOException {
        return new YAMLMapper().readTree(K8S.resolve("base/observability/prometheusrule.yaml").toFile());
    }
}
