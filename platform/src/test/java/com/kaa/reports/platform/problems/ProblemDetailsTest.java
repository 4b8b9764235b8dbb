package com.kaa.reports.platform.problems;

import com.kaa.reports.platform.sample.Identities;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.PostgresTestResource;
import com.kaa.reports.platform.sample.NoteEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test", topics = NoteEvents.TOPIC)
class ProblemDetailsTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void malformedJsonIsA400ProblemNamingWhere() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"unclosed")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", containsString("Malformed JSON"));
    }

    @Test
    void wrongTypeOfAFieldIsA400NamingTheField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"stars\": \"many\"}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("stars"))
                .body("detail", containsString("expected a number"));
    }

    /** failed before: a 405 without Allow */
    @Test
    void aMethodTheResourceDoesNotHaveIsA405ThatSaysWhichItHas() {
        given().headers(Identities.of("org-a")).delete("/notes")
                .then().statusCode(405).contentType(PROBLEM).header("Allow", equalTo("OPTIONS, POST"));
        given().headers(Identities.of("org-a")).delete("/notes/" + java.util.UUID.randomUUID())
                .then().statusCode(405).header("Allow", equalTo("GET, HEAD, OPTIONS"));
    }

    /** failed before: only a 500 carried a trace id */
    @Test
    void everyProblemCarriesTheRequestsTraceId() {
        given().headers(Identities.of("org-a")).header("X-Request-Id", "trace-me-1").contentType(ContentType.JSON)
                .body("{\"text\": \"\"}").post("/notes")
                .then().statusCode(400).body("traceId", equalTo("trace-me-1"));
    }

    /** failed before: "Malformed JSON at line 1, column 30", naming neither the field nor the range */
    @Test
    void aNumberTooLargeForItsFieldIsA400NamingTheField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"stars\": 99999999999}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("stars"))
                .body("detail", containsString("between -2147483648 and 2147483647"));
    }

    /** failed before: a name of control characters was stored (and would make an XLSX no reader opens) */
    @Test
    void aControlCharacterInTextIsA400NamingTheField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"a\\u0001b\"}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("text"))
                .body("detail", containsString("control characters"));
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"line one\\nline\\ttwo\\r\\n\"}")
                .post("/notes")
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    @Test
    void badDateIsA400NamingTheField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"due\": \"tomorrow\"}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("due"));
    }

    @Test
    void validationFailureListsEachField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"\", \"stars\": 11}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("stars"))
                .body("instance", equalTo("/notes"));
    }

    @Test
    void missingBodyIsA400() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON)
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void invalidQueryParameterIsA400NamingIt() {
        given().headers(Identities.of("org-a")).queryParam("limit", 1000)
                .get("/notes/search")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void unparseablePathParameterIsA404NotA500() {
        given().headers(Identities.of("org-a"))
                .get("/notes/not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void unknownRouteIsA404Problem() {
        given().get("/no/such/route")
                .then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404));
    }

    /** failed before: the system tests' suite ran out of connection slots and a hostile-input probe got a 500 */
    @Test
    void aDatabaseThatRefusesConnectionsIsA503WithRetryAfter() throws Exception {
        String database = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kaa.test.database", String.class);
        try (java.sql.Connection admin = PostgresTestResource.admin("postgres"); java.sql.Statement sql = admin.createStatement()) {
            // no new connection is accepted (53300, as with max_connections reached) and the pool's open ones are gone
            sql.execute("alter database \"" + database + "\" connection limit 0");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                        given().headers(Identities.of("org-a")).get("/notes/" + UUID.randomUUID())
                                .then().statusCode(503).contentType(PROBLEM)
                                .header("Retry-After", equalTo("2"))
                                .body("detail", containsString("53300")));
            } finally {
                sql.execute("alter database \"" + database + "\" connection limit -1");
            }
        }
        // and it serves again as soon as the database does
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                given().headers(Identities.of("org-a")).get("/notes/" + UUID.randomUUID()).then().statusCode(404));
    }

    @Test
    void unknownIdIsA404Problem() {
        given().headers(Identities.of("org-a"))
                .get("/notes/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("does not exist"));
    }

    @Test
    void wrongMediaTypeIsA415Problem() {
        given().headers(Identities.of("org-a")).contentType(ContentType.TEXT).body("text=hello")
                .post("/notes")
                .then().statusCode(415).contentType(PROBLEM)
                .body("detail", containsString("text/plain"));
    }

    @Test
    void wrongMethodIsA405Problem() {
        given().headers(Identities.of("org-a")).delete("/notes/whoami")
                .then().statusCode(405).contentType(PROBLEM);
    }

    @Test
    void bugIsA500WithTraceIdAndNoInternals() {
        given().headers(Identities.of("org-a")).header("X-Request-Id", "req-123")
                .get("/notes/boom")
                .then().statusCode(500).contentType(PROBLEM)
                .body("traceId", equalTo("req-123"))
                .body("detail", not(containsString("secret")))
                .body("stackTrace", nullValue())
                .body("title", notNullValue());
    }

    // the bounds below failed before platform input/ (a NUL or a year past 9999 reached Postgres as a 500)
    @Test
    void aNulCharacterInAnyTextFieldIsA400NamingTheField() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"a\\u0000b\"}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("text"))
                .body("detail", containsString("NUL"));
    }

    @Test
    void aDateBeyondYear9999IsA400NamingTheFieldHoweverItIsSpelled() {
        for (String due : new String[] {"\"+57440-04-10\"", "\"-0001-01-01\"", "20000000", "\"10000-01-01\""}) {
            given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"due\": " + due + "}")
                    .post("/notes")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("errors.field", hasItem("due"));
        }
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"due\": \"9999-12-31\"}")
                .post("/notes")
                .then().statusCode(200);
    }

    @Test
    void aDateQueryParameterOutOfRangeOrMisspelledIsA400NamingIt() {
        for (String due : new String[] {"+999999999-12-31", "10000-01-01", "tomorrow"}) {
            given().headers(Identities.of("org-a")).queryParam("limit", 1).queryParam("due", due)
                    .get("/notes/search")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("errors.field", hasItem("due"));
        }
        given().headers(Identities.of("org-a")).queryParam("limit", 1).queryParam("due", "2026-12-31")
                .get("/notes/search")
                .then().statusCode(200).body(containsString("due 2026-12-31"));
    }

    @Test
    void aNulCharacterInThePathOrQueryIsA400() {
        given().headers(Identities.of("org-a")).urlEncodingEnabled(false)
                .get("/notes/search?limit=1&q=a%00b")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("NUL"));
        given().headers(Identities.of("org-a")).urlEncodingEnabled(false)
                .get("/notes/a%00b")
                .then().statusCode(400).contentType(PROBLEM);
    }

    // failed before: unknown fields and query parameters were dropped without a word
    @Test
    void anUnknownFieldIsA400NamingIt() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"ipAddress\": \"10.0.0.1\"}")
                .post("/notes")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("ipAddress"))
                .body("detail", containsString("is not a known field"));
    }

    @Test
    void anUnknownQueryParameterIsA400NamingItAndTheKnownOnes() {
        given().headers(Identities.of("org-a")).queryParam("limit", 1).queryParam("search", "x")
                .get("/notes/search")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("search"))
                .body("detail", containsString("takes due, limit, unit"));
        given().headers(Identities.of("org-a")).queryParam("limit", 1).get("/notes/search").then().statusCode(200);
    }

    // failed before: JAX-RS answers 404 for a query parameter it cannot convert
    @Test
    void anUnparseableQueryParameterIsA400NamingIt() {
        given().headers(Identities.of("org-a")).queryParam("limit", "99999999999")
                .get("/notes/search")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("limit"))
                .body("detail", containsString("expected an integer"));
        given().headers(Identities.of("org-a")).queryParam("limit", 1).queryParam("unit", "FORTNIGHTS")
                .get("/notes/search")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("unit"))
                .body("detail", containsString("one of [NANOSECONDS"));
        given().headers(Identities.of("org-a")).queryParam("limit", 1).queryParam("unit", "SECONDS")
                .get("/notes/search").then().statusCode(200);
    }

    // found from the outside: trailing JSON, dates as numbers, a repeated parameter and a body nobody reads were accepted
    @Test
    void trailingJsonDatesAsNumbersRepeatedParametersAndUnexpectedBodiesAreRefused() {
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\"}}}")
                .post("/notes").then().statusCode(400).contentType(PROBLEM);
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"text\": \"x\", \"due\": 20240101}")
                .post("/notes").then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("due"))
                .body("detail", containsString("not a number"));
        given().headers(Identities.of("org-a")).queryParam("limit", 1, 2).get("/notes/search")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("limit"));
        given().headers(Identities.of("org-a")).contentType(ContentType.JSON).body("{\"zzUnknown\": 1}")
                .get("/notes/whoami").then().statusCode(400).contentType(PROBLEM).body("detail", containsString("no request body"));
    }
}
