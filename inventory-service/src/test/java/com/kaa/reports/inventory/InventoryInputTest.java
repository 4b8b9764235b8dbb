package com.kaa.reports.inventory;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * Edge values on every endpoint: each is a 4xx problem+json naming what is wrong, never a 5xx. Dates are held to
 * years 0001-9999 (Postgres and every consumer of our events refuse the rest: one such visit date once stopped the
 * execution service's ingestion for every organization), text may not hold a NUL.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class InventoryInputTest {

    /** Sends a multipart body as it is written, not as RestAssured would build it. */
    private static final RestAssuredConfig RAW = RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("multipart/form-data", ContentType.TEXT));
    private static final String[] FAR = {"\"+57440-04-10\"", "\"+10000-01-01\"", "\"0000-12-31\"", "\"-0001-01-01\"", "20000000"};

    @Test
    void visitDatesOutsideYears0001To9999AreA400NamingVisitDate() {
        Fixtures f = new Fixtures();
        for (String day : FAR) {
            badRequest(post(f, "/visit-reports", "{\"officeId\":\"%s\",\"visitDate\":%s,\"purpose\":\"x\"}".formatted(f.office, day)), "visitDate");
        }
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Bounds");
        for (String day : FAR) {
            badRequest(patch(f, "/visit-reports/" + visit, "{\"version\":0,\"visitDate\":%s}".formatted(day)), "visitDate");
        }
        for (String parameter : new String[] {"from", "to"}) {
            badRequest(given().headers(f.who).urlEncodingEnabled(false).get("/visit-reports?" + parameter + "=%2B57440-04-10"), parameter);
            badRequest(given().headers(f.who).urlEncodingEnabled(false).get("/visit-reports?" + parameter + "=+999999999-12-31"), parameter);
            badRequest(given().headers(f.who).urlEncodingEnabled(false).get("/visit-reports?" + parameter + "=0000-01-01"), parameter);
        }
        given().headers(f.who).get("/visit-reports/" + visit).then().statusCode(200).body("visitDate", equalTo("2026-03-02"));
    }

    @Test
    void aVisitIsFiledFrom2000ToTenYearsAheadBecauseEachMonthIsAPartition() {
        Fixtures f = new Fixtures();
        for (String day : new String[] {"\"1999-12-31\"", "\"0001-01-01\"", "\"" + LocalDate.now().plusYears(10).plusDays(1) + "\"", "\"9999-12-31\""}) {
            badRequest(post(f, "/visit-reports", "{\"officeId\":\"%s\",\"visitDate\":%s,\"purpose\":\"x\"}".formatted(f.office, day)), "visitDate");
        }
        String visit = f.visitReport(LocalDate.of(2000, 1, 1), "Oldest");
        badRequest(patch(f, "/visit-reports/" + visit, "{\"version\":0,\"visitDate\":\"9999-12-31\"}"), "visitDate");
        f.visitReport(LocalDate.now().plusYears(10), "Furthest planned");
    }

    @Test
    void purchaseAndWarrantyDatesOutsideYears0001To9999AreA400NamingTheField() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Bounds");
        String device = f.hardware(visit, "SN-B-" + UUID.randomUUID());
        for (String field : new String[] {"purchaseDate", "warrantyExpiry"}) {
            for (String day : FAR) {
                badRequest(post(f, "/hardware", "{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\",\"%s\":%s}"
                        .formatted(visit, field, day)), field);
                badRequest(patch(f, "/hardware/" + device, "{\"version\":0,\"%s\":%s}".formatted(field, day)), field);
                clientError(post(f, "/hardware/bulk", "{\"mode\":\"partial\",\"items\":[{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\",\"%s\":%s}]}"
                        .formatted(visit, field, day)), field);
                clientError(given().headers(f.who).contentType(ContentType.JSON).body("{\"mode\":\"partial\",\"items\":[{\"id\":\"%s\",\"%s\":%s}]}"
                        .formatted(device, field, day)).patch("/hardware/bulk"), field);
            }
            // a CSV row with such a date is that row's error
            given().headers(f.who).contentType("text/csv").queryParam("visitReportId", visit)
                    .body("category,status," + field + "\nlaptop,in_use,+57440-04-10\nlaptop,in_use,2026-01-31\n")
                    .post("/hardware/import").then().statusCode(200).body("succeeded", equalTo(1)).body("failed", equalTo(1))
                    .body("results[0].error", containsString(field));
        }
        given().headers(f.who).get("/hardware/" + device).then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void recyclingDatesOutsideYears0001To9999AreA400NamingRecycledOn() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Bounds");
        String device = f.hardware(visit, "SN-R-" + UUID.randomUUID());
        for (String day : FAR) {
            badRequest(post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"recycledOn\":%s}".formatted(device, day)), "recycledOn");
        }
        String record = post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"recycledOn\":\"2026-03-03\"}".formatted(device))
                .then().statusCode(201).extract().path("id");
        for (String day : FAR) {
            badRequest(patch(f, "/recycling/" + record, "{\"version\":0,\"recycledOn\":%s}".formatted(day)), "recycledOn");
        }
        for (String path : new String[] {"/recycling", "/recycling/summary"}) {
            for (String parameter : new String[] {"from", "to"}) {
                badRequest(given().headers(f.who).urlEncodingEnabled(false).get(path + "?" + parameter + "=%2B57440-04-10"), parameter);
                badRequest(given().headers(f.who).urlEncodingEnabled(false).get(path + "?" + parameter + "=0000-12-31"), parameter);
            }
        }
    }

    @Test
    void theFirstAndLastDaysOfTheBoundsAreAccepted() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Edges");
        String device = post(f, "/hardware", "{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\",\"purchaseDate\":\"0001-01-01\",\"warrantyExpiry\":\"9999-12-31\"}"
                .formatted(visit)).then().statusCode(201).extract().path("id");
        post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"recycledOn\":\"9999-12-31\"}".formatted(device)).then().statusCode(201);
        given().headers(f.who).queryParam("sortBy", "warrantyExpiry").queryParam("warrantyWithinDays", 3650).get("/hardware").then().statusCode(200);
        given().headers(f.who).queryParam("from", "0001-01-01").queryParam("to", "9999-12-31").get("/visit-reports").then().statusCode(200);
        given().headers(f.who).queryParam("from", "0001-01-01").queryParam("to", "9999-12-31").get("/recycling").then().statusCode(200)
                .body("total", equalTo(1));
        given().headers(f.who).queryParam("from", "9990-01-01").queryParam("to", "9999-12-31").get("/recycling/summary").then().statusCode(200)
                .body("records", equalTo(1));
        given().headers(f.who).queryParam("from", "0001-01-01").queryParam("to", "0001-12-31").get("/recycling/summary").then().statusCode(200);
        given().headers(f.who).get("/visit-reports/" + visit + "/summary").then().statusCode(200);
    }

    /** A name of control characters only once answered 409 (a conflict with nothing): it is bad input, a 400 naming it. */
    @Test
    void aNameOfControlCharactersIsA400NamingIt() {
        Fixtures f = new Fixtures();
        badRequest(post(f, "/offices", "{\"name\":\"\\u0001\"}"), "name");
        badRequest(post(f, "/offices", "{\"name\":\"\\u0001\\u0007 \"}"), "name");
        badRequest(post(f, "/technicians", "{\"name\":\"\\u0002\",\"email\":\"c@d.example\"}"), "name");
    }

    @Test
    void aNulCharacterInAnyTextIsA400() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Bounds");
        badRequest(post(f, "/offices", "{\"name\":\"HQ\\u0000\"}"), "name");
        badRequest(post(f, "/technicians", "{\"name\":\"Achieng\\u0000\",\"email\":\"a@b.example\"}"), "name");
        badRequest(post(f, "/visit-reports", "{\"officeId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"a\\u0000\"}".formatted(f.office)), "purpose");
        badRequest(post(f, "/hardware", "{\"visitReportId\":\"%s\",\"category\":\"laptop\",\"status\":\"in_use\",\"notes\":\"\\u0000\"}".formatted(visit)), "notes");
        badRequest(post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"\\u0000\",\"recycledOn\":\"2026-03-03\"}".formatted(UUID.randomUUID())), "method");
        badRequest(given().headers(f.who).urlEncodingEnabled(false).get("/visit-reports?q=a%00b"), null);
        badRequest(given().headers(f.who).urlEncodingEnabled(false).get("/hardware?building=a%00"), null);
        given().headers(f.who).contentType("text/csv").queryParam("visitReportId", visit)
                .body("category,status,notes\nlaptop,in_use,a\u0000b\nlaptop,in_use,fine\n".getBytes(StandardCharsets.UTF_8))
                .post("/hardware/import").then().statusCode(anyOf(is(200), is(400))).contentType(anyOf(containsString("json")))
                .body("succeeded", anyOf(equalTo(1), org.hamcrest.Matchers.nullValue()));
        given().headers(f.who).contentType("text/csv").queryParam("visitReportId", visit)
                .body("category,status\nlap\u0000top,in_use\n".getBytes(StandardCharsets.UTF_8))
                .post("/hardware/import").then().statusCode(anyOf(is(200), is(400), is(422))).contentType(containsString("json"))
                .body("succeeded", anyOf(equalTo(0), org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void aMultipartBodyWhoseBoundaryDoesNotMatchIsA400() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Bounds");
        String body = "--real\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--real--\r\n";
        String[][] wrong = {{"multipart/form-data; boundary=announced", body}, {"multipart/form-data", body},
                {"multipart/form-data; boundary=real", "--real\r\ngarbage"}, {"multipart/form-data; boundary=real", ""},
                {"multipart/form-data; boundary=announced", ""}};
        for (String[] request : wrong) {
            given().headers(f.who).config(RAW).contentType(request[0]).body(request[1].getBytes(StandardCharsets.UTF_8))
                    .post("/visit-reports/" + visit + "/attachments").then().statusCode(400).contentType("application/problem+json");
        }
        given().headers(f.who).multiPart("file", "a.txt", "hello".getBytes(), "text/plain")
                .post("/visit-reports/" + visit + "/attachments").then().statusCode(201);
    }

    @Test
    void otherEdgeValuesAreClientErrors() {
        Fixtures f = new Fixtures();
        for (String path : new String[] {"/offices/x", "/technicians/x", "/visit-reports/x", "/visit-reports/x/summary",
                "/hardware/x", "/recycling/x", "/attachments/x", "/attachments/x/content", "/visit-reports/x/attachments"}) {
            given().headers(f.who).get(path).then().statusCode(404).contentType("application/problem+json");
        }
        badRequest(given().headers(f.who).queryParam("page", "99999999999").get("/visit-reports"), "page");
        clientError(given().headers(f.who).queryParam("cursor", "!!!").get("/visit-reports"), "cursor");
        clientError(given().headers(f.who).queryParam("cursor", "eyJ4Ijoi").get("/hardware"), "cursor");
        clientError(given().headers(f.who).queryParam("sortBy", "x;drop").get("/hardware"), "sortBy");
        clientError(given().headers(f.who).queryParam("warrantyWithinDays", "-1").get("/hardware"), "warrantyWithinDays");
        clientError(given().headers(f.who).queryParam("from", "2026-01-01").queryParam("to", "2025-01-01").get("/recycling/summary"), "from");
        clientError(post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"x\",\"weightKg\":1e999999,\"recycledOn\":\"2026-03-03\"}"
                .formatted(UUID.randomUUID())), "weightKg");
        clientError(post(f, "/visit-reports", "{\"officeId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"x\",\"completion\":1e20}"
                .formatted(f.office)), null);   // Jackson stops at the number, before it knows the field
        clientError(given().headers(f.who).contentType("text/csv").queryParam("mode", "sideways").body("category,status\n").post("/hardware/import"), null);
        clientError(given().headers(f.who).contentType("text/csv").body(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0}).post("/hardware/import"), null);
    }

    private static Response post(Fixtures f, String path, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).post(path);
    }

    private static Response patch(Fixtures f, String path, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).patch(path);
    }

    private static void badRequest(Response response, String naming) {
        var then = response.then().statusCode(400).contentType("application/problem+json");
        if (naming != null) {
            then.body(containsString(naming));
        }
    }

    private static void clientError(Response response, String naming) {
        var then = response.then().statusCode(anyOf(is(400), is(404), is(422))).contentType("application/problem+json");
        if (naming != null) {
            then.body(containsString(naming));
        }
    }
}
