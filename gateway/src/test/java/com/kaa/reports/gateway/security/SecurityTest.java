package com.kaa.reports.gateway.security;

import com.kaa.reports.gateway.Tokens;
import com.kaa.reports.gateway.routing.FakeServices;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.KafkaBroker;
import com.kaa.reports.platform.testing.KafkaTestResource;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "gateway")
@WithTestResource(FakeServices.class)
class SecurityTest {

    @Inject
    ReactiveRedisDataSource redis;

    static String org() {
        return "org-" + UUID.randomUUID();
    }

    @Test
    void everyBadTokenIsA401ProblemAndNeverReachesAService() {
        String org = org();
        String expired = Tokens.sign("current-test-key", Tokens.claims(org, "a@x.example", "admin").expiresAt(
                System.currentTimeMillis() / 1000 - 3600).issuedAt(System.currentTimeMillis() / 1000 - 7200));
        String wrongIssuer = Tokens.sign("current-test-key", Tokens.claims(org, "a@x.example", "admin").issuer("https://evil.example"));
        String wrongAudience = Tokens.sign("current-test-key", Tokens.claims(org, "a@x.example", "admin").audience("another-app"));
        String unknownKey = Tokens.sign("unknown-key", Tokens.claims(org, "a@x.example", "admin"));
        String noOrg = Tokens.sign("current-test-key", Tokens.claims(org, "a@x.example", "admin").remove("org"));
        String valid = Tokens.of(org, "a@x.example", "admin");
        String[] parts = valid.split("\\.");
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        String tampered = parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(org, "org-victim")) + "." + parts[2];
        for (String authorization : List.of("", "Basic YTpi", "Bearer", "Bearer not.a.jwt", "Bearer " + expired,
                "Bearer " + wrongIssuer, "Bearer " + wrongAudience, "Bearer " + unknownKey, "Bearer " + noOrg,
                "Bearer " + unsigned, "Bearer " + tampered)) {
            var request = given();
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            request.get("/api/v1/reports").then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("detail", notNullValue())
                    .body("detail", not(containsString("claims")))
                    .body("detail", not(containsString(org)));
        }
        given().header("Authorization", "Bearer " + valid).get("/api/v1/reports").then().statusCode(200);
    }

    @Test
    void keysRotateByKid() {
        String org = org();
        String old = Tokens.sign("old-test-key", Tokens.claims(org, "a@x.example", "viewer"));
        given().header("Authorization", "Bearer " + old).get("/api/v1/reports").then().statusCode(200);
    }

    /** The matrix, row by row, against real routes: [method, path, role, expected status]. */
    @Test
    void theRoleMatrixIsEnforcedOnEveryRoute() {
        String org = org();
        Object[][] cases = {
                {"GET", "/api/v1/reports", "viewer", 200}, {"POST", "/api/v1/reports", "viewer", 403},
                {"POST", "/api/v1/reports", "analyst", 200}, {"POST", "/api/v1/reports/r1/run", "service", 200},
                {"DELETE", "/api/v1/reports/r1", "service", 403}, {"PUT", "/api/v1/schedules/s1", "viewer", 403},
                {"PUT", "/api/v1/schedules/s1", "analyst", 200}, {"GET", "/api/v1/executions/e1", "service", 200},
                {"POST", "/api/v1/executions/e1/cancel", "viewer", 403}, {"POST", "/api/v1/datasets/payments/preview", "viewer", 403},
                {"POST", "/api/v1/datasets/payments/preview", "analyst", 200}, {"GET", "/api/v1/inventory/hardware", "technician", 200},
                {"POST", "/api/v1/inventory/hardware", "technician", 200}, {"POST", "/api/v1/inventory/hardware", "analyst", 403},
                // deactivating an office or a technician is an administrator's; deleting a device stays a technician's
                {"DELETE", "/api/v1/inventory/offices/o1", "technician", 403}, {"DELETE", "/api/v1/inventory/offices/o1", "admin", 200},
                {"DELETE", "/api/v1/inventory/technicians/t1", "technician", 403}, {"DELETE", "/api/v1/inventory/technicians/t1", "admin", 200},
                {"DELETE", "/api/v1/inventory/hardware/h1", "technician", 200},
                {"GET", "/api/v1/reports", "technician", 403}, {"GET", "/api/v1/deliveries", "analyst", 200},
                {"POST", "/api/v1/deliveries/d1/retry", "analyst", 403}, {"POST", "/api/v1/deliveries/d1/retry", "admin", 200},
                {"POST", "/api/v1/webhooks", "analyst", 403}, {"GET", "/api/v1/audit", "analyst", 403},
                {"GET", "/api/v1/reports", "nobody", 403},
        };
        for (Object[] c : cases) {
            Response response = given().header("Authorization", Tokens.bearer(org, (String) c[2]))
                    .contentType(ContentType.JSON).body("{}").request((String) c[0], (String) c[1]);
            assertThat(response.statusCode()).as("%s %s as %s", c[0], c[1], c[2]).isEqualTo(c[3]);
            if ((int) c[3] == 403) {
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.jsonPath().getString("detail")).contains("needs one of");
            }
        }
    }

    @Test
    void signedDownloadLinksNeedNoTokenAndAreAudited() {
        String org = org();
        given().get("/api/v1/downloads/e1/csv?org=" + org + "&expires=1&sig=x").then().statusCode(200)
                .body("uri", containsString("/downloads/e1/csv"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(org, "admin"))
                .get("/api/v1/audit?resource=/api/v1/downloads/").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].action", equalTo("GET /api/v1/downloads/**")));
    }

    @Test
    void mutationsAndRefusalsAreAuditedForTheOrganizationsAdminsAndPublished() {
        String org = org();
        String admin = Tokens.bearer(org, "admin");
        given().header("Authorization", admin).header("User-Agent", "audit-test").contentType(ContentType.JSON).body("{}")
                .post("/api/v1/reports").then().statusCode(200);
        given().header("Authorization", Tokens.bearer(org, "viewer")).contentType(ContentType.JSON).body("{}")
                .delete("/api/v1/reports/r1").then().statusCode(403);
        given().header("Authorization", admin).get("/api/v1/reports").then().statusCode(200);   // reads are not audited

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", admin).get("/api/v1/audit")
                .then().statusCode(200).body("total", equalTo(2))
                .body("items.find { it.outcome == 403 }.action", equalTo("DELETE /api/v1/reports/**"))
                .body("items.find { it.outcome == 200 }.userAgent", equalTo("audit-test"))
                .body("items.find { it.outcome == 200 }.user", equalTo("user@" + org + ".example")));
        given().header("Authorization", Tokens.bearer(org(), "admin")).get("/api/v1/audit").then().body("total", equalTo(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> TopicReader.readAll(Topics.AUDIT, Duration.ofSeconds(1)).stream()
                .filter(r -> r.value().contains(org)).count() >= 2);
    }

    @Test
    void auditEventsOfAKafkaOutageAreKeptAndPublishedWhenTheBrokerIsBack() {
        String org = org();
        String admin = Tokens.bearer(org, "admin");
        KafkaBroker broker = KafkaTestResource.broker();
        broker.stop();
        try {
            for (int i = 0; i < 3; i++) {
                given().header("Authorization", admin).contentType(ContentType.JSON).body("{}").post("/api/v1/reports")
                        .then().statusCode(200);
            }
            // recorded in the gateway's own schema at once: admins read them while Kafka is down
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", admin).get("/api/v1/audit")
                    .then().statusCode(200).body("total", equalTo(3)));
        } finally {
            broker.start();
        }
        // and published once the broker is back: every event, each once (by its CloudEvents id)
        await().atMost(Duration.ofSeconds(60)).until(() -> TopicReader.readAll(Topics.AUDIT, Duration.ofSeconds(1)).stream()
                .filter(r -> r.value().contains(org)).map(r -> r.value().replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1"))
                .distinct().count() == 3);
    }

    @Test
    void aBurstBeyondTheRateIsRefusedWith429AndRateLimitHeaders() {
        String org = org();
        String token = Tokens.bearer(org, "analyst");
        int refused = 0;
        Response last = null;
        for (int i = 0; i < 10; i++) {
            Response response = given().header("Authorization", token).contentType(ContentType.JSON).body("{}")
                    .post("/api/v1/reports/r1/run");
            if (response.statusCode() == 429) {
                refused++;
                last = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
                // Limit, Remaining and Reset describe one window, the burst (3 in %test); the policy its refill (6/min)
                assertThat(response.header("RateLimit-Limit")).isEqualTo("3");
                assertThat(Integer.parseInt(response.header("RateLimit-Remaining"))).isLessThanOrEqualTo(3);
                assertThat(response.header("RateLimit-Policy")).isEqualTo("3;w=30");
            }
        }
        assertThat(refused).isGreaterThanOrEqualTo(5);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");
        // other users and other classes are not affected
        given().header("Authorization", Tokens.bearer(org, "viewer")).get("/api/v1/reports").then().statusCode(200);
    }

    @Test
    void withRedisUnresponsiveRequestsAreStillLimitedLocallyAndHealthSaysDegraded() {
        String org = org();
        redis.execute("CLIENT", "PAUSE", "2500", "ALL").await().indefinitely();
        given().header("Authorization", Tokens.bearer(org, "analyst")).get("/api/v1/reports").then().statusCode(200)
                .header("RateLimit-Limit", notNullValue());
        given().get("/q/health/ready").then().body(containsString("degraded"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            given().header("Authorization", Tokens.bearer(org, "analyst")).get("/api/v1/reports").then().statusCode(200);
            given().get("/q/health/ready").then().body(containsString("\"healthy\""));
        });
        // one check per service, informational: an unready service must not take the gateway out of its Service
        given().get("/q/health/well").then().statusCode(200).body("checks.size()", greaterThanOrEqualTo(4))
                .body("checks.name", hasItem("report-execution-service"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("report-execution-service")));
    }

    // failed before: the configured max-token-age key was not one the library reads, and no check looked at iat
    @Test
    void aTokenIssuedMoreThanADayAgoOrInTheFutureIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        String old = Tokens.sign("current-test-key", Tokens.claims(org(), "a@x.example", "admin")
                .issuedAt(now - 2 * 86400).expiresAt(now + 3600));
        given().header("Authorization", "Bearer " + old).get("/api/v1/reports").then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("older than"));
        String future = Tokens.sign("current-test-key", Tokens.claims(org(), "a@x.example", "admin")
                .issuedAt(now + 3600).expiresAt(now + 7200));
        given().header("Authorization", "Bearer " + future).get("/api/v1/reports").then().statusCode(401)
                .body("detail", containsString("future"));
    }

    @Test
    void anExpiredTokenIsCalledExpiredAndNothingOfItsContentIsEchoed() {
        String org = org();
        long now = System.currentTimeMillis() / 1000;
        String expired = Tokens.sign("current-test-key", Tokens.claims(org, "secret-user@x.example", "admin")
                .issuedAt(now - 7200).expiresAt(now - 3600));
        given().header("Authorization", "Bearer " + expired).get("/api/v1/reports").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\", error_description=\"the bearer token has expired\""))
                .body("detail", equalTo("the bearer token has expired"));
    }

    // failed before: the gateway prefixed its own paths with the public path again (/api/v1/api/v1/audit, /api/v1/foo)
    @Test
    void aProblemOfTheGatewayNamesThePathTheCallerUsed() {
        given().header("Authorization", Tokens.bearer(org(), "admin")).get("/api/v1/audit?from=notadate").then().statusCode(400)
                .contentType("application/problem+json").body("instance", equalTo("/api/v1/audit"));
        given().get("/foo").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No resource at /foo")).body("instance", equalTo("/foo"));
    }

    // failed before: a token valid only from an hour ahead was called expired
    @Test
    void aTokenNotValidYetIsCalledSo() {
        long now = System.currentTimeMillis() / 1000;
        String early = Tokens.sign("current-test-key", Tokens.claims(org(), "a@x.example", "admin")
                .issuedAt(now).claim("nbf", now + 3600).expiresAt(now + 7200));
        given().header("Authorization", "Bearer " + early).get("/api/v1/reports").then().statusCode(401)
                .body("detail", equalTo("the bearer token is not valid yet (nbf is in the future)"));
    }

    @Test
    void claimsThatAreNotStringsAreRefusedNotStripped() {
        String token = Tokens.sign("current-test-key", Tokens.claims(org(), "a@x.example", "admin")
                .claim("org", java.util.Map.of("name", "acme")));
        given().header("Authorization", "Bearer " + token).get("/api/v1/reports").then().statusCode(401)
                .body("detail", containsString("org claim must be a string"));
    }

    // failed before: the audit entry was written in the org= of any link, verified or not, without a token
    @Test
    void aDownloadIsAuditedInTheLinksOrganizationOnlyWhenTheServiceVerifiedTheLink() {
        String victim = org();
        given().get("/api/v1/downloads/forged/csv?org=" + victim + "&expires=1&sig=x").then().statusCode(403);
        given().get("/api/v1/downloads/e1/csv?org=" + victim + "&expires=1&sig=good").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(victim, "admin"))
                .get("/api/v1/audit?resource=/api/v1/downloads/").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].outcome", equalTo(200)));
    }

    // failed before: a link signed for one organization was served with another organization's token beside it
    @Test
    void aDownloadWhoseTokenAndLinkNameDifferentOrganizationsIsRefused() {
        String org = org();
        given().header("Authorization", Tokens.bearer(org(), "admin")).get("/api/v1/downloads/e1/csv?org=" + org + "&expires=1&sig=x")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("organization"));
        given().header("Authorization", Tokens.bearer(org, "viewer")).get("/api/v1/downloads/e1/csv?org=" + org + "&expires=1&sig=x")
                .then().statusCode(200);
        given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/downloads/e1/csv?org=" + org + "&expires=1&sig=x")
                .then().statusCode(401);
    }

    // failed before: 0 of 150 anonymous downloads and 0 of 100 bad tokens were throttled
    @Test
    void anonymousDownloadsAndBadTokensAreThrottledPerClientAddress() throws Exception {
        java.util.Random random = new java.util.Random();
        String downloader = "127.0.0." + (2 + random.nextInt(120));
        String guesser = "127.0.0." + (130 + random.nextInt(120));
        int downloadsRefused = 0;
        for (int i = 0; i < 150; i++) {
            int status = PathSpellingTest.sendFrom(downloader, "GET", "/api/v1/downloads/e1/csv?org=o&expires=1&sig=x", null).status();
            assertThat(status).isIn(200, 429);
            downloadsRefused += status == 429 ? 1 : 0;
        }
        int guessesRefused = 0;
        for (int i = 0; i < 100; i++) {
            int status = PathSpellingTest.sendFrom(guesser, "GET", "/api/v1/reports", "Bearer guess." + i).status();
            assertThat(status).isIn(401, 429);
            guessesRefused += status == 429 ? 1 : 0;
        }
        assertThat(downloadsRefused).isGreaterThanOrEqualTo(100);
        assertThat(guessesRefused).isGreaterThanOrEqualTo(50);
        // another address is not affected
        assertThat(PathSpellingTest.sendFrom("127.0.0.1", "GET", "/api/v1/downloads/e1/csv?org=o&expires=1&sig=x", null)
                .status()).isEqualTo(200);
    }

    // failed before: the HTTP codec answered both with an empty body
    @Test
    void anOverlongTargetOrOversizedHeadersAreProblemsNotEmptyAnswers() {
        given().header("Authorization", Tokens.bearer(org(), "viewer")).get("/api/v1/reports?q=" + "a".repeat(5_000))
                .then().statusCode(414).contentType("application/problem+json").body("detail", containsString("4000"));
        given().header("Authorization", Tokens.bearer(org(), "viewer")).header("X-Big", "b".repeat(20_000)).get("/api/v1/reports")
                .then().statusCode(431).contentType("application/problem+json");
    }

    // found from the outside: a second Authorization header, a second org= in a link, a malformed query escape
    @Test
    void ambiguousCredentialsAndMalformedQueriesAreRefusedAsProblems() throws Exception {
        String org = org();
        given().header("Authorization", Tokens.bearer(org, "viewer")).header("Authorization", "Bearer other")
                .get("/api/v1/reports").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("one Authorization header"));
        given().urlEncodingEnabled(false).get("/api/v1/downloads/e1/csv?org=" + org + "&expires=1&sig=x&org=other")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("org once"));
        // refused by Vert.x's HTTP codec before any handler, as a 414 or 431 beyond its limits: without a body
        PathSpellingTest.Answer malformed = PathSpellingTest.send("GET", "/api/v1/reports?search=%zz", Tokens.bearer(org, "viewer"));
        assertThat(malformed.status()).isEqualTo(400);
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
