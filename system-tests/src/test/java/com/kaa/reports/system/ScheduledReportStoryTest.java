package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The story users judge the product by, on the running suite and only through the gateway: a report
 * scheduled for e-mail and SMS runs once, on time, and its recipients get a working download link;
 * the run is one trace from the dispatcher to the e-mail.
 */
@ExtendWith(Suite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduledReportStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORG = "sys-" + UUID.randomUUID().toString().substring(0, 8);
    private static String token;
    private static String reportId;

    @BeforeAll
    static void signIn() throws Exception {
        token = Suite.output(List.of(Suite.ROOT.resolve("deploy/local/token").toString(), "--org", ORG,
                "--roles", "admin,analyst", "--user", "ops@" + ORG + ".example"));
        RestAssured.baseURI = Suite.GATEWAY;
    }

    static RequestSpecification api() {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    @Test
    @Order(1)
    void aScheduledReportReachesItsRecipientsOnceWithAWorkingDownloadLink() throws Exception {
        // the dataset catalog reaches the definition service through Kafka shortly after start-up
        Map<String, Object> report = Map.of("name", "System story " + ORG, "type", "payments",
                "querySpec", Map.of("columns", List.of("status"), "groupBy", List.of("status"),
                        "aggregations", List.of(Map.of("fn", "count", "column", "*", "as", "payments"))),
                "formats", List.of("csv"), "status", "active");
        Response created = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api().body(report).post("/api/v1/reports"), r -> r.statusCode() != 400 || !r.asString().contains("dataset"));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        reportId = created.path("id");

        String email = "story-" + ORG + "@kaa.test";
        String phone = "+2547" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        OffsetDateTime runAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        Response schedule = api().body(Map.of("frequency", "once", "runAt", runAt.toString(), "timeZone", "Africa/Nairobi",
                        "recipients", List.of(Map.of("channel", "email", "address", email), Map.of("channel", "sms", "address", phone)),
                        "formats", List.of("csv"), "sendOnlyIfRows", false))
                .post("/api/v1/reports/" + reportId + "/schedules");
        assertThat(schedule.statusCode()).as(schedule.asString()).isEqualTo(201);

        JsonNode mail = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> mailsTo(email), m -> m.size() > 0).get(0);
        String body = mail.toString();
        assertThat(body).contains("System story " + ORG);
        await().atMost(Duration.ofSeconds(60)).until(() -> sms().stream().anyMatch(m -> m.contains(phone.substring(1))));

        // the link in the mail downloads the file through the gateway, without a token (it is signed)
        Matcher link = Pattern.compile("(http://127\\.0\\.0\\.1:8080/api/v1/downloads/[^\"\\s<>\\\\]+)").matcher(body.replace("\\u0026", "&").replace("&amp;", "&"));
        assertThat(link.find()).as("download link in %s", body).isTrue();
        HttpResponse<String> file = HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        // a UTF-8 byte order mark first, so spreadsheet programs read the accents right
        assertThat(file.body()).startsWith("\uFEFFstatus,payments");

        // once: no second mail for the slot, and the report counts one run
        Thread.sleep(3_000);
        assertThat(mailsTo(email)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response r = api().get("/api/v1/reports/" + reportId);
            assertThat(r.<Integer>path("runCount")).isEqualTo(1);
            assertThat(r.<String>path("lastRunStatus")).isEqualTo("completed");
        });

        // one trace from the dispatcher's fire to the e-mail's send, across three services
        FakeCollector.ReceivedSpan delivery = await().atMost(Duration.ofSeconds(30)).until(() -> Suite.collector().all().stream()
                .filter(s -> s.name().equals("deliver email")).findFirst().orElse(null), s -> s != null);
        Set<String> path = Suite.collector().trace(delivery.traceId()).stream().map(s -> s.service() + ": " + s.name())
                .collect(Collectors.toSet());
        assertThat(path).contains("report-definition-service: dispatch schedule", "report-execution-service: execute report",
                "notification-service: deliver email");
    }

    @Test
    @Order(2)
    void aRunNowRequestIsOneTraceThroughGatewayDefinitionExecutionAndNotification() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Response accepted = api().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(Map.of("formats", List.of("json"))).post("/api/v1/reports/" + reportId + "/run");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);

        Set<String> services = Set.of("gateway", "report-definition-service", "report-execution-service", "notification-service");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Suite.collector().trace(traceId).stream().map(FakeCollector.ReceivedSpan::service).collect(Collectors.toSet()))
                        .as("services with spans in trace %s: %s", traceId, Suite.collector().trace(traceId))
                        .containsAll(services));
        List<FakeCollector.ReceivedSpan> trace = Suite.collector().trace(traceId);
        assertThat(trace).anyMatch(s -> s.service().equals("gateway") && s.kind().equals("SPAN_KIND_SERVER"));
        assertThat(trace).anyMatch(s -> s.service().equals("report-execution-service") && s.name().equals("execute report"));
    }

    @Test
    @Order(3)
    void theDashboardAndTheAlertsReadOnlyMetricsTheRunningServicesExport() throws Exception {
        // activity behind the metrics that only exist once something happened: a refused call, a cached list
        assertThat(RestAssured.given().get("/api/v1/reports").statusCode()).isEqualTo(401);
        for (int i = 0; i < 2; i++) {
            assertThat(api().get("/api/v1/inventory/visit-reports").statusCode()).isEqualTo(200);
        }
        Set<String> exported = new java.util.TreeSet<>();
        for (int port : Suite.PORTS.values()) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
        }
        Set<String> referenced = MetricReferences.inDeployment(Suite.ROOT.resolve("deploy/k8s"));
        assertThat(referenced).hasSizeGreaterThan(15);
        assertThat(exported).as("metrics of the dashboard and alert rules that no running service exports")
                .containsAll(referenced);
    }

    private static List<JsonNode> mailsTo(String address) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:3080/api/user/" + address + "/messages/")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return List.of();
        }
        JsonNode messages = JSON.readTree(r.body());
        return messages.isArray() ? List.copyOf(toList(messages)) : List.of();
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static List<String> sms() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:3090/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> !l.isBlank()).toList();
    }
}
