package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.platform.testing.ChatPayloads;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Your first parameterised report and alert" (report-definition-service README), as a client does it through the
 * gateway: one report with a county parameter, two schedules (two counties) each with an alert, delivered to e-mail
 * and a Slack-shaped receiver. The county whose alert holds is told, with its own rows; the other is not.
 */
@ExtendWith(Suite.class)
class ParameterisedAlertStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORG = "par-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void twoCountiesTwoSchedulesAndOnlyTheAlertThatHoldsIsDelivered() throws Exception {
        String token = Suite.token(ORG, "ops@" + ORG + ".example", "analyst");
        MpesaData data = MpesaData.publish(ORG, 50, "127.0.0.1:9092");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> listings(token).values().stream()
                .mapToLong(Long::longValue).sum() == data.properties.size());
        List<String> counties = listings(token).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(Map.Entry::getKey).limit(2).toList();
        String told = counties.get(0);
        String quiet = counties.get(1);

        Response created = api(token).body("""
                {"name":"Occupancy by county","type":"properties","formats":["csv","xlsx"],"status":"active",
                 "querySpec":{"columns":["county","type"],"groupBy":["county","type"],
                              "aggregations":[{"fn":"count","column":"*","as":"listings"},{"fn":"avg","column":"occupancy","as":"occupancy"}],
                              "filters":[{"column":"county","op":"eq","parameter":"county"}],"sort":[{"column":"type"}]},
                 "parameters":[{"name":"county","label":"County","type":"enum","valuesFrom":"county","required":true}]}""")
                .post("/api/v1/reports");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String report = created.path("id");

        // bad values are refused by name, through the gateway, before anything runs
        Response wrongType = api(token).body("{\"parameters\":{\"county\":5}}").post("/api/v1/reports/" + report + "/run");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.contentType()).startsWith("application/problem+json");
        assertThat(wrongType.<List<String>>path("errors.field")).contains("parameters.county");
        assertThat(api(token).body("{\"parameters\":{\"country\":\"Kenya\"}}").post("/api/v1/reports/" + report + "/run")
                .<List<String>>path("errors.field")).contains("parameters.country");
        // a county the data does not have is refused when it runs: followed by the link the run answers
        Response atlantis = api(token).body("{\"parameters\":{\"county\":\"Atlantis\"}}").post("/api/v1/reports/" + report + "/run");
        assertThat(atlantis.statusCode()).isEqualTo(202);
        String follow = atlantis.header("Location");
        String failure = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> Suite.as(token)
                .get(URI.create(follow).getRawPath() + "?" + URI.create(follow).getRawQuery()).<String>path("items[0].error.message"), m -> m != null);
        assertThat(failure).contains("parameters.county", "'Atlantis'");

        try (ChatReceiver slack = new ChatReceiver()) {
            String at = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(8).truncatedTo(ChronoUnit.SECONDS).toString();
            String toldMail = "told-" + ORG + "@kaa.test";
            String quietMail = "quiet-" + ORG + "@kaa.test";
            schedule(token, report, at, told, toldMail, slack.url("told"), Map.of("fn", "rows", "op", "gte", "threshold", 1));
            schedule(token, report, at, quiet, quietMail, slack.url("quiet"),
                    Map.of("fn", "min", "column", "occupancy", "op", "lt", "threshold", -1, "onlyWhenChanged", true));

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> api(token).queryParam("reportId", report)
                    .queryParam("status", "completed").get("/api/v1/executions").<Integer>path("total") == 2);
            Response executions = api(token).queryParam("reportId", report).queryParam("status", "completed").get("/api/v1/executions");
            for (int i = 0; i < 2; i++) {
                String county = executions.path("items[" + i + "].parameters[0].value");
                boolean isTold = county.equals(told);
                assertThat(executions.<String>path("items[" + i + "].parameters[0].source")).isEqualTo("schedule");
                assertThat(executions.<Boolean>path("items[" + i + "].alert.holds")).isEqualTo(isTold);
                assertThat(executions.<Boolean>path("items[" + i + "].alert.notified")).isEqualTo(isTold);
                // each schedule's own rows: only its county
                Set<String> inFile = csv(token, executions.path("items[" + i + "].id")).stream().skip(1)
                        .map(line -> line.split(",")[0]).collect(Collectors.toSet());
                assertThat(inFile).containsExactly(county);
            }

            JsonNode mail = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Sinks.mailsTo(toldMail), m -> !m.isEmpty()).get(0);
            assertThat(mail.path("mimeMessage").asText()).contains("County: " + told, "Alert: the row count is");
            await().atMost(Duration.ofSeconds(30)).until(() -> slack.messages("told").size() == 1);
            String message = slack.messages("told").get(0);
            assertThat(ChatPayloads.slack(message)).isEmpty();
            assertThat(JSON.readTree(message).path("text").asText()).contains("Alert: Occupancy by county", "County: " + told);

            Thread.sleep(3_000);
            assertThat(Sinks.mailsTo(toldMail)).hasSize(1);
            assertThat(slack.messages("told")).hasSize(1);
            assertThat(Sinks.mailsTo(quietMail)).isEmpty();
            assertThat(slack.messages("quiet")).isEmpty();
            assertThat(slack.refused()).isEmpty();
            System.out.printf("[parameters story] %s told (e-mail 1, Slack 1), %s quiet (0, 0); bad values refused by name%n", told, quiet);
        }
    }

    private static RequestSpecification api(String token) {
        return Suite.as(token);
    }

    private static void schedule(String token, String report, String at, String county, String mail, String slack,
                                 Map<String, Object> alert) {
        Response schedule = api(token).body(Map.of("frequency", "once", "runAt", at, "parameters", Map.of("county", county),
                        "alert", alert, "recipients", List.of(Map.of("channel", "email", "address", mail),
                                Map.of("channel", "slack", "address", slack))))
                .post("/api/v1/reports/" + report + "/schedules");
        assertThat(schedule.statusCode()).as(schedule.asString()).isEqualTo(201);
    }

    /** Listings per county, as the dataset has them now. */
    private static Map<String, Long> listings(String token) {
        Response preview = api(token).body(Map.of("querySpec", Map.of("columns", List.of("county"), "groupBy", List.of("county"),
                "aggregations", List.of(Map.of("fn", "count", "column", "*", "as", "n"))))).post("/api/v1/datasets/properties/preview");
        if (preview.statusCode() != 200) {
            return Map.of();
        }
        List<Map<String, Object>> rows = preview.path("rows");
        return rows.stream().collect(Collectors.toMap(r -> (String) r.get("county"), r -> ((Number) r.get("n")).longValue()));
    }

    private static List<String> csv(String token, String execution) throws Exception {
        String url = api(token).queryParam("format", "csv").get("/api/v1/executions/" + execution + "/download-url").path("url");
        HttpResponse<String> file = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        return file.body().replace("\uFEFF", "").lines().toList();
    }
}
