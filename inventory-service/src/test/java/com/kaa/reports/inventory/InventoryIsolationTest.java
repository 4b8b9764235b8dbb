package com.kaa.reports.inventory;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Every resource kind and every operation of the service, called by another organization's admin with this
 * organization's ids: each answers as for an id that exists nowhere (404 problem+json), references to them in
 * bodies and filters find nothing or are refused, and the owner's data is unchanged afterwards. Nothing in this
 * service is shared between organizations.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class InventoryIsolationTest {

    @Test
    void anotherOrganizationsAdminCanNeitherSeeNorChangeNorReferenceAnything() throws Exception {
        Fixtures owner = new Fixtures();
        String visit = owner.visitReport(LocalDate.of(2026, 3, 2), "Confidential audit");
        String device = owner.hardware(visit, "SN-ISO-" + UUID.randomUUID());
        String spare = owner.hardware(visit, "SN-ISO-SPARE-" + UUID.randomUUID());
        String recycled = given().headers(owner.who).contentType(ContentType.JSON)
                .body("{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"weightKg\":\"2.5\",\"recycledOn\":\"2026-03-03\"}".formatted(device))
                .post("/recycling").then().statusCode(201).extract().path("id");
        String file = given().headers(owner.who).multiPart("file", "notes.txt", "server room notes".getBytes(), "text/plain")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(201).extract().path("id");

        Fixtures intruder = new Fixtures();
        Map<String, String> eve = TestIdentity.of(intruder.organization, "eve", "admin");
        String rename = "{\"version\":0,\"name\":\"x\"}";

        // offices and technicians
        notFound(given().headers(eve).get("/offices/" + owner.office));
        notFound(given().headers(eve).contentType(ContentType.JSON).body(rename).patch("/offices/" + owner.office));
        given().headers(eve).get("/offices").then().statusCode(200).body("items.id", not(hasItem(owner.office)));
        notFound(given().headers(eve).get("/technicians/" + owner.technician));
        notFound(given().headers(eve).contentType(ContentType.JSON).body(rename).patch("/technicians/" + owner.technician));
        given().headers(eve).get("/technicians").then().statusCode(200).body("items.id", not(hasItem(owner.technician)));

        // visit reports and their sub-resources
        notFound(given().headers(eve).get("/visit-reports/" + visit));
        notFound(given().headers(eve).get("/visit-reports/" + visit + "/summary"));
        notFound(given().headers(eve).contentType(ContentType.JSON).body("{\"version\":0,\"summary\":\"x\"}").patch("/visit-reports/" + visit));
        notFound(given().headers(eve).contentType(ContentType.JSON).body("{\"recipients\":[\"a@b.example\"]}")
                .post("/visit-reports/" + visit + "/send"));
        notFound(given().headers(eve).get("/visit-reports/" + visit + "/attachments"));
        notFound(given().headers(eve).multiPart("file", "x.txt", "x".getBytes(), "text/plain").post("/visit-reports/" + visit + "/attachments"));
        notFound(given().headers(eve).delete("/visit-reports/" + visit));
        given().headers(eve).get("/visit-reports").then().statusCode(200).body("total", equalTo(0));
        given().headers(eve).queryParam("officeId", owner.office).queryParam("technicianId", owner.technician)
                .get("/visit-reports").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        given().headers(eve).queryParam("q", "Confidential").get("/visit-reports").then().statusCode(200).body("total", equalTo(0));
        // the intruder's own report may not point at the owner's office or technician
        refused(given().headers(eve).contentType(ContentType.JSON)
                .body("{\"officeId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"x\"}".formatted(owner.office)).post("/visit-reports"));
        refused(given().headers(eve).contentType(ContentType.JSON)
                .body("{\"officeId\":\"%s\",\"technicianId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"x\"}"
                        .formatted(intruder.office, owner.technician)).post("/visit-reports"));
        String own = given().headers(eve).contentType(ContentType.JSON)
                .body("{\"officeId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"mine\"}".formatted(intruder.office))
                .post("/visit-reports").then().statusCode(201).extract().path("id");
        refused(given().headers(eve).contentType(ContentType.JSON).body("{\"version\":0,\"officeId\":\"%s\"}".formatted(owner.office))
                .patch("/visit-reports/" + own));
        refused(given().headers(eve).contentType(ContentType.JSON).body("{\"version\":0,\"technicianId\":\"%s\"}".formatted(owner.technician))
                .patch("/visit-reports/" + own));

        // hardware
        notFound(given().headers(eve).get("/hardware/" + spare));
        notFound(given().headers(eve).contentType(ContentType.JSON).body("{\"version\":0,\"category\":\"x\"}").patch("/hardware/" + spare));
        notFound(given().headers(eve).delete("/hardware/" + spare));
        given().headers(eve).get("/hardware").then().statusCode(200).body("total", equalTo(0));
        given().headers(eve).queryParam("visitReportId", visit).get("/hardware").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
        refused(given().headers(eve).contentType(ContentType.JSON)
                .body("{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\"}".formatted(visit)).post("/hardware"));
        given().headers(eve).contentType(ContentType.JSON)
                .body("{\"mode\":\"partial\",\"items\":[{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\"}]}".formatted(visit))
                .post("/hardware/bulk").then().statusCode(anyOf(is(200), is(404), is(422))).body("succeeded", anyOf(equalTo(0), org.hamcrest.Matchers.nullValue()));
        given().headers(eve).contentType(ContentType.JSON)
                .body("{\"mode\":\"partial\",\"items\":[{\"id\":\"%s\",\"category\":\"stolen\"}]}".formatted(spare))
                .patch("/hardware/bulk").then().statusCode(anyOf(is(200), is(404), is(422))).body("succeeded", anyOf(equalTo(0), org.hamcrest.Matchers.nullValue()));
        given().headers(eve).contentType("text/csv").body("category,status\nlaptop,in_use\n").queryParam("visitReportId", visit)
                .post("/hardware/import").then().statusCode(anyOf(is(200), is(404), is(422))).body("succeeded", anyOf(equalTo(0), org.hamcrest.Matchers.nullValue()));

        // recycling
        notFound(given().headers(eve).get("/recycling/" + recycled));
        notFound(given().headers(eve).contentType(ContentType.JSON).body("{\"version\":0,\"method\":\"x\"}").patch("/recycling/" + recycled));
        notFound(given().headers(eve).delete("/recycling/" + recycled));
        given().headers(eve).get("/recycling").then().statusCode(200).body("total", equalTo(0));
        given().headers(eve).get("/recycling/summary?from=2026-01-01&to=2026-12-31").then().statusCode(200).body("records", equalTo(0));
        refused(given().headers(eve).contentType(ContentType.JSON)
                .body("{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"recycledOn\":\"2026-03-03\"}".formatted(spare)).post("/recycling"));

        // attachments
        notFound(given().headers(eve).get("/attachments/" + file));
        notFound(given().headers(eve).get("/attachments/" + file + "/content"));
        notFound(given().headers(eve).get("/attachments/" + file + "/thumbnail"));
        notFound(given().headers(eve).delete("/attachments/" + file));

        // the owner's data is as it was
        given().headers(owner.who).get("/offices/" + owner.office).then().statusCode(200).body("version", equalTo(0));
        given().headers(owner.who).get("/technicians/" + owner.technician).then().statusCode(200).body("version", equalTo(0));
        given().headers(owner.who).get("/visit-reports/" + visit).then().statusCode(200)
                .body("purpose", equalTo("Confidential audit")).body("counts.files", equalTo(1)).body("counts.hardware", equalTo(2));
        given().headers(owner.who).get("/hardware/" + spare).then().statusCode(200).body("category", equalTo("laptop"));
        given().headers(owner.who).get("/recycling/" + recycled).then().statusCode(200).body("method", equalTo("e-waste"));
        given().headers(owner.who).get("/attachments/" + file + "/content").then().statusCode(200);
        given().headers(owner.who).queryParam("visitReportId", visit).get("/hardware").then().statusCode(200)
                .body("items.visitReportId", everyItem(equalTo(visit))).body("items", org.hamcrest.Matchers.hasSize(2));
    }

    private static void notFound(Response response) {
        response.then().statusCode(404).contentType("application/problem+json");
    }

    /** A reference to another organization's object: refused as if it did not exist (400/404/422), never stored. */
    private static void refused(Response response) {
        response.then().statusCode(anyOf(is(400), is(404), is(422))).contentType("application/problem+json");
    }
}
