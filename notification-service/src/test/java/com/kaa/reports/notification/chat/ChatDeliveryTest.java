package com.kaa.reports.notification.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.Events;
import com.kaa.reports.notification.FakeProviders;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.ChatPayloads;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;

/** Slack and Teams incoming webhooks: their documented payloads, once per recipient, refusals kept in the log. */
@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class ChatDeliveryTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void providers() {
        FakeProviders.smtp();
    }

    static List<FakeProviders.Request> chats(String path) {
        synchronized (FakeProviders.CHATS) {
            return FakeProviders.CHATS.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    @Test
    void aFinishedReportReachesSlackAndTeamsOnceEachInTheirOwnShape() throws Exception {
        String organization = "org-" + UUID.randomUUID();
        String slack = "/slack/services/T000/B000/" + organization.substring(4, 12);
        String teams = "/teams/workflows/" + organization.substring(4, 12);
        ObjectNode event = Events.of("ExecutionCompleted.v1", organization);
        Events.recipients(event, "slack", FakeProviders.BASE + slack, "teams", FakeProviders.BASE + teams);
        Events.outputs(event).addObject().put("format", "csv").put("size", 120).put("contentType", "text/csv; charset=utf-8")
                .put("downloadUrl", "https://reports.example.com/api/v1/files/abc.csv?sig=1&exp=2").put("expiresAt", "2026-11-27T10:15:30Z")
                .put("sha256", "0".repeat(64)).put("rowCount", 42);
        Events.data(event).putArray("parameters").addObject().put("name", "county").put("label", "County").put("type", "string")
                .put("value", "<!channel> Nairobi & co [Sign in](https://evil.example) *now*").put("source", "schedule");
        String executionId = Events.data(event).get("executionId").asText();
        TopicReader.send(Topics.EXECUTIONS, executionId, event.toString());
        TopicReader.send(Topics.EXECUTIONS, executionId, event.toString());   // redelivered

        await().atMost(Duration.ofSeconds(20)).until(() -> chats(slack).size() == 1 && chats(teams).size() == 1);
        Thread.sleep(1_000);
        assertThat(chats(slack)).hasSize(1);
        assertThat(chats(teams)).hasSize(1);

        String slackBody = chats(slack).get(0).body();
        assertThat(ChatPayloads.slack(slackBody)).isEmpty();
        JsonNode message = JSON.readTree(slackBody);
        assertThat(message.path("blocks").get(0).path("text").path("text").asText()).isEqualTo("Report ready: M-Pesa transaction analytics");
        // a value cannot mention everyone in the channel: Slack's control characters are escaped
        assertThat(slackBody).contains("&lt;!channel&gt; Nairobi &amp; co").doesNotContain("<!channel>");
        assertThat(message.path("blocks").get(1).path("fields").get(0).path("verbatim").asBoolean()).isTrue();
        assertThat(message.path("blocks").get(2).path("elements").get(0).path("url").asText())
                .isEqualTo("https://reports.example.com/api/v1/files/abc.csv?sig=1&exp=2");

        String teamsBody = chats(teams).get(0).body();
        assertThat(ChatPayloads.teams(teamsBody)).isEmpty();
        JsonNode card = JSON.readTree(teamsBody).path("attachments").get(0).path("content");
        assertThat(card.path("body").get(1).path("facts").findValuesAsText("title")).contains("Rows", "County");
        assertThat(card.path("actions").get(0).path("title").asText()).isEqualTo("Download CSV");
        // Adaptive Card text is Markdown: what makes a link or emphasis is escaped
        assertThat(teamsBody).contains("\\\\[Sign in\\\\]\\\\(https://evil.example\\\\) \\\\*now\\\\*");

        given().headers(TestIdentity.of(organization, "ops", "admin")).queryParam("executionId", executionId).get("/deliveries")
                .then().statusCode(200).body("items.channel", containsInAnyOrder("slack", "teams"))
                .body("items.status", containsInAnyOrder("sent", "sent"));
    }

    @Test
    void anAddressInsideTheClusterIsRefusedAndAFailureGoesToChatsToo() {
        String organization = "org-" + UUID.randomUUID();
        String teams = "/teams/workflows/failed-" + organization.substring(4, 12);
        ObjectNode event = Events.of("ExecutionFailed.v1", organization);
        Events.recipients(event, "slack", "http://169.254.169.254/latest/meta-data", "teams", FakeProviders.BASE + teams, "email",
                "ops@example.com");
        Events.data(event).putObject("error").put("message", "the query ran longer than the execution timeout").put("type", "ExecutionFailure");
        TopicReader.send(Topics.EXECUTIONS, Events.data(event).get("executionId").asText(), event.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> chats(teams).size() == 1);
        assertThat(chats(teams).get(0).body()).contains("Report failed", "the query ran longer than the execution timeout");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(TestIdentity.of(organization, "ops", "admin"))
                .queryParam("channel", "slack").get("/deliveries").then().statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("failed")));
    }
}
