package com.kaa.reports.gateway.routing;

import com.kaa.reports.gateway.Tokens;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.restassured.RestAssured;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "gateway")
@WithTestResource(FakeServices.class)
class RoutingTest {

    static final String ADMIN = Tokens.bearer("org-routing", "admin");

    @jakarta.inject.Inject
    io.vertx.core.Vertx vertx;

    /** Requests as an admin of org-routing: routing is what these tests look at, not access. */
    static io.restassured.specification.RequestSpecification given() {
        return RestAssured.given().header("Authorization", ADMIN);
    }

    @Test
    void publicPathsReachTheirServiceWithThePrefixStrippedAndTheQueryKept() {
        given().get("/api/v1/reports/r-1?sortBy=name").then().statusCode(200).body("uri", equalTo("/reports/r-1?sortBy=name"));
        given().get("/api/v1/templates").then().statusCode(200).body("uri", equalTo("/templates"));
        given().get("/api/v1/executions/e-1/events").then().statusCode(200).body("uri", equalTo("/executions/e-1/events"));
        given().get("/api/v1/inventory/visit-reports/v-9").then().statusCode(200).body("uri", equalTo("/visit-reports/v-9"));
    }

    /** A header both the gateway and the service set appears once, as the service wrote it (it knows its content). */
    @Test
    void aHeaderTheServiceSetsReplacesTheGatewaysDefault() {
        io.restassured.response.Response r = given().get("/api/v1/executions/own-headers");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().getValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(r.headers().getValues("Cache-Control")).containsExactly("private, max-age=60");
    }

    @Test
    void methodAndBodyArePassedThrough() {
        given().contentType(ContentType.JSON).body("{\"name\":\"Monthly\"}").post("/api/v1/reports")
                .then().statusCode(200).body("method", equalTo("POST")).body("bodyBytes", equalTo(18));
    }

    @Test
    void identityHeadersFromOutsideAreReplacedByTheTokensSigned() {
        given().header("X-Kaa-Organization", "someone-else").header("X-Kaa-User", "mallory")
                .header("X-Kaa-Roles", "admin").header("X-Kaa-Identity-Signature", "forged")
                .get("/api/v1/reports")
                .then().statusCode(200)
                .body("headers.x-kaa-organization", equalTo("org-routing"))
                .body("headers.x-kaa-user", equalTo("user@org-routing.example"))
                .body("headers.x-kaa-roles", equalTo("admin"))
                .body("headers.x-kaa-identity-signature", not(equalTo("forged")));
    }

    @Test
    void requestIdIsCreatedWhenMissingAndKeptWhenGiven() {
        given().header("X-Request-Id", "abc-123").get("/api/v1/reports")
                .then().header("X-Request-Id", "abc-123").body("headers.x-request-id", equalTo("abc-123"));
        given().get("/api/v1/reports").then().header("X-Request-Id", notNullValue())
                .body("headers.x-request-id", notNullValue());
    }

    @Test
    void aGetThatFoundItsConnectionClosedIsSentOnceMoreButAPostIsNot() {
        given().get("/api/v1/reports/drop-once/get").then().statusCode(200).body("uri", equalTo("/reports/drop-once/get"));
        assertThat(FakeServices.ATTEMPTS.get("/reports/drop-once/get")).hasValue(2);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/reports/drop-once/post").then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("report-definition-service"));
        assertThat(FakeServices.ATTEMPTS.get("/reports/drop-once/post")).hasValue(1);
    }

    @Test
    void serverSentEventsReachTheClientAsTheServiceWritesThem() throws Exception {
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/executions/sse")).header("Authorization", ADMIN).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<Long> arrivals = new java.util.ArrayList<>();
        List<String> events = new java.util.ArrayList<>();
        response.body().filter(line -> line.startsWith("data:")).forEach(line -> {
            events.add(line);
            arrivals.add(System.nanoTime());
        });
        assertThat(events).containsExactly("data: one", "data: two");
        // buffered by the gateway, both would arrive together once the service ended the stream
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThan(Duration.ofMillis(FakeServices.SSE_GAP_MS / 2));
    }

