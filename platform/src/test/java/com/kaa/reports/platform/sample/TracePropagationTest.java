package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from an HTTP request through the outbox, Kafka and the inbox: the consumer's span belongs
 * to the request's trace, and so does whatever the consumer's effect does after its first async step
 * (it would write its own events in that trace).
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
@TestProfile(TracePropagationTest.Tracing.class)
class TracePropagationTest {

    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "0.05s");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void theConsumerOfAnEventContinuesTheTraceOfTheRequestThatWroteIt() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String noteId = given().headers(TestIdentity.of("org-" + UUID.randomUUID(), "ana"))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType("application/json").body(Map.of("text", "traced"))
                .post("/notes").then().statusCode(200).extract().path("id");

        // the Kafka connector's span, from the record's traceparent header that the outbox relay set
        SpanData consumer = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("test.notes.v1 receive") && s.getTraceId().equals(traceId))
                .findFirst().orElse(null), s -> s != null);
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(traceId)).findFirst().orElseThrow();
        assertThat(server.getName()).isEqualTo("POST /notes");
        assertThat(consumer.getParentSpanId()).as("the consumer's parent is the request that wrote the event").isEqualTo(server.getSpanId());
        // the receive span ends when the record is handed to the method, which may be before its effect has written
        String traceAfterWrite = await().atMost(Duration.ofSeconds(10))
                .until(() -> NoteCopier.TRACE_AFTER_WRITE.get(UUID.fromString(noteId)), t -> t != null);
        assertThat(traceAfterWrite)
                .as("the effect still runs in the consumer's span after its database write (its own events join the trace)")
                .isEqualTo("00-" + traceId + "-" + consumer.getSpanId() + "-01");
    }
}
