package com.kaa.reports.definition.definitions;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class ReportDefinitionsTest {

    static final String SPEC = """
            {"columns":["method","status"],"aggregations":[{"fn":"sum","column":"amount","as":"volume"},{"fn":"count","column":"*"}],
             "groupBy":["method","status"],"filters":[{"column":"amount","op":"gt","value":100}],
             "sort":[{"column":"volume","direction":"desc"}],"limit":100,
             "parameters":{"dateColumn":"occurred_at","dateRange":"last_7_days"}}""";

    @Inject
    Pool pool;

    String org;
    Map<String, String> owner;

    @BeforeEach
    void organization() {
        TestDatasets.declarePayments(pool);
        org = "org-" + UUID.randomUUID();
        owner = TestIdentity.of(org, "alice", "analyst");
    }

    static String report(String name, String extra) {
        return """
                {"name":"%s","description":"Weekly M-Pesa volume","type":"payments","querySpec":%s,
                 "formats":["csv","xlsx"],"tags":["finance","mpesa"]%s}""".formatted(name, SPEC, extra);
    }

    String create(Map<String, String> who, String body) {
        return given().headers(who).contentType(ContentType.JSON).body(body).post("/reports")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void createdReportCanBeReadBackAndListed() {
        String id = create(owner, report("M-Pesa weekly", ""));

        given().headers(owner).get("/reports/" + id).then().statusCode(200)
                .body("name", equalTo("M-Pesa weekly"))
                .body("type", equalTo("payments"))
                .body("querySpec.aggregations[0].fn", equalTo("sum"))
                .body("formats", contains("csv", "xlsx"))
                .body("tags", contains("finance", "mpesa"))
                .body("status", equalTo("draft"))
                .body("visibility", equalTo("private"))
                .body("owner", equalTo("alice"))
                .body("organization", equalTo(org))
                .body("runCount", equalTo(0))
                .body("isActive", equalTo(true))
                .body("version", equalTo(0));
        given().headers(owner).get("/reports").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id)).body("hasMore", equalTo(false));
    }

    /** Location, list links and a problem's instance name the gateway's public URL (kaa.public-url), not this service. */
    @Test
    void linksNameThePublicAddressNotTheService() {
        String location = given().headers(owner).contentType(ContentType.JSON).body(report("Linked", "")).post("/reports")
                .then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).isEqualTo("http://127.0.0.1:8080/api/v1/reports/" + id);
        create(owner, report("Linked 2", ""));
        given().headers(owner).get("/reports?limit=1").then().statusCode(200)
                .body("links.self", equalTo("http://127.0.0.1:8080/api/v1/reports?limit=1"))
                .body("links.next", startsWith("http://127.0.0.1:8080/api/v1/reports?limit=1&cursor="));
        String unknown = UUID.randomUUID().toString();
        given().headers(owner).get("/reports/" + unknown).then().statusCode(404)
                .body("instance", equalTo("/api/v1/reports/" + unknown));
        // a 405 names the public path and says which methods there are
        given().headers(owner).contentType(ContentType.JSON).body("{}").put("/reports").then().statusCode(405)
                .header("Allow", equalTo("GET, HEAD, OPTIONS, POST")).body("detail", containsString("/api/v1/reports"));
    }

    @Test
    void querySpecOutsideTheCatalogIsA400NamingTheField() {
        given().headers(owner).contentType(ContentType.JSON).body(report("x", "").replace("\"type\":\"payments\"", "\"type\":\"salaries\""))
                .post("/reports").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("type"));
        given().headers(owner).contentType(ContentType.JSON).body(report("x", "").replace("[\"method\",\"status\"],\"aggregations\"", "[\"method\",\"password\"],\"aggregations\""))
                .post("/reports").then().statusCode(400).body("errors.field", hasItem("querySpec.columns[1]"));
        given().headers(owner).contentType(ContentType.JSON).body(report("x", "").replace("\"op\":\"gt\"", "\"op\":\"drop table\""))
                .post("/reports").then().statusCode(400).body("errors.field", hasItem("querySpec.filters[0].op"));
        given().headers(owner).contentType(ContentType.JSON).body(report("x", "").replace("\"value\":100", "\"value\":\"lots\""))
                .post("/reports").then().statusCode(400).body("errors.field", hasItem("querySpec.filters[0].value"));
        given().headers(owner).contentType(ContentType.JSON).body(report("x", "").replace("\"fn\":\"sum\"", "\"fn\":\"sum\",\"x\":1").replace("\"column\":\"amount\",\"as\"", "\"column\":\"method\",\"as\""))
                .post("/reports").then().statusCode(400);
    }

    @Test
    void missingOrMalformedFieldsAre400() {
        given().headers(owner).contentType(ContentType.JSON).body("{\"name\":\"\",\"formats\":[\"doc\"]}")
                .post("/reports").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("formats[0]"));
        given().headers(owner).contentType(ContentType.JSON).body("{\"name\":\"No dataset\"}")
                .post("/reports").then().statusCode(400).body("errors.field", hasItem("type"));
        given().headers(owner).contentType(ContentType.JSON).body("{\"name\": 12,")
                .post("/reports").then().statusCode(400).contentType("application/problem+json");
        given().headers(owner).get("/reports/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(report("x", "")).post("/reports").then().statusCode(401);
    }

    @Test
    void updateNeedsTheCurrentVersion() {
        String id = create(owner, report("Draft", ""));
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Final\",\"status\":\"active\"}")
                .patch("/reports/" + id).then().statusCode(200)
                .body("name", equalTo("Final")).body("status", equalTo("active")).body("version", equalTo(1))
                .body("description", equalTo("Weekly M-Pesa volume"));
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Lost update\"}")
                .patch("/reports/" + id).then().statusCode(409).contentType("application/problem+json");
        given().headers(owner).contentType(ContentType.JSON).body("{\"name\":\"No version\"}")
                .patch("/reports/" + id).then().statusCode(400).body("errors.field", hasItem("version"));
    }

    @Test
    void softDeletedReportLeavesListsAndCannotRun() {
        String id = create(owner, report("Doomed", ""));
        given().headers(owner).delete("/reports/" + id).then().statusCode(204);

        given().headers(owner).get("/reports/" + id).then().statusCode(404);
        given().headers(owner).get("/reports").then().body("total", equalTo(0));
        given().headers(owner).contentType(ContentType.JSON).post("/reports/" + id + "/run").then().statusCode(404);
        var row = pool.query("select is_active, deleted_at from report_definition where id = '" + id + "'").execute()
                .await().indefinitely().iterator().next();
        assertThat(row.getBoolean("is_active")).isFalse();
        assertThat(row.getOffsetDateTime("deleted_at")).isNotNull();
    }

    @Test
    void duplicateIsAFreshCopyOwnedByTheCaller() {
        String id = create(owner, report("Original", ",\"visibility\":\"organization\""));
        Map<String, String> bob = TestIdentity.of(org, "bob", "analyst");
        given().headers(bob).post("/reports/" + id + "/duplicate").then().statusCode(201)
                .body("name", equalTo("Original (Copy)")).body("owner", equalTo("bob"))
                .body("runCount", equalTo(0)).body("lastRunAt", nullValue()).body("nextRunAt", nullValue())
                .body("id", notNullValue()).body("querySpec.limit", equalTo(100));
    }

    @Test
    void anotherOrganizationCannotSeeOrTouchTheReport() {
        String id = create(owner, report("Secret", ",\"visibility\":\"organization\""));
        Map<String, String> stranger = TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin");
        given().headers(stranger).get("/reports/" + id).then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"pwned\"}").patch("/reports/" + id).then().statusCode(404);
        given().headers(stranger).delete("/reports/" + id).then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).post("/reports/" + id + "/run").then().statusCode(404);
        given().headers(stranger).post("/reports/" + id + "/duplicate").then().statusCode(404);
        given().headers(stranger).get("/reports").then().body("total", equalTo(0));
    }

    @Test
    void privateReportsStayWithTheirOwnerAndColleaguesOnlyReadSharedOnes() {
        String mine = create(owner, report("Mine", ""));
        String shared = create(owner, report("Shared", ",\"visibility\":\"organization\""));
        Map<String, String> colleague = TestIdentity.of(org, "bob", "analyst");

        given().headers(colleague).get("/reports/" + mine).then().statusCode(404);
        given().headers(colleague).get("/reports/" + shared).then().statusCode(200);
        given().headers(colleague).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Bob's now\"}")
                .patch("/reports/" + shared).then().statusCode(403).contentType("application/problem+json");
        given().headers(colleague).get("/reports").then().body("total", equalTo(1)).body("items[0].id", equalTo(shared));
        given().headers(TestIdentity.of(org, "root", "admin")).contentType(ContentType.JSON)
                .body("{\"version\":0,\"status\":\"archived\"}").patch("/reports/" + shared).then().statusCode(200);
    }

    @Test
    void searchTreatsTheTextAsDataNotAsAPattern() {
        create(owner, report("Sales .*( check", ""));
        create(owner, report("Other 100% done", ""));
        create(owner, report("Plain", ""));

        given().headers(owner).queryParam("search", ".*(").get("/reports").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].name", equalTo("Sales .*( check"));
        given().headers(owner).queryParam("search", "%").get("/reports").then()
                .body("total", equalTo(1)).body("items[0].name", equalTo("Other 100% done"));
        given().headers(owner).queryParam("search", "_").get("/reports").then().body("total", equalTo(0));
        given().headers(owner).queryParam("search", "PLAIN").get("/reports").then().body("total", equalTo(1));
        given().headers(owner).queryParam("search", "'); drop table report_definition; --").get("/reports").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void filtersByStatusTypeAndTags() {
        create(owner, report("A", ",\"tags\":[\"finance\"],\"status\":\"active\"").replace(",\"tags\":[\"finance\",\"mpesa\"]", ""));
        create(owner, report("B", ",\"tags\":[\"finance\",\"mpesa\"]").replace(",\"tags\":[\"finance\",\"mpesa\"]", ",\"tags\":[\"finance\",\"mpesa\"]"));
        create(owner, report("C", ",\"tags\":[\"ops\"]").replace(",\"tags\":[\"finance\",\"mpesa\"]", ""));

        given().headers(owner).queryParam("tags", "mpesa,ops").get("/reports").then().body("total", equalTo(2));
        given().headers(owner).queryParam("tags", "finance,mpesa").queryParam("tagsMode", "all").get("/reports")
                .then().body("total", equalTo(1)).body("items[0].name", equalTo("B"));
        given().headers(owner).queryParam("status", "active").get("/reports").then().body("total", equalTo(1));
        given().headers(owner).queryParam("type", "payments").get("/reports").then().body("total", equalTo(3));
        given().headers(owner).queryParam("status", "deleted").get("/reports").then().statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void sortingIsLimitedToKnownFields() {
        create(owner, report("b", ""));
        create(owner, report("a", ""));
        given().headers(owner).queryParam("sortBy", "name").queryParam("sortOrder", "asc").get("/reports")
                .then().body("items.name", contains("a", "b"));
        given().headers(owner).queryParam("sortBy", "owner; drop table x").get("/reports").then().statusCode(400)
                .body("errors.field", hasItem("sortBy"));
        given().headers(owner).queryParam("sortOrder", "sideways").get("/reports").then().statusCode(400);
        given().headers(owner).queryParam("limit", 1000).get("/reports").then().statusCode(400);
    }

    @Test
    void cursorPagingWalksEveryReportOnceInOrder() {
        for (int i = 0; i < 7; i++) {
            create(owner, report("R" + i, ""));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().headers(owner).queryParam("limit", 3).queryParam("sortBy", "name").queryParam("sortOrder", "asc");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            ValidatableResponse page = request.get("/reports").then().statusCode(200).body("total", equalTo(7));
            seen.addAll(page.extract().jsonPath().getList("items.name"));
            cursor = page.extract().path("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactly("R0", "R1", "R2", "R3", "R4", "R5", "R6");

        given().headers(owner).queryParam("limit", 3).queryParam("page", 3).queryParam("sortBy", "name").queryParam("sortOrder", "asc")
                .get("/reports").then().body("items.name", contains("R6")).body("links.prev", containsString("page=2"));
        given().headers(owner).queryParam("cursor", "garbage!").get("/reports").then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void runRequestsAnExecutionThroughTheOutbox() {
        String id = create(owner, report("Runnable", ""));
        var accepted = given().headers(owner).contentType(ContentType.JSON).body("{\"priority\":2,\"formats\":[\"pdf\"]}")
                .post("/reports/" + id + "/run").then().statusCode(202)
                .body("priority", equalTo(2)).body("formats", contains("pdf")).extract();
        String request = accepted.path("executionRequestId");
        // where to follow the run: the executions of this request, at the public address (failed before: no Location)
        assertThat(accepted.header("Location")).endsWith("/api/v1/executions?requestId=" + request);

        var record = await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofMillis(500))
                .stream().filter(r -> request.equals(r.key())).findFirst().orElse(null), r -> r != null);
        EventSchemas.assertValid(record.value());
        assertThat(record.value()).contains("\"type\":\"ExecutionRequested.v1\"", "\"organization\":\"" + org + "\"",
                "\"reportId\":\"" + id + "\"", "\"priority\":2", "\"dataset\":\"payments\"", "\"requestedBy\":\"alice\"",
                "\"timeZone\":\"Africa/Nairobi\"");
        given().headers(owner).contentType(ContentType.JSON).body("{\"priority\":0}").post("/reports/" + id + "/run")
                .then().statusCode(400).body("errors.field", hasItem("priority"));
        // a run in another zone: its relative dates and file times are read there
        String london = given().headers(owner).contentType(ContentType.JSON).body("{\"timeZone\":\"Europe/London\"}")
                .post("/reports/" + id + "/run").then().statusCode(202).body("timeZone", equalTo("Europe/London"))
                .extract().path("executionRequestId");
        await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofMillis(500))
                .stream().anyMatch(r -> london.equals(r.key()) && r.value().contains("\"timeZone\":\"Europe/London\"")));
        given().headers(owner).contentType(ContentType.JSON).body("{\"timeZone\":\"Mars/Olympus\"}").post("/reports/" + id + "/run")
                .then().statusCode(400).body("errors.field", hasItem("timeZone"));
    }

    @Test
    void executionOutcomesUpdateRunStatisticsOncePerRun() {
        String id = create(owner, report("Counted", ""));
        String request = given().headers(owner).contentType(ContentType.JSON).post("/reports/" + id + "/run")
                .then().statusCode(202).extract().path("executionRequestId");
        String completed = """
                {"specversion":"1.0","id":"%s","source":"/kaa-reports/report-execution-service","type":"ExecutionCompleted.v1",
                 "organization":"%s","data":{"version":1,"executionId":"%s","requestId":"%s","reportId":"%s","status":"completed","finishedAt":"2026-11-20T10:15:30Z","rowCount":42}}"""
                .formatted(UUID.randomUUID(), org, UUID.randomUUID(), request, id).replace("\n", "");
        EventSchemas.assertValid(completed);
        TopicReader.send(Topics.EXECUTIONS, "exec-1", completed);
        TopicReader.send(Topics.EXECUTIONS, "exec-1", completed);               // redelivered
        TopicReader.send(Topics.EXECUTIONS, "exec-1", completed.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\""));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().headers(owner).get("/reports/" + id).then()
                .body("runCount", equalTo(1)).body("lastRunStatus", equalTo("completed"))
                .body("lastRunAt", equalTo("2026-11-20T10:15:30Z")));
    }
}
