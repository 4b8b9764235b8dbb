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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
    private static final String MPESA_TEMPLATE = "00000000-0000-4000-8000-000000000002";

    @BeforeAll
    static void signIn() throws Exception {
        token = Suite.token(ORG, "ops@" + ORG + ".example", "admin,analyst");
    }

    static RequestSpecification api() {
        return Suite.as(token);
    }

    @Test
    @Order(1)
    void anMpesaReportScheduledAheadReachesItsRecipientsOnceWithTheRightNumbers() throws Exception {
        // Kaa events for this organization, through the ingestion topics, as the Kaa platform sends them
        MpesaData data = MpesaData.publish(ORG, 3_000, "127.0.0.1:9092");
        long published = data.payments.size();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> ingestedPayments() == published);

        // a report from the system template, scheduled a few seconds ahead for e-mail and SMS
        Response created = api().body(Map.of("templateId", MPESA_TEMPLATE, "name", "M-Pesa story " + ORG))
                .post("/api/v1/reports");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        reportId = created.path("id");
        assertThat(created.<List<String>>path("formats")).contains("xlsx", "csv");
        String email = "finance-" + ORG + "@kaa.test";
        String phone = "+2547" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        OffsetDateTime runAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        Response schedule = api().body(Map.of("frequency", "once", "runAt", runAt.toString(), "timeZone", "Africa/Nairobi",
                        "recipients", List.of(Map.of("channel", "email", "address", email), Map.of("channel", "sms", "address", phone))))
                .post("/api/v1/reports/" + reportId + "/schedules");
        assertThat(schedule.statusCode()).as(schedule.asString()).isEqualTo(201);
        LocalDate today = runAt.atZoneSameInstant(MpesaData.NAIROBI).toLocalDate();

        // progress over server-sent events until the execution ends
        String executionId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> api().queryParam("reportId", reportId).get("/api/v1/executions").<String>path("items[0].id"), id -> id != null);
        List<JsonNode> events = executionEvents(executionId);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1).path("status").asText()).isEqualTo("completed");
        long fireLagMs = Duration.between(runAt.toInstant(), OffsetDateTime.parse(events.get(events.size() - 1).path("startedAt").asText()).toInstant()).toMillis();

        // the e-mail, with the XLSX attached (and the SMS)
        JsonNode mail = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Sinks.mailsTo(email), m -> m.size() > 0).get(0);
        assertThat(mail.path("subject").asText()).isEqualTo("Report ready: M-Pesa story " + ORG);
        assertThat(mail.path("mimeMessage").asText()).contains("Content-Disposition: attachment; filename=\"M-Pesa story " + ORG + ".xlsx\"");
        await().atMost(Duration.ofSeconds(60)).until(() -> Sinks.sms().stream().anyMatch(m -> m.contains(phone.substring(1))));

        // the CSV through a signed URL (fetched without a token), with exactly the numbers of the published events
        String url = api().queryParam("format", "csv").get("/api/v1/executions/" + executionId + "/download-url").path("url");
        HttpResponse<String> file = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        List<String> lines = file.body().replace("\uFEFF", "").lines().toList();
        // labels, as in the XLSX and PDF (the aggregations' labels are their names)
        assertThat(lines.get(0)).isEqualTo("Day,transactions,successful,failed,success_rate,volume_kes,average_kes");
        Map<LocalDate, MpesaData.Day> actual = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            actual.put(LocalDate.parse(c[0]), new MpesaData.Day(Long.parseLong(c[1]), Long.parseLong(c[2]), Long.parseLong(c[3]),
                    new java.math.BigDecimal(c[5]).setScale(2)));
        }
        Map<LocalDate, MpesaData.Day> expected = data.lastThirtyDaysByDay(today);
        expected.replaceAll((day, d) -> new MpesaData.Day(d.transactions(), d.successful(), d.failed(), d.volume().setScale(2)));
        assertThat(actual).isEqualTo(expected);
        // a tampered signature and an expired link are refused
        assertThat(Suite.statusOf(url.replace("sig=", "sig=x"))).isIn(401, 403);

        // once: one execution, one mail, one run counted, whatever the retries and replicas
        Thread.sleep(3_000);
        assertThat(Sinks.mailsTo(email)).hasSize(1);
        assertThat(api().queryParam("reportId", reportId).get("/api/v1/executions").<Integer>path("total")).isEqualTo(1);
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
        System.out.printf("[story] %d payments ingested; %d days, %d M-Pesa payments expected and found; fire lag %d ms; "
                + "SSE events %d; e-mails 1, SMS 1, duplicates 0%n", published, expected.size(),
                expected.values().stream().mapToLong(MpesaData.Day::transactions).sum(), fireLagMs, events.size());
    }

    private static long ingestedPayments() {
        Response preview = api().body(Map.of("querySpec", Map.of("columns", List.of("method"), "groupBy", List.of("method"),
                "aggregations", List.of(Map.of("fn", "count", "column", "*", "as", "n")))))
                .post("/api/v1/datasets/payments/preview");
        if (preview.statusCode() != 200) {
            return -1;
        }
        List<Number> counts = preview.path("rows.n");
        return counts.stream().mapToLong(Number::longValue).sum();
    }

    /** Reads the execution's server-sent events through the gateway until the stream ends. */
    private static List<JsonNode> executionEvents(String executionId) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(
                        URI.create(Suite.GATEWAY + "/api/v1/executions/" + executionId + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : (Iterable<String>) stream.body()::iterator) {
            if (line.startsWith("data:")) {
                events.add(JSON.readTree(line.substring(5).trim()));
            }
        }
        return events;
    }

    @Test
    @Order(2)
    void aRunNowRequestIsOneTraceThroughGatewayDefinitionExecutionAndNotification() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Response accepted = api().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(Map.of("formats", List.of("json"))).post("/api/v1/reports/" + reportId + "/run");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);

        Set<String> services = Set.of("gateway", "report-definition-service", "report-execution-service", "notification-service");
        // spans are exported in batches as they end: the notification service may report its part of the trace
        // (it consumes the Started event) before the execution's own span, which ends with the run, has been exported
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<FakeCollector.ReceivedSpan> trace = Suite.collector().trace(traceId);
            assertThat(trace.stream().map(FakeCollector.ReceivedSpan::service).collect(Collectors.toSet()))
                    .as("services with spans in trace %s: %s", traceId, trace)
                    .containsAll(services);
            assertThat(trace).anyMatch(s -> s.service().equals("gateway") && s.kind().equals("SPAN_KIND_SERVER"));
            assertThat(trace).anyMatch(s -> s.service().equals("report-execution-service") && s.name().equals("execute report"));
        });
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
        // every process, replicas included, as Prometheus scrapes every pod (work lands on either replica)
        for (int port : Suite.processPorts()) {
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
}
