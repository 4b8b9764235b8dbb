package com.kaa.reports.inventory;

import com.kaa.reports.platform.testing.TestIdentity;
import io.restassured.http.ContentType;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** One organization of a test, with an office and a technician, and shortcuts to create what tests need. */
public final class Fixtures {

    public final String organization = "org-" + UUID.randomUUID();
    public final Map<String, String> who = TestIdentity.of(organization, "achieng", "technician");
    public final String office;
    public final String technician;

    public Fixtures() {
        office = given().headers(who).contentType(ContentType.JSON)
                .body("{\"name\":\"Westlands HQ\",\"address\":\"Waiyaki Way\",\"county\":\"nairobi\",\"contactEmail\":\"it@client.example\"}")
                .post("/offices").then().statusCode(201).extract().path("id");
        technician = given().headers(who).contentType(ContentType.JSON)
                .body("{\"name\":\"Achieng Otieno\",\"email\":\"achieng@field.example\",\"phone\":\"+254712345678\"}")
                .post("/technicians").then().statusCode(201).extract().path("id");
    }

    public String visitReport(LocalDate date, String purpose) {
        return visitReport("""
                {"officeId":"%s","technicianId":"%s","visitDate":"%s","purpose":"%s","summary":"Checked the server room"}"""
                .formatted(office, technician, date, purpose));
    }

    public String visitReport(String body) {
        return given().headers(who).contentType(ContentType.JSON).body(body).post("/visit-reports")
                .then().statusCode(201).extract().path("id");
    }

    public String hardware(String visitReport, String serial) {
        return given().headers(who).contentType(ContentType.JSON).body("""
                        {"visitReportId":"%s","category":"laptop","deviceName":"Dell Latitude 5440","manufacturer":"Dell",
                         "model":"Latitude 5440","serialNumber":"%s","status":"in_use","warrantyExpiry":"%s",
                         "building":"Block A","floor":"2","room":"12"}""".formatted(visitReport, serial, LocalDate.now().plusDays(30)))
                .post("/hardware").then().statusCode(201).extract().path("id");
    }
}
