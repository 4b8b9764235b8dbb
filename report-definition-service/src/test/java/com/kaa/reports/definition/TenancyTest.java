package com.kaa.reports.definition;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;

/**
 * Every resource kind of the service, asked for by a second organization's admin: lists leave the other
 * organization's items out, every operation on one of its ids answers 404 as for an id that exists nowhere, and
 * shared objects (system templates) are readable but answer 403 to every change. Also: text with a NUL and
 * out-of-range values are 400 problems, never 500s.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class TenancyTest {

    static final String SYSTEM_TEMPLATE = "00000000-0000-4000-8000-000000000002";

    @Inject
    Pool pool;

    @Test
    void anotherOrganizationsAdminFindsNothingOfOursAndCannotChangeSharedTemplates() {
        TestDatasets.declarePayments(pool);
        String org = "org-" + UUID.randomUUID();
        Map<String, String> owner = TestIdentity.of(org, "alice", "admin");
        Map<String, String> other = TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin");
        String report = TestReports.create(owner, "Ours");
        given().headers(owner).contentType(ContentType.JSON).body("{\"visibility\":\"organization\",\"version\":0}")
                .patch("/reports/" + report).then().statusCode(200);
        String schedule = given().headers(owner).contentType(ContentType.JSON).body("{\"frequency\":\"daily\",\"time\":\"06:00\"}")
                .post("/reports/" + report + "/schedules").then().statusCode(201).extract().path("id");
        given().headers(owner).contentType(ContentType.JSON).post("/reports/" + report + "/run").then().statusCode(202);
        String template = given().headers(owner).contentType(ContentType.JSON).body("""
                {"name":"Ours","category":"finance","type":"payments","querySpec":%s,"formats":["csv"],"visibility":"public"}"""
                .formatted(TestReports.SPEC)).post("/templates").then().statusCode(201).extract().path("id");

        // lists
        for (String list : List.of("/reports", "/schedules", "/templates", "/templates?visibility=public", "/schedules?reportId=" + report)) {
            given().headers(other).get(list).then().statusCode(200).body("items.id", everyItem(not(equalTo(report))))
                    .body("items.id", everyItem(not(equalTo(schedule)))).body("items.id", everyItem(not(equalTo(template))));
        }
        // every operation on our ids
        String reportBody = "{\"version\":1,\"name\":\"Theirs\"}";
        String scheduleBody = "{\"version\":0,\"schedule\":{\"frequency\":\"daily\",\"time\":\"07:00\"}}";
        List<String[]> calls = List.of(
                new String[] {"GET", "/reports/" + report, null},
                new String[] {"PATCH", "/reports/" + report, reportBody},
                new String[] {"DELETE", "/reports/" + report, null},
                new String[] {"POST", "/reports/" + report + "/duplicate", null},
                new String[] {"POST", "/reports/" + report + "/run", "{}"},
                new String[] {"GET", "/reports/" + report + "/schedules", null},
                new String[] {"POST", "/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"07:00\"}"},
                new String[] {"GET", "/schedules/" + schedule, null},
                new String[] {"PUT", "/schedules/" + schedule, scheduleBody},
                new String[] {"POST", "/schedules/" + schedule + "/pause", null},
                new String[] {"POST", "/schedules/" + schedule + "/resume", null},
                new String[] {"POST", "/schedules/" + schedule + "/cancel", null},
                new String[] {"POST", "/schedules/" + schedule + "/next-run", null},
                new String[] {"GET", "/templates/" + template, null},
                new String[] {"PATCH", "/templates/" + template, "{\"version\":1,\"name\":\"Theirs\"}"},
                new String[] {"DELETE", "/templates/" + template, null},
                new String[] {"POST", "/templates/" + template + "/copy", null},
                new String[] {"GET", "/templates/" + template + "/versions", null},
                new String[] {"GET", "/templates/" + template + "/versions/1", null});
        for (String[] call : calls) {
            var request = given().headers(other);
            if (call[2] != null) {
                request = request.contentType(ContentType.JSON).body(call[2]);
            }
            request.request(call[0], call[1]).then().log().ifValidationFails().statusCode(404).contentType("application/problem+json");
        }
        // a report made from another organization's template is refused as if the template did not exist
        given().headers(other).contentType(ContentType.JSON).body("{\"templateId\":\"" + template + "\"}").post("/reports")
                .then().statusCode(400).body("errors[0].field", equalTo("templateId"));

        // shared: readable by all, changed by none
        given().headers(other).get("/templates/" + SYSTEM_TEMPLATE).then().statusCode(200);
        given().headers(other).get("/templates/" + SYSTEM_TEMPLATE + "/versions").then().statusCode(200);
        given().headers(other).contentType(ContentType.JSON).body("{\"version\":2,\"name\":\"Theirs\"}")
                .patch("/templates/" + SYSTEM_TEMPLATE).then().statusCode(403).contentType("application/problem+json");
        given().headers(other).delete("/templates/" + SYSTEM_TEMPLATE).then().statusCode(403).contentType("application/problem+json");

        // and all of ours is untouched
        given().headers(owner).get("/reports/" + report).then().statusCode(200).body("name", equalTo("Ours")).body("version", equalTo(1));
        given().headers(owner).get("/schedules/" + schedule).then().statusCode(200).body("status", equalTo("active"))
                .body("time", equalTo("06:00"));
        given().headers(owner).get("/templates/" + template).then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void aNulCharacterOrAnOutOfRangeValueIsA400NotA500() {
        TestDatasets.declarePayments(pool);
        String org = "org-" + UUID.randomUUID();
        Map<String, String> owner = TestIdentity.of(org, "alice", "admin");
        String report = TestReports.create(owner, "Plain");
        List<String[]> bodies = List.of(
                new String[] {"/reports", "{\"name\":\"a\\u0000b\",\"type\":\"payments\",\"querySpec\":" + TestReports.SPEC + ",\"formats\":[\"csv\"]}"},
                new String[] {"/reports", "{\"name\":\"ok\",\"description\":\"x\\u0000\",\"type\":\"payments\",\"querySpec\":" + TestReports.SPEC + ",\"formats\":[\"csv\"],\"tags\":[\"t\\u0000\"]}"},
                new String[] {"/templates", "{\"name\":\"T\\u0000\",\"category\":\"finance\",\"type\":\"payments\",\"querySpec\":" + TestReports.SPEC + ",\"formats\":[\"csv\"]}"},
                new String[] {"/templates", "{\"name\":\"T\",\"description\":\"\\u0000\",\"category\":\"finance\",\"type\":\"payments\",\"querySpec\":" + TestReports.SPEC + ",\"formats\":[\"csv\"],\"layout\":{\"title\":\"\\u0000\"}}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"06:00\",\"recipients\":[{\"channel\":\"email\",\"address\":\"a\\u0000@acme.example\"}]}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"06:00\",\"timeZone\":\"Africa/Nai\\u0000robi\"}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"once\",\"runAt\":\"+999999999-12-31T00:00:00Z\"}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"06:00\",\"endDate\":\"+10000-01-01\"}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"06:00\",\"timeZone\":\"Mars/Olympus\"}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"hourly\"}"},
                new String[] {"/reports/" + report + "/schedules", "{\"frequency\":\"daily\",\"time\":\"06:00\",\"dayOfMonth\":99999999999}"},
                new String[] {"/reports/" + report + "/run", "{\"priority\":-5}"},
                new String[] {"/reports", ""},
                new String[] {"/reports", "[]"},
                new String[] {"/reports", "null"});
        for (String[] b : bodies) {
            given().headers(owner).contentType(ContentType.JSON).body(b[1]).post(b[0]).then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().headers(owner).contentType(ContentType.TEXT).body("name=x").post("/reports").then().statusCode(415)
                .contentType("application/problem+json");
        for (String query : List.of("/reports?search=a%00b", "/reports?tags=a%00", "/templates?category=a%00", "/reports?limit=-1",
                "/reports?limit=99999999999", "/reports?page=0", "/reports?sortBy=nope", "/reports?status=bogus", "/reports?cursor=%21%21",
                "/schedules?reportId=not-a-uuid", "/schedules?status=x%00", "/reports/not-a-uuid", "/templates/" + report + "/versions/0",
                "/templates?limit=-1")) {
            // an id or a number that does not parse answers 404 (JAX-RS's rule for path and query parameters), the rest 400
            int expected = query.startsWith("/reports/not-a-uuid") ? 404 : 400;
            given().headers(owner).urlEncodingEnabled(false).get(query).then().log().ifValidationFails().statusCode(expected)
                    .contentType("application/problem+json");
        }
        given().headers(owner).get("/reports").then().body("items.name", everyItem(not(containsString("\u0000"))));
    }
}
