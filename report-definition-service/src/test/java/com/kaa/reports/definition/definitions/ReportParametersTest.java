package com.kaa.reports.definition.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.definition.schedules.ScheduleDispatcher;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.hasItem;

/** Parameters: declared by a report or template, valued by a run, a schedule or a default, refused by name when wrong. */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class ReportParametersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SPEC = """
            {"columns":["method","status"],"groupBy":["method","status"],"aggregations":[{"fn":"sum","column":"amount","as":"volume"}],
             "filters":[{"column":"method","op":"eq","parameter":"method"},{"column":"status","op":"in","parameter":"statuses"},
                        {"column":"occurred_at","op":"between","parameter":"period"}]}""";
    static final String PARAMETERS = """
            [{"name":"method","label":"Payment method","type":"enum","allowedValues":["mpesa","card","bank"],"required":true},
             {"name":"statuses","label":"Statuses","type":"string","multiple":true},
             {"name":"period","label":"Period","type":"dateRange","default":"last_month"}]""";

    @Inject
    Pool pool;
    @Inject
    ScheduleDispatcher dispatcher;

    String org;
    Map<String, String> owner;

    @BeforeEach
    void organization() {
        TestDatasets.declarePayments(pool);
        org = "org-" + UUID.randomUUID();
        owner = TestIdentity.of(org, "alice", "analyst");
    }

    /** A POST refused with a 400 problem naming {@code field}. */
    void refused(String path, String body, String field) {
        given().headers(owner).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    String create(String spec, String parameters) {
        return given().headers(owner).contentType(ContentType.JSON).body("""
                        {"name":"Volume by method","type":"payments","querySpec":%s,"parameters":%s,"formats":["csv"],"status":"active"}"""
                        .formatted(spec, parameters))
                .post("/reports").then().statusCode(201).extract().path("id");
    }

    @Test
    void aReportDeclaresParametersAndBadDeclarationsAreNamed() {
        String id = create(SPEC, PARAMETERS);
        given().headers(owner).get("/reports/" + id).then().statusCode(200)
                .body("parameters.name", contains("method", "statuses", "period"))
                .body("parameters[0].allowedValues", contains("mpesa", "card", "bank"))
                .body("parameters[2].default", equalTo("last_month"))
                .body("querySpec.filters[0].parameter", equalTo("method"));

        String body = """
                {"name":"Bad","type":"payments","querySpec":%s,"parameters":%s,"formats":["csv"]}""";
        refused("/reports", body.formatted(SPEC, PARAMETERS.replace("\"dateRange\"", "\"period\"")), "parameters[2].type");
        refused("/reports", body.formatted(SPEC, "[]"), "querySpec.filters[0].parameter");
        // a number parameter on a text column
        refused("/reports", body.formatted(SPEC, PARAMETERS.replace("\"enum\",\"allowedValues\":[\"mpesa\",\"card\",\"bank\"]", "\"number\"")), "querySpec.filters[0].parameter");
        // an unknown field in a declaration is an error, not dropped
        given().headers(owner).contentType(ContentType.JSON).body(body.formatted(SPEC, PARAMETERS.replace("\"required\":true", "\"mandatory\":true")))
                .post("/reports").then().statusCode(400);

        // an update replaces the declarations, validated with the spec they go with
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"parameters\":[]}").patch("/reports/" + id)
                .then().statusCode(400).body("errors.field", hasItem("querySpec.filters[0].parameter"));
    }

    @Test
    void runNowBindsItsValuesOverDefaultsAndRefusesBadOnesByName() throws Exception {
        String id = create(SPEC, PARAMETERS);
        var accepted = given().headers(owner).contentType(ContentType.JSON)
                .body("{\"parameters\":{\"method\":\"card\",\"statuses\":[\"success\",\"failed\"]}}")
                .post("/reports/" + id + "/run").then().statusCode(202)
                .body("parameters.source", contains("run", "run", "default"))
                .body("parameters[2].value", equalTo("last_month")).extract();
        String request = accepted.path("executionRequestId");
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(Topics.EXECUTION_REQUESTS,
                Duration.ofMillis(500)).stream().filter(r -> request.equals(r.key())).findFirst().orElse(null), r -> r != null);
        EventSchemas.assertValid(record.value());
        JsonNode parameters = JSON.readTree(record.value()).path("data").path("parameters");
        assertThat(parameters.get(0).path("value").asText()).isEqualTo("card");
        assertThat(parameters.get(0).path("required").asBoolean()).isTrue();
        assertThat(parameters.get(1).path("value").toString()).isEqualTo("[\"success\",\"failed\"]");

        for (String[] bad : new String[][]{
                {"{\"method\":\"cash\"}", "parameters.method"},
                {"{\"method\":[\"mpesa\"]}", "parameters.method"},
                {"{\"method\":\"mpesa\",\"statuses\":\"success\"}", "parameters.statuses"},
                {"{\"method\":\"mpesa\",\"period\":{\"from\":\"2026-02-30\",\"to\":\"2026-03-01\"}}", "parameters.period"},
                {"{\"method\":\"mpesa\",\"county\":\"Nairobi\"}", "parameters.county"},
                {"{}", "parameters.method"}}) {
            refused("/reports/" + id + "/run", "{\"parameters\":" + bad[0] + "}", bad[1]);
        }
        // no parameters at all: the required method has no default
        refused("/reports/" + id + "/run", "{\"priority\":3}", "parameters.method");
    }

    @Test
    void eachScheduleRunsWithItsOwnValues() throws Throwable {
        String id = create(SPEC, PARAMETERS);
        String schedule = """
                {"frequency":"daily","time":"06:00","timeZone":"Africa/Nairobi","parameters":%s,
                 "recipients":[{"channel":"email","address":"finance@example.com"}]}""";
        String mpesa = given().headers(owner).contentType(ContentType.JSON).body(schedule.formatted("{\"method\":\"mpesa\"}"))
                .post("/reports/" + id + "/schedules").then().statusCode(201).body("parameters.method", equalTo("mpesa")).extract().path("id");
        String card = given().headers(owner).contentType(ContentType.JSON)
                .body(schedule.formatted("{\"method\":\"card\",\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\"}}"))
                .post("/reports/" + id + "/schedules").then().statusCode(201).extract().path("id");
        refused("/reports/" + id + "/schedules", schedule.formatted("{}"), "parameters.method");
        refused("/reports/" + id + "/schedules", schedule.formatted("{\"method\":\"cheque\"}"), "parameters.method");

        Instant slot = Instant.now().minusSeconds(5);
        for (String s : List.of(mpesa, card)) {
            pool.preparedQuery("update schedule set next_run_at = $2 where id = $1")
                    .execute(Tuple.of(UUID.fromString(s), slot.atOffset(ZoneOffset.UTC))).await().indefinitely();
        }
        VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatchOnce());
        Map<String, JsonNode> bySchedule = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> r : TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofMillis(500))) {
                JsonNode data = JSON.readTree(r.value()).path("data");
                String from = data.path("scheduleId").asText();
                if (from.equals(mpesa) || from.equals(card)) {
                    EventSchemas.assertValid(r.value());
                    bySchedule.put(from, data.path("parameters"));
                }
            }
            return bySchedule.size() == 2;
        });
        assertThat(bySchedule.get(mpesa).get(0).path("value").asText()).isEqualTo("mpesa");
        assertThat(bySchedule.get(mpesa).get(0).path("source").asText()).isEqualTo("schedule");
        assertThat(bySchedule.get(mpesa).get(2).path("value").asText()).isEqualTo("last_month");
        assertThat(bySchedule.get(card).get(0).path("value").asText()).isEqualTo("card");
        assertThat(bySchedule.get(card).get(2).path("value").path("to").asText()).isEqualTo("2026-01-31");
    }

    @Test
    void anAlertNamesAnOutputColumnOfTheReport() {
        String id = create(SPEC, PARAMETERS);
        String schedule = """
                {"frequency":"daily","time":"06:00","parameters":{"method":"mpesa"},"alert":%s,
                 "recipients":[{"channel":"email","address":"finance@example.com"}]}""";
        given().headers(owner).contentType(ContentType.JSON)
                .body(schedule.formatted("{\"fn\":\"sum\",\"column\":\"volume\",\"op\":\"gt\",\"threshold\":100000,\"onlyWhenChanged\":true}"))
                .post("/reports/" + id + "/schedules").then().statusCode(201)
                .body("alert.column", equalTo("volume")).body("alert.onlyWhenChanged", equalTo(true));
        given().headers(owner).contentType(ContentType.JSON).body(schedule.formatted("{\"fn\":\"rows\",\"op\":\"lt\",\"threshold\":1}"))
                .post("/reports/" + id + "/schedules").then().statusCode(201);
        for (String[] bad : new String[][]{
                {"{\"fn\":\"sum\",\"column\":\"amount\",\"op\":\"gt\",\"threshold\":1}", "alert.column"},
                {"{\"fn\":\"sum\",\"column\":\"status\",\"op\":\"gt\",\"threshold\":1}", "alert.column"},
                {"{\"fn\":\"median\",\"column\":\"volume\",\"op\":\"gt\",\"threshold\":1}", "alert.fn"},
                {"{\"fn\":\"rows\",\"op\":\"above\",\"threshold\":1}", "alert.op"},
                {"{\"fn\":\"rows\",\"op\":\"gt\"}", "alert.threshold"},
                {"{\"fn\":\"rows\",\"op\":\"lt\",\"threshold\":1},\"sendOnlyIfRows\":true", "sendOnlyIfRows"}}) {
            refused("/reports/" + id + "/schedules", schedule.formatted(bad[0]), bad[1]);
        }
    }

    @Test
    void aSchedulesMessageTemplatesAreCheckedAgainstItsReportWhenSaved() {
        String id = create(SPEC, PARAMETERS);
        String schedule = """
                {"frequency":"daily","time":"06:00","parameters":{"method":"mpesa"},"message":%s,
                 "recipients":[{"channel":"email","address":"finance@example.com"}]}""";
        given().headers(owner).contentType(ContentType.JSON).body(schedule.formatted(
                        "{\"subject\":\"{report.name}: {parameters.method} ({rowCount} rows)\",\"body\":\"{#if alert}{alert}{/if} See {files.csv}\"}"))
                .post("/reports/" + id + "/schedules").then().statusCode(201)
                .body("message.subject", equalTo("{report.name}: {parameters.method} ({rowCount} rows)"));
        for (String[] bad : new String[][]{
                {"{\"subject\":\"{parameters.county}\"}", "message.subject"},
                {"{\"body\":\"{files.pdf}\"}", "message.body"},
                {"{\"body\":\"{#for i in 100000000}x{/for}\"}", "message.body"},
                {"{\"subject\":\"{#if rowCount}unclosed\"}", "message.subject"}}) {
            refused("/reports/" + id + "/schedules", schedule.formatted(bad[0]), bad[1]);
            // a preview for the report checks what a create checks
            refused("/schedules/preview?reportId=" + id, schedule.formatted(bad[0]), bad[1]);
        }
        given().headers(owner).contentType(ContentType.JSON).body(schedule.formatted("{\"subject\":\"{report.name}\"}"))
                .queryParam("reportId", id).post("/schedules/preview").then().statusCode(200).body("status", equalTo("preview"));
        // another organization's report is not previewed against, nor is a colleague's private one: as if it did not exist
        String valid = schedule.formatted("{\"subject\":\"{report.name}\"}");
        given().headers(TestIdentity.of("org-other-" + id, "eve", "admin")).contentType(ContentType.JSON).body(valid)
                .queryParam("reportId", id).post("/schedules/preview").then().statusCode(404).contentType("application/problem+json");
        given().headers(TestIdentity.of(org, "bob", "analyst")).contentType(ContentType.JSON).body(valid)
                .queryParam("reportId", id).post("/schedules/preview").then().statusCode(oneOf(403, 404));
    }

    @Test
    void aChatRecipientMustBeTheChatsOwnIncomingWebhook() {
        String id = create(SPEC, PARAMETERS);
        String schedule = """
                {"frequency":"daily","time":"06:00","parameters":{"method":"mpesa"},"recipients":[{"channel":"%s","address":"%s"}]}""";
        given().headers(owner).contentType(ContentType.JSON).body(schedule.formatted("slack", "https://hooks.slack.com/services/T0/B0/x"))
                .post("/reports/" + id + "/schedules").then().statusCode(201).body("recipients[0].channel", equalTo("slack"));
        given().headers(owner).contentType(ContentType.JSON)
                .body(schedule.formatted("teams", "https://prod-27.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"))
                .post("/reports/" + id + "/schedules").then().statusCode(201);
        // not a way around the admin-only registration of webhooks: any other server is refused
        refused("/reports/" + id + "/schedules", schedule.formatted("slack", "https://erp.example.com/hooks"), "recipients[0].address");
        refused("/reports/" + id + "/schedules", schedule.formatted("teams", "http://prod-1.westeurope.logic.azure.com/x"), "recipients[0].address");
        refused("/reports/" + id + "/schedules", schedule.formatted("discord", "https://discord.com/api/webhooks/x"), "recipients[0].channel");
    }

    @Test
    void aChangeOfParametersThatWouldBreakALiveScheduleIsAConflict() {
        String id = create(SPEC, PARAMETERS);
        given().headers(owner).contentType(ContentType.JSON).body("""
                        {"frequency":"daily","time":"06:00","parameters":{"method":"card"},"recipients":[{"channel":"email","address":"a@example.com"}]}""")
                .post("/reports/" + id + "/schedules").then().statusCode(201);
        // card is no longer allowed: the schedule would fail every run
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"parameters\":" + PARAMETERS.replace("\"card\",", "") + "}")
                .patch("/reports/" + id).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("parameters.method"));
        // adding a value keeps it runnable
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"parameters\":" + PARAMETERS.replace("\"bank\"", "\"bank\",\"cash\"") + "}")
                .patch("/reports/" + id).then().statusCode(200);
    }

    @Test
    void aTemplatesParametersComeWithItsQuerySpec() {
        String template = given().headers(TestIdentity.of(org, "alice", "admin")).contentType(ContentType.JSON)
                .body("""
                        {"name":"Volume by method","category":"finance","type":"payments","querySpec":%s,"parameters":%s,"formats":["csv"]}"""
                        .formatted(SPEC, PARAMETERS))
                .post("/templates").then().statusCode(201).body("parameters.name", contains("method", "statuses", "period"))
                .extract().path("id");
        given().headers(owner).contentType(ContentType.JSON).body("{\"templateId\":\"" + template + "\"}").post("/reports")
                .then().statusCode(201).body("parameters.name", contains("method", "statuses", "period"));
    }
}
