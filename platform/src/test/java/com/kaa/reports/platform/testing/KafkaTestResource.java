package com.kaa.reports.platform.testing;

import com.kaa.reports.platform.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts one real Kafka broker per test JVM (see {@link KafkaBroker}) with every topic of the suite
 * and its dead-letter topic, plus any extra topics named in the {@code topics} init arg.
 * Tests reach the broker through {@link #broker()} to stop and restart it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;
    private String extraTopics = "";

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::kill, "kafka-test-broker-stop"));
            List<KafkaBroker.TopicSpec> topics = new ArrayList<>();
            for (Topics.Topic topic : Topics.ALL) {
                topics.add(new KafkaBroker.TopicSpec(topic.name(), 3, topic.compacted()));
                if (topic.consumed()) {
                    topics.add(new KafkaBroker.TopicSpec(topic.dlq(), 1, false));
                }
            }
            broker.createTopics(topics);
        }
        return broker;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        extraTopics = initArgs.getOrDefault("topics", "");
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker kafka = broker();
        List<KafkaBroker.TopicSpec> extra = Arrays.stream(extraTopics.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty())
                .flatMap(t -> List.of(new KafkaBroker.TopicSpec(t, 3, false), new KafkaBroker.TopicSpec(Topics.dlq(t), 1, false)).stream())
                .toList();
        kafka.createTopics(extra);
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker lives as long as the test JVM: later Quarkus boots of the same module reuse it
    }
}
