package com.kaa.reports.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.kaa.reports.platform.events.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events as a contract: docs/asyncapi.yaml, docs/topics.md and the code say the same about every topic (its event
 * types, who sends them, who receives them), and every message's data points at its JSON schema. Failed before: the
 * AsyncAPI document typed every payload as a bare object, had no receive operations, named one producer of
 * reports.execution-requests.v1 where there are two, and disagreed with topics.md on the types of two topics.
 */
class AsyncApiContractTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("report-definition-service", "report-execution-service",
            "inventory-service", "notification-service", "gateway");
    private static final Pattern TYPE_LITERAL = Pattern.compile("\"([A-Z][A-Za-z]+\\.v\\d+)\"");
    private static final Pattern WRITES = Pattern.compile("(?:Outbox\\.Pending|outbox\\.publish)\\(\\s*Topics\\.([A-Z_]+)");
    private static final Pattern READS = Pattern.compile("^mp\\.messaging\\.incoming\\.[^.]+\\.topic=(\\S+)$", Pattern.MULTILINE);
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("public static final String ([A-Z_]+) = \"([a-z0-9.-]+)\";");

    private final JsonNode asyncApi = yaml(ROOT.resolve("docs/asyncapi.yaml"));

    @Test
    void channelsAreTheCodesTopicsAndEachMessageDescribesItsData() {
        Set<String> topics = Topics.ALL.stream().map(Topics.Topic::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names(asyncApi.path("channels"))).isEqualTo(topics);
        List<String> problems = new ArrayList<>();
        asyncApi.path("components").path("messages").forEach(message -> {
            String type = message.path("name").asText();
            JsonNode parts = message.path("payload").path("allOf");
            if (!parts.path(0).path("$ref").asText().equals("#/components/schemas/CloudEvent")
                    || !parts.path(1).path("properties").path("type").path("const").asText().equals(type)) {
                problems.add(type + ": payload is not the CloudEvent envelope of this type");
            }
            String data = parts.path(1).path("properties").path("data").path("$ref").asText();
            if (!data.equals("./events/" + type + ".json") || !Files.exists(ROOT.resolve("docs").resolve(data))) {
                problems.add(type + ": data is not docs/events/" + type + ".json");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void asyncApiAndTopicsPageAgreeOnTypesProducersAndConsumers() throws IOException {
        TopicsPage page = TopicsPage.read(ROOT.resolve("docs/topics.md"));
        assertThat(typesByChannel()).isEqualTo(page.types());
        assertThat(servicesByChannel("send", false)).as("producers of the suite").isEqualTo(page.producers());
        assertThat(servicesByChannel("receive", false)).as("consumers of the suite").isEqualTo(page.consumers());
        // a topic written only from outside the suite says so in both
        assertThat(servicesByChannel("send", true).keySet()).isEqualTo(page.outsideProducers());
    }

    @Test
    void producersAndConsumersAreWhatTheCodeWritesAndReads() throws IOException {
        Map<String, String> constants = new TreeMap<>();
        Matcher constant = TOPIC_CONSTANT.matcher(Files.readString(ROOT.resolve("platform/src/main/java/com/kaa/reports/platform/events/Topics.java")));
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        Map<String, Set<String>> writes = new TreeMap<>();
        Map<String, Set<String>> reads = new TreeMap<>();
        for (String service : SERVICES) {
            for (String source : sources(service).values()) {
                Matcher write = WRITES.matcher(source);
                while (write.find()) {
                    writes.computeIfAbsent(constants.get(write.group(1)), t -> new TreeSet<>()).add(service);
                }
            }
            Matcher read = READS.matcher(Files.readString(ROOT.resolve(service).resolve("src/main/resources/application.properties")));
            while (read.find()) {
                if (!read.group(1).endsWith(".dlq")) {
                    reads.computeIfAbsent(read.group(1), t -> new TreeSet<>()).add(service);
                }
            }
        }
        assertThat(servicesByChannel("send", false)).as("topics the services write through their outbox").isEqualTo(writes);
        assertThat(servicesByChannel("receive", false)).as("topics the services' consumers read").isEqualTo(reads);
    }

    /**
     * Every event type the code names is one of the document, and each type a service sends is named in its code (or in
     * platform's shared event records). The webhook channel's own types (ReportReady.v1 ...) are the payloads of HTTP
     * calls to a customer's endpoint, not Kafka events.
     */
    @Test
    void eventTypesAreTheCodesTypes() throws IOException {
        Map<String, Set<String>> named = new TreeMap<>();
        for (String module : Stream.concat(SERVICES.stream(), Stream.of("platform")).toList()) {
            Set<String> types = named.computeIfAbsent(module, m -> new TreeSet<>());
            sources(module).forEach((file, source) -> {
                if (!file.endsWith("WebhookChannel.java")) {
                    Matcher literal = TYPE_LITERAL.matcher(source);
                    while (literal.find()) {
                        types.add(literal.group(1));
                    }
                }
            });
        }
        Set<String> documented = new TreeSet<>();
        typesByChannel().values().forEach(documented::addAll);
        Set<String> all = new TreeSet<>();
        named.values().forEach(all::addAll);
        assertThat(documented).containsAll(all);
        List<String> unnamed = new ArrayList<>();
        for (String service : SERVICES) {
            for (String type : operations("send", service)) {
                if (!named.get(service).contains(type) && !named.get("platform").contains(type)) {
                    unnamed.add(service + " sends " + type + " but its code never names it");
                }
            }
        }
        assertThat(unnamed).isEmpty();
    }

    private Map<String, Set<String>> typesByChannel() {
        Map<String, Set<String>> types = new TreeMap<>();
        asyncApi.path("channels").fields().forEachRemaining(channel -> {
            Set<String> names = new TreeSet<>();
            channel.getValue().path("messages").forEach(ref -> names.add(message(ref).path("name").asText()));
            types.put(channel.getKey(), names);
        });
        return types;
    }

    /** Services (or, with outside, the outside producers) of each channel's operations of this action. */
    private Map<String, Set<String>> servicesByChannel(String action, boolean outside) {
        Map<String, Set<String>> services = new TreeMap<>();
        asyncApi.path("operations").forEach(op -> {
            if (op.path("action").asText().equals(action) && op.path("x-outside").asBoolean(false) == outside) {
                String channel = op.path("channel").path("$ref").asText().replace("#/channels/", "");
                services.computeIfAbsent(channel, c -> new TreeSet<>()).add(op.path("x-service").asText());
            }
        });
        return services;
    }

    private List<String> operations(String action, String service) {
        List<String> types = new ArrayList<>();
        asyncApi.path("operations").forEach(op -> {
            if (op.path("action").asText().equals(action) && op.path("x-service").asText().equals(service)) {
                op.path("messages").forEach(ref -> types.add(message(ref).path("name").asText()));
            }
        });
        return types;
    }

    /** A message reference of a channel or an operation, followed to components.messages. */
    private JsonNode message(JsonNode ref) {
        JsonNode node = asyncApi;
        for (String part : ref.path("$ref").asText().substring(2).split("/")) {
            node = node.path(part);
        }
        return node.has("$ref") ? message(node) : node;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A module's main Java sources by file name. */
    private static Map<String, String> sources(String module) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            Map<String, String> sources = new TreeMap<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file.toString(), Files.readString(file));
            }
            return sources;
        }
    }

    private static JsonNode yaml(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The two tables of docs/topics.md. */
    record TopicsPage(Map<String, Set<String>> types, Map<String, Set<String>> producers, Map<String, Set<String>> consumers,
                      Set<String> outsideProducers) {

        private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|(.*)\\|\\s*$", Pattern.MULTILINE);
        private static final Pattern TYPE = Pattern.compile("`([A-Z][A-Za-z]+\\.v\\d+)`");

        static TopicsPage read(Path file) throws IOException {
            String page = Files.readString(file);
            String[] sections = page.split("## Event types by topic");
            Map<String, Set<String>> producers = new TreeMap<>();
            Map<String, Set<String>> consumers = new TreeMap<>();
            Set<String> outside = new TreeSet<>();
            Matcher row = ROW.matcher(sections[0]);
            while (row.find()) {
                String[] cells = row.group(2).split("\\|");
                Set<String> suiteProducers = suiteServices(cells[3]);
                if (!suiteProducers.isEmpty()) {
                    producers.put(row.group(1), suiteProducers);
                }
                if (cells[3].contains("outside")) {
                    outside.add(row.group(1));
                }
                Set<String> suiteConsumers = suiteServices(cells[4]);
                if (!suiteConsumers.isEmpty()) {
                    consumers.put(row.group(1), suiteConsumers);
                }
            }
            Map<String, Set<String>> types = new TreeMap<>();
            Matcher typeRow = ROW.matcher(sections[1].split("\n## ")[0]);
            while (typeRow.find()) {
                Set<String> names = new TreeSet<>();
                Matcher type = TYPE.matcher(typeRow.group(2));
                while (type.find()) {
                    names.add(type.group(1));
                }
                types.put(typeRow.group(1), names);
            }
            return new TopicsPage(types, producers, consumers, outside);
        }

        /** The suite's services named in a cell; words in parentheses are outside readers or writers. */
        private static Set<String> suiteServices(String cell) {
            return Arrays.stream(cell.replaceAll("\\([^)]*\\)", "").split(","))
                    .map(String::trim).filter(SERVICES::contains).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
