package com.kaa.reports.notification.webhooks;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

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
class WebhookRegistrationTest {

    @Test
    void internalAndMetadataAddressesAreRefusedAtRegistrationWithTheReason() {
        var who = TestIdentity.of("org-" + UUID.randomUUID(), "ops", "admin");
        // the test profile allow-lists 127.0.0.1 and localhost (for the fake receivers) and nothing else
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xA9FEA9FE/",
                "http://0251.0376.0251.0376/", "http://169.254.169.254./x", "http://127.1/", "http://10.0.0.1/hook",
                "http://172.16.5.4/hook", "http://192.168.0.1/hook", "http://100.64.0.1/hook", "http://0.0.0.0/hook",
                "http://224.0.0.1/hook", "http://255.255.255.255/hook", "http://[::1]/hook", "http://[::ffff:169.254.169.254]/hook",
                "http://[::ffff:a9fe:a9fe]/hook", "http://[::a9fe:a9fe]/hook", "http://[64:ff9b::a9fe:a9fe]/hook",
                "http://[2002:a9fe:a9fe::1]/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook", "http://[ff02::1]/hook")) {
            given().headers(who).contentType(ContentType.JSON).body("{\"url\":\"" + url + "\"}").post("/webhooks").then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                    .body("detail", containsString("url: "));
        }
        given().headers(who).contentType(ContentType.JSON).body("{\"url\":\"http://169.254.169.254/latest/meta-data/\"}").post("/webhooks")
                .then().body("detail", containsString("link-local"));
        given().headers(who).contentType(ContentType.JSON).body("{\"url\":\"http://0xA9FEA9FE/\"}").post("/webhooks")
                .then().body("detail", containsString("dotted quad"));
        given().headers(who).get("/webhooks").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void registeringAndRemovingAWebhookIsPublishedForTheOtherServices() {
        String organization = "org-" + UUID.randomUUID();
        var who = TestIdentity.of(organization, "ops", "admin");
        String url = "http://127.0.0.1:28090/hooks/" + organization;
        String id = given().headers(who).contentType(ContentType.JSON).body("{\"url\":\"" + url + "\"}").post("/webhooks")
                .then().statusCode(201).extract().path("id");
        given().headers(who).delete("/webhooks/" + id).then().statusCode(204);
        given().headers(who).delete("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> mine = TopicReader.readAll(Topics.WEBHOOKS, Duration.ofSeconds(1)).stream()
                    .filter(r -> r.key().equals(id)).toList();
            assertThat(mine).extracting(r -> io.restassured.path.json.JsonPath.from(r.value()).getString("type"))
                    .containsExactly("WebhookRegistered.v1", "WebhookRemoved.v1");
            for (ConsumerRecord<String, String> r : mine) {
                EventSchemas.assertValid(r.value());
                assertThat(io.restassured.path.json.JsonPath.from(r.value()).getString("organization")).isEqualTo(organization);
                assertThat(io.restassured.path.json.JsonPath.from(r.value()).getString("data.url")).isEqualTo(url);
            }
        });
    }

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @jakarta.inject.Inject
    WebhookBackfill backfill;

    // a webhook registered before registrations were published (migration V3 leaves it unannounced) is announced
    // once, so schedules may name it; without the backfill definition-service refused them after the upgrade
    @Test
    void aWebhookRegisteredBeforeRegistrationsWerePublishedIsAnnouncedOnce() {
        String organization = "org-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        pool.preparedQuery("insert into webhook_endpoint (id, organization, url, secret, announced) values ($1, $2, $3, 's', false)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id, organization, "https://hooks.example.com/" + organization))
                .await().indefinitely();
        assertThat(backfill.announcePending().await().indefinitely()).isGreaterThanOrEqualTo(1);
        assertThat(backfill.announcePending().await().indefinitely()).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> mine = TopicReader.readAll(Topics.WEBHOOKS, Duration.ofSeconds(1)).stream()
                    .filter(r -> r.key().equals(id.toString())).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).value()).contains("\"type\":\"WebhookRegistered.v1\"", organization);
            EventSchemas.assertValid(mine.get(0).value());
        });
    }
}
