package com.kaa.reports.definition.templates;

import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.definition.TestReports;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class TemplatesTest {

    static final String MPESA = "00000000-0000-4000-8000-000000000002";

    @Inject
    Pool pool;

    String org;
    Map<String, String> alice;

    @BeforeEach
    void caller() {
        TestDatasets.declarePayments(pool);
        org = "org-" + UUID.randomUUID();
        alice = TestIdentity.of(org, "alice", "analyst");
    }

    String create(Map<String, String> who, String visibility) {
        return given().headers(who).contentType(ContentType.JSON).body("""
                {"name":"Volume by method","category":"finance","type":"payments","querySpec":%s,"formats":["csv"],
                 "layout":{"title":"Volume","orientation":"landscape","totals":true},"visibility":"%s"}""".formatted(TestReports.SPEC, visibility))
                .post("/templates").then().statusCode(201).extract().path("id");
    }

    @Test
    void everyOrganizationSeesTheSystemTemplates() {
        given().headers(alice).get("/templates/system").then().statusCode(200)
                .body("total", equalTo(10))
                .body("items.name", hasItems("County property analytics", "M-Pesa transaction analytics", "Monthly bookings",
                        "Active users by role", "Visit report (PDF)", "Hardware inventory by location",
                        "Warranties expiring in 90 days", "Recycling summary", "M-Pesa hourly distribution", "M-Pesa top failure reasons"));
        given().headers(alice).queryParam("category", "kenya").get("/templates").then()
                .body("items.name", containsInAnyOrder("County property analytics", "M-Pesa transaction analytics",
                        "M-Pesa hourly distribution", "M-Pesa top failure reasons"));
        given().headers(alice).get("/templates/" + MPESA).then().body("version", equalTo(2))
                .body("querySpec.groupBy", contains("occurred_date")).body("layout.chart", equalTo("bar"));
    }

    @Test
    void systemTemplatesAreReadOnlyForEveryOrganizationEvenItsAdmins() {
        // an organization's admin is not the product's: a change would reach every organization
        for (Map<String, String> who : java.util.List.of(alice, TestIdentity.of(org, "root", "admin"))) {
            given().headers(who).contentType(ContentType.JSON).body("{\"version\":2,\"name\":\"Mine now\"}")
                    .patch("/templates/" + MPESA).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("System templates are read-only"));
            given().headers(who).delete("/templates/" + MPESA).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("System templates are read-only"));
        }
        given().headers(TestIdentity.of("org-" + UUID.randomUUID(), "carol", "viewer")).get("/templates/" + MPESA).then()
                .statusCode(200).body("version", equalTo(2)).body("name", equalTo("M-Pesa transaction analytics"));
        given().headers(alice).get("/templates/" + MPESA + "/versions").then().body("version", contains(2, 1));
    }

    @Test
    void aSystemTemplateIsCopiedIntoTheOrganizationToChangeIt() {
        Map<String, String> admin = TestIdentity.of(org, "root", "admin");
        String copy = given().headers(admin).post("/templates/" + MPESA + "/copy").then().statusCode(201)
                .body("visibility", equalTo("private")).body("version", equalTo(1)).body("name", equalTo("M-Pesa transaction analytics"))
                .body("querySpec.groupBy", contains("occurred_date")).extract().path("id");
        given().headers(admin).contentType(ContentType.JSON).body("{\"version\":1,\"name\":\"Ours\",\"visibility\":\"public\"}")
                .patch("/templates/" + copy).then().statusCode(200).body("version", equalTo(2));
        given().headers(alice).get("/templates/" + copy).then().statusCode(200).body("name", equalTo("Ours"));
        given().headers(TestIdentity.of("org-" + UUID.randomUUID(), "eve", "admin")).get("/templates/" + copy).then().statusCode(404);
        given().headers(alice).get("/templates/" + MPESA).then().body("name", equalTo("M-Pesa transaction analytics"));
    }

    @Test
    void everyUpdateIsANewVersionAndOldVersionsStayReadable() {
        String id = create(alice, "private");
        given().headers(alice).contentType(ContentType.JSON).body("{\"version\":1,\"name\":\"Volume v2\",\"formats\":[\"xlsx\"]}")
                .patch("/templates/" + id).then().statusCode(200).body("version", equalTo(2)).body("name", equalTo("Volume v2"));
        given().headers(alice).contentType(ContentType.JSON).body("{\"version\":1,\"name\":\"stale\"}")
                .patch("/templates/" + id).then().statusCode(409);

        given().headers(alice).get("/templates/" + id + "/versions/1").then().statusCode(200)
                .body("name", equalTo("Volume by method")).body("formats", contains("csv")).body("version", equalTo(1));
        given().headers(alice).get("/templates/" + id + "/versions/2").then().body("name", equalTo("Volume v2"));
        given().headers(alice).get("/templates/" + id + "/versions").then().body("version", contains(2, 1));
        given().headers(alice).get("/templates/" + id + "/versions/3").then().statusCode(404);
    }

    @Test
    void privateTemplatesStayWithTheirCreatorAndPublicOnesWithTheOrganization() {
        String privateOne = create(alice, "private");
        String publicOne = create(alice, "public");
        Map<String, String> bob = TestIdentity.of(org, "bob", "analyst");
        Map<String, String> stranger = TestIdentity.of("org-" + UUID.randomUUID(), "eve", "admin");

        given().headers(bob).get("/templates/" + privateOne).then().statusCode(404);
        given().headers(bob).get("/templates/" + publicOne).then().statusCode(200);
        given().headers(bob).contentType(ContentType.JSON).body("{\"version\":1,\"name\":\"Bob's\"}")
                .patch("/templates/" + publicOne).then().statusCode(403);
        given().headers(stranger).get("/templates/" + publicOne).then().statusCode(404);
        given().headers(stranger).queryParam("visibility", "public").get("/templates").then().body("total", equalTo(0));
    }

    @Test
    void aReportMadeFromATemplateRemembersItsVersionAndTakesOverrides() {
        String id = create(alice, "public");
        given().headers(alice).contentType(ContentType.JSON).body("{\"templateId\":\"" + id + "\",\"formats\":[\"pdf\"]}")
                .post("/reports").then().statusCode(201)
                .body("name", equalTo("Volume by method")).body("type", equalTo("payments"))
                .body("formats", contains("pdf")).body("templateId", equalTo(id)).body("templateVersion", equalTo(1))
                .body("querySpec.aggregations[0].as", equalTo("volume"));
        given().headers(alice).contentType(ContentType.JSON).body("{\"templateId\":\"" + UUID.randomUUID() + "\"}")
                .post("/reports").then().statusCode(400).body("errors.field", hasItem("templateId"));
    }

    @Test
    void badTemplateInputIsA400() {
        given().headers(alice).contentType(ContentType.JSON).body("{\"name\":\"x\",\"category\":\"Bad Category!\",\"type\":\"payments\","
                + "\"querySpec\":{\"columns\":[\"nope\"]},\"formats\":[\"csv\"],\"visibility\":\"system\"}")
                .post("/templates").then().statusCode(400)
                .body("errors.field", hasItems("category", "visibility"));
        given().headers(alice).contentType(ContentType.JSON).body("{\"name\":\"x\",\"category\":\"finance\",\"type\":\"payments\","
                + "\"querySpec\":{\"columns\":[\"nope\"]},\"formats\":[\"csv\"]}")
                .post("/templates").then().statusCode(400).body("errors.field", hasItem("querySpec.columns[0]"));
        given().headers(alice).queryParam("visibility", "everyone").get("/templates").then().statusCode(400);
    }
}
