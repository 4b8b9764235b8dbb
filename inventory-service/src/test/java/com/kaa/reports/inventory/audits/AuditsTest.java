package com.kaa.reports.inventory.audits;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Audits move a device's next audit date, overdue ones are listed; maintenance adds up; value depreciates by category. */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class AuditsTest {

    @Inject
    Pool pool;

    private static ValidatableResponse post(Fixtures f, String path, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).post(path).then().log().ifValidationFails();
    }

    private static String category(Fixtures f, String body) {
        return post(f, "/categories", body).statusCode(201).extract().path("id");
    }

    private static String device(Fixtures f, String visit, String category, String extra) {
        return post(f, "/hardware", """
                {"visitReportId":"%s","categoryId":"%s","serialNumber":"SN-%s","status":"in_use"%s}"""
                .formatted(visit, category, UUID.randomUUID(), extra)).statusCode(201).extract().path("id");
    }

    @Test
    void anAuditMovesTheNextAuditDateAndOverdueDevicesAreListed() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Audits");
        String yearly = category(f, "{\"name\":\"Switch\",\"auditMonths\":12}");
        String a = device(f, visit, yearly, "");
        String b = device(f, visit, yearly, "");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // inventoried today: due in twelve months
        given().headers(f.who).get("/hardware/" + a).then().body("nextAuditDate", equalTo(today.plusMonths(12).toString()))
                .body("lastAuditedAt", nullValue());

        // a year and more passes for both
        pool.preparedQuery("update hardware set next_audit_date = current_date - 40 where id = $1").execute(Tuple.of(UUID.fromString(a)))
                .await().indefinitely();
        pool.preparedQuery("update hardware set next_audit_date = current_date - 3 where id = $1").execute(Tuple.of(UUID.fromString(b)))
                .await().indefinitely();
        f.hardware(visit, "SN-plain-" + visit); // no category: no audit interval, never overdue
        String overdue = "/hardware?auditOverdue=true&sortBy=nextAuditDate&sortOrder=asc";
        given().headers(f.who).get(overdue).then().statusCode(200).body("items.id", contains(a, b));

        OffsetDateTime seen = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        post(f, "/hardware/" + a + "/audits", """
                {"auditedAt":"%s","building":"Block C","room":"Server room","conditionRating":2,"note":"fan noisy"}""".formatted(seen))
                .statusCode(201).body("auditedBy", equalTo("achieng")).body("conditionRating", equalTo(2));
        given().headers(f.who).get("/hardware/" + a).then().body("nextAuditDate", equalTo(seen.toLocalDate().plusMonths(12).toString()))
                .body("building", equalTo("Block C")).body("room", equalTo("Server room")).body("conditionRating", equalTo(2))
                .body("floor", equalTo(null));
        given().headers(f.who).get(overdue).then().body("items.id", contains(b));
        // an audit entered late is history: it does not move the device back
        post(f, "/hardware/" + a + "/audits", "{\"auditedAt\":\"%s\",\"room\":\"Old room\"}".formatted(seen.minusDays(30))).statusCode(201);
        given().headers(f.who).get("/hardware/" + a).then().body("room", equalTo("Server room"));
        given().headers(f.who).get("/hardware/" + a + "/audits").then().body("total", equalTo(2)).body("items[0].note", equalTo("fan noisy"));

        post(f, "/hardware/" + a + "/audits", "{\"auditedAt\":\"%s\"}".formatted(OffsetDateTime.now().plusDays(1))).statusCode(400)
                .body("errors[0].field", equalTo("auditedAt"));
        post(f, "/hardware/" + a + "/audits", "{\"conditionRating\":9}").statusCode(400).body("errors[0].field", equalTo("conditionRating"));
        Fixtures stranger = new Fixtures();
        post(stranger, "/hardware/" + a + "/audits", "{}").statusCode(404);
        given().headers(stranger.who).get("/hardware/" + a + "/audits").then().statusCode(404);
        given().headers(stranger.who).get(overdue).then().body("total", equalTo(0));
    }

    @Test
    void maintenanceIsRecordedCompletedAndAddedUp() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Maintenance");
        String device = f.hardware(visit, "SN-M-" + visit);
        String repair = post(f, "/hardware/" + device + "/maintenance", """
                {"kind":"repair","title":"Replace hinge","supplier":"Nairobi Laptop Clinic","cost":2500.50,"startedOn":"2026-03-03"}""")
                .statusCode(201).body("completedOn", nullValue()).body("createdBy", equalTo("achieng")).extract().path("id");
        post(f, "/hardware/" + device + "/maintenance", """
                {"kind":"upgrade","title":"RAM to 32 GB","cost":9000,"startedOn":"2026-04-01","completedOn":"2026-04-01"}""").statusCode(201);
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"completedOn\":\"2026-03-05\",\"cost\":2750}")
                .patch("/hardware/" + device + "/maintenance/" + repair).then().statusCode(200)
                .body("completedOn", equalTo("2026-03-05")).body("version", equalTo(1));
        given().headers(f.who).get("/hardware/" + device + "/maintenance").then().statusCode(200)
                .body("total", equalTo(2)).body("totalCost", equalTo(11750.0f)).body("items[0].kind", equalTo("upgrade"));

        post(f, "/hardware/" + device + "/maintenance", "{\"kind\":\"polish\",\"title\":\"x\",\"startedOn\":\"2026-03-03\"}")
                .statusCode(400).body("errors[0].field", equalTo("kind"));
        post(f, "/hardware/" + device + "/maintenance", "{\"kind\":\"repair\",\"title\":\"x\",\"startedOn\":\"2026-03-03\",\"completedOn\":\"2026-03-01\"}")
                .statusCode(400).body("errors[0].field", equalTo("completedOn"));
        post(f, "/hardware/" + device + "/maintenance", "{\"kind\":\"repair\",\"title\":\"x\",\"startedOn\":\"2026-03-03\",\"cost\":-1}")
                .statusCode(400).body("errors[0].field", equalTo("cost"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"note\":\"late\"}")
                .patch("/hardware/" + device + "/maintenance/" + repair).then().statusCode(409).body("detail", containsString("version 1"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"completedOn\":\"2026-01-01\"}")
                .patch("/hardware/" + device + "/maintenance/" + repair).then().statusCode(400).body("errors[0].field", equalTo("completedOn"));
        Fixtures stranger = new Fixtures();
        given().headers(stranger.who).get("/hardware/" + device + "/maintenance").then().statusCode(404);
        given().headers(stranger.who).contentType(ContentType.JSON).body("{\"version\":1,\"note\":\"x\"}")
                .patch("/hardware/" + device + "/maintenance/" + repair).then().statusCode(404);
    }

    @Test
    void aDevicesValueDepreciatesInAStraightLineOverItsCategorysMonths() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Depreciation");
        String laptops = category(f, "{\"name\":\"Laptop\",\"depreciationMonths\":36}");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // 12 whole months of 36 gone: two thirds left
        String young = device(f, visit, laptops, ",\"purchaseCost\":120000,\"purchaseDate\":\"%s\"".formatted(today.minusMonths(12)));
        given().headers(f.who).get("/hardware/" + young).then().body("purchaseCost", equalTo(120000.0f))
                .body("depreciationMonths", equalTo(36)).body("currentValue", equalTo(80000.0f));
        String old = device(f, visit, laptops, ",\"purchaseCost\":999.99,\"purchaseDate\":\"%s\"".formatted(today.minusYears(5)));
        given().headers(f.who).get("/hardware/" + old).then().body("currentValue", equalTo(0.0f));
        String noDate = device(f, visit, laptops, ",\"purchaseCost\":500");
        given().headers(f.who).get("/hardware/" + noDate).then().body("currentValue", nullValue());
        post(f, "/hardware", """
                {"visitReportId":"%s","category":"x","status":"in_use","purchaseCost":-5}""".formatted(visit)).statusCode(400)
                .body("errors[0].field", equalTo("purchaseCost"));
        post(f, "/hardware", """
                {"visitReportId":"%s","category":"x","status":"in_use","purchaseCost":1.234}""".formatted(visit)).statusCode(400)
                .body("errors[0].field", equalTo("purchaseCost"));
    }
}
