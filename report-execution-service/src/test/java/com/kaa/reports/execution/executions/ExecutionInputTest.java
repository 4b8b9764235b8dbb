package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;

/** Edge values on every endpoint of the service: each is a 400 problem+json naming what is wrong, never a 5xx. */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class ExecutionInputTest {

    private final Map<String, String> alice = TestIdentity.of("org-" + UUID.randomUUID(), "alice", "admin");

    /** failed before: the download inherited the bearer requirement and declared JSON, while it returns files */
    @Test
    void theApiDocumentSaysADownloadNeedsNoTokenAndReturnsFiles() {
        io.restassured.path.json.JsonPath doc = given().queryParam("format", "json").get("/q/openapi").jsonPath();
        String op = "paths.'/downloads/{execution}/{format}'.get";
        org.assertj.core.api.Assertions.assertThat(doc.getList(op + ".security")).isEmpty();
        org.assertj.core.api.Assertions.assertThat(doc.getMap(op + ".responses.'200'.content").keySet())
                .contains("text/csv", "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        org.assertj.core.api.Assertions.assertThat(doc.getString(op + ".operationId")).isEqualTo("downloadOutput");
        // and the SSE stream is declared as one, not as a JSON array a client would parse whole
        String events = "paths.'/executions/{id}/events'.get.responses.'200'.content";
        org.assertj.core.api.Assertions.assertThat(doc.getMap(events).keySet()).containsExactly("text/event-stream");
        org.assertj.core.api.Assertions.assertThat(doc.getString(events + ".'text/event-stream'.schema.type")).isEqualTo("string");
    }

    @Test
    void listBoundsAreYears0001To9999NamingTheParameter() {
        for (String parameter : new String[] {"from", "to"}) {
            for (String value : new String[] {"+999999999-12-31T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T00:00:00Z",
                    "9999-12-31T23:00:00-05:00", "+999999999-12-31", "yesterday"}) {
                badRequest(given().headers(alice).urlEncodingEnabled(false)
                        .get("/executions?" + parameter + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)), parameter);
            }
        }
        // the spelling: an unencoded + is a space
        badRequest(given().headers(alice).urlEncodingEnabled(false).get("/executions?to=+999999999-12-31"), "to");
        given().headers(alice).queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "9999-12-31T00:00:00Z")
                .get("/executions").then().statusCode(200);
    }

    @Test
    void aNulCharacterInAQueryParameterOrATextIsRefused() {
        badRequest(given().headers(alice).urlEncodingEnabled(false).get("/executions?status=queued%00"), null);
        badRequest(given().headers(alice).urlEncodingEnabled(false).get("/executions/" + UUID.randomUUID() + "/download-url?format=csv%00"), null);
        badRequest(given().headers(alice).urlEncodingEnabled(false).get("/datasets/payments%00"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"eq\",\"value\":\"a\\u0000b\"}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"contains\",\"value\":\"\\u0000\"}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"id\",\"op\":\"in\",\"value\":[\"x\",\"\\u0000\"]}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"]},\"timeZone\":\"Africa/Nairobi\\u0000\"}"), "timeZone");
    }

    @Test
    void previewFilterDatesBeyondYear9999AreRefused() {
        badRequest(preview("bookings", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"check_in\",\"op\":\"gte\",\"value\":\"+57440-04-10\"}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"occurred_at\",\"op\":\"lt\",\"value\":\"+10000-01-01T00:00:00Z\"}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"amount\",\"op\":\"gt\",\"value\":\"1e999999\"}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"],\"filters\":[{\"column\":\"occurred_hour\",\"op\":\"eq\",\"value\":99999999999999999999}]}}"), null);
        badRequest(preview("payments", "{\"querySpec\":{\"columns\":[\"id\"]},\"limit\":1e99}"), null);
    }

    @Test
    void otherEdgeValuesAreClientErrors() {
        given().headers(alice).get("/executions/not-an-id").then().statusCode(404).contentType("application/problem+json");
        given().headers(alice).post("/executions/not-an-id/retry").then().statusCode(404).contentType("application/problem+json");
        given().headers(alice).queryParam("format", "csv").queryParam("ttl", "PT99999999999999999H")
                .get("/executions/" + UUID.randomUUID() + "/download-url").then().statusCode(400).contentType("application/problem+json");
        badRequest(given().headers(alice).queryParam("page", "99999999999").get("/executions"), "page");
        badRequest(given().headers(alice).queryParam("reportId", "x").get("/executions"), "reportId");
        given().urlEncodingEnabled(false).get("/downloads/" + UUID.randomUUID() + "/csv?org=a&expires=99999999999999999999&kid=k&sig=s")
                .then().statusCode(either(equalTo(400)).or(equalTo(403)).or(equalTo(404))).contentType("application/problem+json");
        given().urlEncodingEnabled(false).get("/downloads/" + UUID.randomUUID() + "/csv?org=a&expires=-1&kid=k&sig=s")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private Response preview(String dataset, String body) {
        return given().headers(alice).contentType(ContentType.JSON).body(body).post("/datasets/" + dataset + "/preview");
    }

    private static void badRequest(Response response, String naming) {
        var then = response.then().statusCode(400).contentType("application/problem+json");
        if (naming != null) {
            then.body(containsString(naming));
        }
    }
}