    @Test
    void hopByHopHeadersStayOnTheirConnectionAndOthersAreForwarded() {
        given().header("Proxy-Authorization", "Basic c2VjcmV0").header("Keep-Alive", "timeout=5").header("TE", "trailers")
                .header("X-Custom", "kept").get("/api/v1/reports")
                .then().statusCode(200)
                .body("headers.proxy-authorization", org.hamcrest.Matchers.nullValue())
                .body("headers.keep-alive", org.hamcrest.Matchers.nullValue())
                .body("headers.te", org.hamcrest.Matchers.nullValue())
                .body("headers.x-custom", equalTo("kept"));
    }

    @Test
    void requestMetricsNameTheRouteNotThePath() {
        given().get("/api/v1/reports/metric-one").then().statusCode(200);
        given().get("/api/v1/reports/metric-two").then().statusCode(200);
        given().get("/api/v1/nowhere/metric-three").then().statusCode(404);
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("uri=\"/api/v1/reports/**\"").contains("uri=\"/api/{unknown}\"")
                .doesNotContain("metric-one").doesNotContain("metric-two").doesNotContain("metric-three");
    }

    @Test
    void aHeadRequestGetsTheServicesHeadersAndNoBody() {
        io.restassured.response.Response head = given().head("/api/v1/templates");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Type")).startsWith("application/json");
        assertThat(head.header("X-Request-Id")).isNotBlank();
        assertThat(head.header("Transfer-Encoding")).isNull();
        assertThat(head.asByteArray()).isEmpty();
    }

    @Test
    void theEventLoopsRunOnEpoll() {
        // quarkus.vertx.prefer-native-transport falls back to NIO silently when the native library cannot load
        assertThat(vertx.isNativeTransportEnabled()).as("epoll transport loaded").isTrue();
    }

    @Test
    void forwardedAnswersCarryADateAndOneRequestId() {
        io.restassured.response.Response response = given().get("/api/v1/templates");
        assertThat(response.headers().getValues("X-Request-Id")).hasSize(1);
        assertThat(response.header("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void unknownApiPathIsA404Problem() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void serviceThatIsDownAnswers503ProblemNamingItThenRecovers() {
        FakeServices.stopFlaky();
        try {
            given().get("/api/v1/deliveries").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("notification-service"))
                    .body("status", equalTo(503));
        } finally {
            FakeServices.startFlaky();
        }
        given().get("/api/v1/deliveries").then().statusCode(200).body("uri", equalTo("/deliveries"));
    }

    @Test
    void aFailingServiceTripsItsCircuitBreakerAndIsCalledAgainAfterTheDelay() {
        String token = Tokens.bearer("org-breaker", "admin");
        FakeServices.stopFlaky();
        try {
            List<String> details = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                details.add(RestAssured.given().header("Authorization", token).get("/api/v1/deliveries").then().statusCode(503)
                        .contentType("application/problem+json").extract().path("detail"));
            }
            assertThat(details.get(details.size() - 1)).contains("notification-service is failing");
        } finally {
            FakeServices.startFlaky();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                RestAssured.given().header("Authorization", token).get("/api/v1/deliveries").then().statusCode(200));
    }

