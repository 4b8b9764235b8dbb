package com.kaa.reports.notification.sms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.Events;
import com.kaa.reports.notification.FakeProviders;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class SmsDeliveryTest {

    @BeforeAll
    static void providers() {
        FakeProviders.smtp();
    }

    static List<FakeProviders.Request> smsTo(String number) {
        synchronized (FakeProviders.SMS) {
            return FakeProviders.SMS.stream().filter(r -> URLDecoder.decode(r.body(), StandardCharsets.UTF_8).contains("to=" + number)).toList();
        }
    }

    ObjectNode completed(String organization, String number) {
        ObjectNode event = Events.of("ExecutionCompleted.v1", organization);
        Events.recipients(event, "sms", number);
        return event;
    }

    @Test
    void aProvider500IsRetriedUntilItAcceptsAndTheNumberIsSentInE164() {
        String organization = "org-" + UUID.randomUUID();
        String local = "0712 " + (100 + (int) (Math.random() * 899)) + " 678";
        String e164 = "+254712" + local.substring(5, 8) + "678";
        FakeProviders.smsAnswers(500, 503);
        ObjectNode event = completed(organization, local);
        TopicReader.send(Topics.EXECUTIONS, Events.data(event).get("executionId").asText(), event.toString());
        var who = TestIdentity.of(organization, "ops", "admin");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(who).get("/deliveries").then()
                .body("items[0].status", equalTo("sent")).body("items[0].attempts", equalTo(3)));
        List<FakeProviders.Request> sent = smsTo(e164);
        assertThat(sent).hasSize(3);
        FakeProviders.Request last = sent.get(2);
        String form = URLDecoder.decode(last.body(), StandardCharsets.UTF_8);
        assertThat(form).contains("username=sandbox").contains("from=KAA")
                .contains("message=Kaa Reports: M-Pesa transaction analytics is ready (42 rows). http://127.0.0.1:8080/api/v1/downloads/");
        assertThat(last.header("apiKey")).isEqualTo("local-dev-key");
        String id = given().headers(who).get("/deliveries").then().extract().path("items[0].id");
        given().headers(who).get("/deliveries/" + id).then().body("attemptLog.outcome", equalTo(List.of("retry", "retry", "sent")))
                .body("attemptLog[0].providerStatus", equalTo(500)).body("address", equalTo(e164));
    }

    @Test
    void aProvider400IsNotRetriedAndPublishesDeliveryFailed() {
        String organization = "org-" + UUID.randomUUID();
        String number = "+2547" + (10_000_000 + (int) (Math.random() * 89_999_999));
        FakeProviders.smsAnswers(400);
        ObjectNode event = completed(organization, number);
        TopicReader.send(Topics.EXECUTIONS, Events.data(event).get("executionId").asText(), event.toString());
        var who = TestIdentity.of(organization, "ops", "admin");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(who).get("/deliveries").then()
                .body("items[0].status", equalTo("failed")).body("items[0].attempts", equalTo(1))
                .body("items[0].lastError", containsString("400")));
        assertThat(smsTo(number)).hasSize(1);
        String id = given().headers(who).get("/deliveries").then().extract().path("items[0].id");
        var failed = TopicReader.readAll(Topics.DELIVERIES, Duration.ofSeconds(2)).stream().filter(r -> r.key().equals(id)).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).value()).contains("DeliveryFailed.v1");
        EventSchemas.assertValid(failed.get(0).value());
    }

    @Test
    void anInvalidNumberFailsAtOnceWithoutCallingTheProvider() {
        String organization = "org-" + UUID.randomUUID();
        ObjectNode event = completed(organization, "12");
        TopicReader.send(Topics.EXECUTIONS, Events.data(event).get("executionId").asText(), event.toString());
        var who = TestIdentity.of(organization, "ops", "admin");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(who).get("/deliveries").then()
                .body("items[0].status", equalTo("failed")).body("items[0].attempts", equalTo(0))
                .body("items[0].lastError", containsString("not a valid phone number")));
        assertThat(smsTo("12")).isEmpty();
    }
}
