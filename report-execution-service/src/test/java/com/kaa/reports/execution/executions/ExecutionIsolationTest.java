package com.kaa.reports.execution.executions;

import com.kaa.reports.execution.datasets.Preview;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * Another organization's admin, holding this organization's ids, finds nothing: every operation on an execution
 * answers exactly as for an id that exists nowhere (404 problem+json), including the event stream, which must answer
 * before it starts. The dataset catalog is shared and read-only.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class ExecutionIsolationTest {

    private static final String SPEC = "{\"columns\":[\"id\",\"status\"]}";

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    private final String org = "org-" + UUID.randomUUID();
    private final Map<String, String> alice = TestIdentity.of(org, "alice", "admin");
    private final Map<String, String> eve = TestIdentity.of("org-" + UUID.randomUUID(), "eve", "admin");
    private UUID report;
    private String id;

    @BeforeEach
    void aCompletedExecution() {
        TopicReader.send("kaa.payments.v1", "pay-isolated", "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"source\":\"/kaa/payments\",\"type\":\"PaymentRecorded.v1\",\"organization\":\"" + org + "\",\"data\":"
                + "{\"id\":\"pay-isolated\",\"payerId\":\"usr-1\",\"method\":\"mpesa\",\"amount\":\"100.00\",\"status\":\"success\","
                + "\"occurredAt\":\"2026-01-15T09:30:00Z\",\"updatedAt\":\"2026-01-15T09:30:00Z\"}}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Preview.count(org, "payments", "pay-isolated") == 1);
        report = UUID.randomUUID();
        Requests.send(org, report, "payments", SPEC, List.of("csv"), 5, r -> {
        });
        id = Requests.awaitStatus(org, report, "completed");
    }

    @Test
    void anotherOrganizationsAdminFindsNoneOfTheExecutionsOperations() {
        findsNoneOfTheExecutionsOperations(eve);
        given().headers(eve).get("/executions/stats").then().statusCode(200);

        String link = given().headers(alice).queryParam("format", "csv").get("/executions/" + id + "/download-url")
                .then().statusCode(200).extract().<String>path("url").replace("http://127.0.0.1:8080/api/v1", "");
        given().headers(eve).get(link).then().statusCode(403).contentType("application/problem+json");

        // the rows stay the organization's: the same query over the shared catalog finds none of them for eve
        String byId = "{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"pay-isolated\"}]}";
        given().headers(eve).contentType(ContentType.JSON).body("{\"querySpec\":" + byId + "}").post("/datasets/payments/preview")
                .then().statusCode(200).body("rows", empty());
        assertThat(Preview.rows(org, "payments", byId)).hasSize(1);
    }

    @Test
    void anotherUsersPrivateReportsExecutionsAreNotTheirsUnlessTheyAreAdmin() throws Exception {
        Map<String, String> olive = TestIdentity.of(org, "olive", "analyst");
        Map<String, String> bob = TestIdentity.of(org, "bob", "analyst");
        // the report is olive's and private, as report-definition-service publishes it
        reportEvent("ReportDefinitionCreated.v1", "{\"owner\":\"olive\",\"name\":\"Mine\",\"dataset\":\"payments\","
                + "\"status\":\"active\",\"visibility\":\"private\",\"definitionVersion\":1}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> notFound(given().headers(bob).get("/executions/" + id)));
        findsNoneOfTheExecutionsOperations(bob);
        // its owner and the organization's admins see it, as they see the report
        given().headers(olive).get("/executions/" + id).then().statusCode(200);
        given().headers(olive).queryParam("format", "csv").get("/executions/" + id + "/download-url").then().statusCode(200);
        given().headers(alice).queryParam("reportId", report.toString()).get("/executions").then().statusCode(200)
                .body("total", equalTo(1));

        // shared with the organization: everyone in it sees the runs; an older event arriving late changes nothing
        reportEvent("ReportDefinitionUpdated.v1", "{\"name\":\"Mine\",\"dataset\":\"payments\",\"status\":\"active\","
                + "\"visibility\":\"organization\",\"definitionVersion\":2}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().headers(bob).get("/executions/" + id).then().statusCode(200));
        reportEvent("ReportDefinitionUpdated.v1", "{\"name\":\"Mine\",\"dataset\":\"payments\",\"status\":\"active\","
                + "\"visibility\":\"private\",\"definitionVersion\":1}");
        reportEvent("ReportDefinitionDeleted.v1", "{\"deletedAt\":\"2026-12-06T00:00:00Z\"}");
        UUID later = UUID.randomUUID();   // an event after both, on the same partition: once it is applied, they were too
        TopicReader.send("reports.definitions.v1", report.toString(), Requests.envelope(org, data(later, "{\"owner\":\"bob\","
                + "\"name\":\"Other\",\"dataset\":\"payments\",\"status\":\"active\",\"visibility\":\"private\","
                + "\"definitionVersion\":1}"), "ReportDefinitionCreated.v1").toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> visibility(later) != null);
        assertThat(visibility(report)).isEqualTo("organization");
        given().headers(bob).get("/executions/" + id).then().statusCode(200);
    }

    @Test
    void theSharedDatasetCatalogIsReadOnly() {
        given().headers(eve).get("/datasets").then().statusCode(200);
        given().headers(eve).get("/datasets/payments").then().statusCode(200).body("name", equalTo("payments"));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            given().headers(eve).contentType(ContentType.JSON).body("{}").request(method, "/datasets/payments")
                    .then().statusCode(anyOf(is(403), is(405))).contentType("application/problem+json");
            given().headers(eve).contentType(ContentType.JSON).body("{}").request(method, "/datasets")
                    .then().statusCode(anyOf(is(403), is(405))).contentType("application/problem+json");
        }
    }

    @Test
    void theEventStreamOfAnUnknownMalformedOrForeignExecutionIsA404BeforeItStarts() {
        notFound(given().headers(alice).get("/executions/" + UUID.randomUUID() + "/events"));
        notFound(given().headers(alice).get("/executions/not-an-id/events"));
        notFound(given().headers(eve).get("/executions/" + id + "/events"));
        given().headers(alice).get("/executions/" + id + "/events").then().statusCode(200)
                .contentType("text/event-stream").body(containsString("\"status\":\"completed\""));
    }

    private String visibility(UUID reportId) throws java.sql.SQLException {
        try (var c = database.getConnection(); var q = c.prepareStatement("select visibility from report_access where report_id = ?")) {
            q.setObject(1, reportId);
            try (var rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** An event of report-definition-service about this test's report (key: the report id, as it publishes them). */
    private void reportEvent(String type, String fields) {
        TopicReader.send("reports.definitions.v1", report.toString(), Requests.envelope(org, data(report, fields), type).toString());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode data(UUID reportId, String fields) {
        try {
            var data = (com.fasterxml.jackson.databind.node.ObjectNode) Requests.JSON.readTree(fields);
            return data.put("version", 1).put("reportId", reportId.toString());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every operation on this test's execution answers as for an id that exists nowhere; no list shows it. */
    private void findsNoneOfTheExecutionsOperations(Map<String, String> who) {
        notFound(given().headers(who).get("/executions/" + id));
        notFound(given().headers(who).get("/executions/" + id + "/events"));
        notFound(given().headers(who).post("/executions/" + id + "/cancel"));
        notFound(given().headers(who).post("/executions/" + id + "/retry"));
        notFound(given().headers(who).queryParam("format", "csv").get("/executions/" + id + "/download-url"));
        given().headers(who).queryParam("reportId", report.toString()).get("/executions").then().statusCode(200)
                .body("total", equalTo(0)).body("items", empty());
        given().headers(who).get("/executions").then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    private static void notFound(io.restassured.response.Response response) {
        ValidatableResponse then = response.then();
        then.statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }
}