    @Test
    void oneApiDocumentShowsEveryServiceUnderItsPublicPaths() {
        RestAssured.given().get("/openapi/suite").then().statusCode(200)
                .body("paths.'/api/v1/reports/{id}'.get.summary", equalTo("Get a report"))
                .body("paths.'/api/v1/inventory/visit-reports'.get.'x-service'", equalTo("inventory-service"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.schemas.Problem.type", equalTo("object"))
                // the gateway's own public operations are in it too
                .body("paths.'/api/v1/audit'.get.'x-service'", equalTo("gateway"))
                // what the gateway may answer is on every operation (failed before: undocumented 401/403/429)
                .body("paths.'/api/v1/reports/{id}'.get.responses.'401'.'$ref'", equalTo("#/components/responses/Unauthorized"))
                .body("paths.'/api/v1/reports/{id}'.get.responses.'404'.'$ref'", equalTo("#/components/responses/NotFound"))
                .body("paths.'/api/v1/inventory/visit-reports'.get.responses.'429'.'$ref'", equalTo("#/components/responses/TooManyRequests"))
                .body("paths.'/api/v1/inventory/visit-reports'.get.responses", not(org.hamcrest.Matchers.hasKey("404")))
                .body("components.responses.Unauthorized.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"));
    }

    @Test
    void serviceThatNeverAnswersIsA504Problem() {
        given().get("/api/v1/executions/slow").then().statusCode(504).contentType("application/problem+json")
                .body("detail", containsString("report-execution-service"));
    }

    @Test
    void oneServiceDownLeavesTheGatewayReadyAndShowsInItsPerServiceChecks() {
        // failed before: one unready service made the gateway unready, and so took the whole public API down
        FakeServices.stopFlaky();
        try {
            RestAssured.given().get("/q/health/well").then().statusCode(503)
                    .body("checks.find { it.name == 'report-definition-service' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'report-execution-service' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'inventory-service' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'notification-service' }.status", equalTo("DOWN"));
            RestAssured.given().get("/q/health/ready").then().statusCode(200);
            given().get("/api/v1/deliveries").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("notification-service"));
            given().get("/api/v1/reports").then().statusCode(200);
        } finally {
            FakeServices.startFlaky();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                RestAssured.given().get("/q/health/well").then().statusCode(200).body("status", equalTo("UP")));
    }

    /**
     * 1 GiB through a gateway whose JVM has a 512 MB heap (surefire argLine): it can only pass if the body
     * streams. The peak heap seen while it flows is printed.
     */
    @Test
    void aDownloadLargerThanTheHeapIsStreamedThroughIntact() throws Exception {
        long bytes = 1024L * 1024 * 1024;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long read = 0;
        HeapPeak heap = new HeapPeak();
        java.net.http.HttpResponse<InputStream> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/v1/executions/big?bytes=" + bytes)).header("Authorization", ADMIN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (heap; DigestInputStream digest = new DigestInputStream(response.body(), sha)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = digest.read(buffer)) > 0; ) {
                read += n;
            }
        }
        assertThat(read).isEqualTo(bytes);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < bytes >> 20; i++) {
            expected.update(zeros);
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        assertThat(heap.peakBytes()).isLessThan(heap.maxBytes());
        System.out.printf("[gateway streaming] 1 GiB downloaded through the gateway; heap max %d MB, peak used %d MB%n",
                heap.maxBytes() >> 20, heap.peakBytes() >> 20);
    }

    @Test
    void largeUploadIsStreamedThroughIntact() throws Exception {
        byte[] upload = new byte[48 * 1024 * 1024];
        new Random(7).nextBytes(upload);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload));
        java.net.http.HttpResponse<String> response;
        HeapPeak heap = new HeapPeak();
        try (heap) {
            response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(RestAssured.baseURI + ":" + RestAssured.port
                                    + "/api/v1/inventory/attachments")).header("Authorization", ADMIN)
                            .header("Content-Type", "application/octet-stream")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        io.restassured.path.json.JsonPath echo = new io.restassured.path.json.JsonPath(response.body());
        assertThat(echo.getInt("bodyBytes")).isEqualTo(upload.length);
        assertThat(echo.getString("bodySha256")).isEqualTo(sha);
        System.out.printf("[gateway streaming] 48 MiB uploaded through the gateway; heap max %d MB, peak used %d MB%n",
                heap.maxBytes() >> 20, heap.peakBytes() >> 20);
    }
}
