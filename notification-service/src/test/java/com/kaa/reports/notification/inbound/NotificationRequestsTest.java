package com.kaa.reports.notification.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.Events;
import com.kaa.reports.notification.FakeProviders;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class NotificationRequestsTest {

    @BeforeAll
    static void providers() {
        FakeProviders.smtp();
    }

    @Test
    void anyServiceCanNotifyPeopleOnEveryChannel() {
        String organization = "org-" + UUID.randomUUID();
        String to = "it-" + organization.substring(4, 12) + "@client.example";
        ObjectNode event = Events.of("NotificationRequested.v1", organization);
        Events.recipients(event, "email", to, "sms", "0733 " + (100 + (int) (Math.random() * 899)) + " 456");
        TopicReader.send(Topics.NOTIFICATION_REQUESTS, "visit-1", event.toString());
        var who = TestIdentity.of(organization, "ops", "admin");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(who).get("/deliveries?status=sent").then()
                .body("total", equalTo(2)));
        assertThat(Arrays.stream(FakeProviders.smtp().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to) && m.getSubject().equals("Visit scheduled");
            } catch (Exception e) {
                return false;
            }
        })).hasSize(1);
    }

    @Test
    void aRequestWithoutTextGoesToTheDeadLetterTopic() {
        String organization = "org-" + UUID.randomUUID();
        ObjectNode event = Events.of("NotificationRequested.v1", organization);
        Events.data(event).remove("text");
        String id = event.get("id").asText();
        TopicReader.send(Topics.NOTIFICATION_REQUESTS, "bad-1", event.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(Topics.dlq(Topics.NOTIFICATION_REQUESTS),
                Duration.ofSeconds(1)).stream().anyMatch(r -> r.value().contains(id)));
        given().headers(TestIdentity.of(organization, "ops", "admin")).get("/deliveries").then().body("total", equalTo(0));
    }
}
