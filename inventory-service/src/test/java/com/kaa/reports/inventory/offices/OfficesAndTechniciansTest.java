package com.kaa.reports.inventory.offices;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class OfficesAndTechniciansTest {

    @Test
    void officesAreListedChangedWithTheirVersionAndUniqueByName() {
        Fixtures f = new Fixtures();
        given().headers(f.who).get("/offices").then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].county", equalTo("Nairobi"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"name\":\"westlands hq\"}").post("/offices")
                .then().statusCode(409).contentType("application/problem+json");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"name\":\"Mombasa Port\",\"county\":\"Atlantis\"}").post("/offices")
                .then().statusCode(400).body("errors[0].field", equalTo("county"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"address\":\"Westlands Road 1\"}")
                .patch("/offices/" + f.office).then().statusCode(200).body("address", equalTo("Westlands Road 1")).body("version", equalTo(1));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"address\":\"x\"}")
                .patch("/offices/" + f.office).then().statusCode(409).body("detail", containsString("version 1"));
        given().headers(TestIdentity.of("org-other-" + f.office, "x", "admin")).get("/offices/" + f.office).then().statusCode(404);
    }

    @Test
    void aRenamedTechnicianShowsOnTheirVisitReportsAtOnce() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Rename");
        given().headers(f.who).get("/visit-reports/" + visit).then().body("technicianName", equalTo("Achieng Otieno"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Achieng Otieno-Wanjiru\"}")
                .patch("/technicians/" + f.technician).then().statusCode(200);
        given().headers(f.who).get("/visit-reports/" + visit).then().body("technicianName", equalTo("Achieng Otieno-Wanjiru"));
        given().headers(f.who).get("/technicians").then().body("items[0].name", equalTo("Achieng Otieno-Wanjiru"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"name\":\"Bad Phone\",\"phone\":\"call me\"}")
                .post("/technicians").then().statusCode(400);
        given().headers(TestIdentity.of("org-other-" + visit, "x", "admin")).get("/technicians/" + f.technician).then().statusCode(404);
    }
}
