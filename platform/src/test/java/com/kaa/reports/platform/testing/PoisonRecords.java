package com.kaa.reports.platform.testing;

import com.kaa.reports.platform.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rule for every consumer of the suite: a record it can never apply goes to {@code <topic>.dlq} with the reason,
 * and the next record is applied; the service stays ready. A service's test calls {@link #assertSkipped} for each
 * topic it consumes.
 */
public final class PoisonRecords {

    /** Records no consumer can read: not JSON, not an object, a CloudEvent without type or data. */
    public static final List<String> UNREADABLE = List.of("{not json", "[1,2,3]", "\"text\"",
            "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/x\"}");

    private PoisonRecords() {
    }

    private static String abbreviate(String value) {
        return value == null || value.length() < 60 ? value : value.substring(0, 60) + "...";
    }

    /**
     * Sends each poison record (keyed by a fresh id), then the good one; asserts that every poison lands on the
     * topic's DLQ with a dead-letter-reason header, that {@code applied} becomes true, and that readiness is UP.
     */
    public static void assertSkipped(String topic, List<String> poisons, String goodKey, String good, Callable<Boolean> applied) {
        List<String> keys = poisons.stream().map(p -> "poison-" + UUID.randomUUID()).toList();
        for (int i = 0; i < poisons.size(); i++) {
            TopicReader.send(topic, keys.get(i), poisons.get(i));
        }
        TopicReader.send(topic, goodKey, good);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(applied);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> dead = TopicReader.readAll(Topics.dlq(topic), Duration.ofSeconds(1));
            for (String key : keys) {
                ConsumerRecord<String, String> record = dead.stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
                assertThat(record).as("poison record %s on %s (it holds %s)", key, Topics.dlq(topic),
                        dead.stream().map(r -> r.key() + "=" + abbreviate(r.value())).toList()).isNotNull();
                assertThat(record.headers().lastHeader("dead-letter-reason")).as("reason of %s", key).isNotNull();
                assertThat(new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)).isNotBlank();
            }
        });
        given().get("/q/health/ready").then().statusCode(200);
    }
}
