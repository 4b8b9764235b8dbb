package com.kaa.reports.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated hostile-input pass over every operation of the service's own OpenAPI document: wrong
 * types, huge and odd strings, unicode, negative and huge numbers, missing and extra fields, malformed
 * JSON and wrong content types. Bad input must never be a 5xx, and every error is problem+json.
 * A service's test extends this with its {@code @QuarkusTest} setup.
 */
public abstract class OpenApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // long, but within the HTTP request-line limit (4 KiB): longer URIs are refused by the HTTP layer with 414
    private static final String HUGE = "a".repeat(1_500);
    private static final List<String> HOSTILE_TEXT = List.of("not-a-uuid", "'; drop table x; --", "ø∂ƒ 🙂 \u202e", HUGE, "-1",
            "99999999999999999999999", "", "%00", "../../etc/passwd", "{\"a\":1}");
    private static final List<Object> HOSTILE_VALUES = List.of(12345, -1, 1e308, "x".repeat(10_000), "ø🙂", true, List.of(1, "a"),
            Map.of("nested", Map.of("deep", List.of())), "2026-13-45T99:99:99Z", "");

    @Test
    void noOperationAnswers5xxToHostileInput() throws Exception {
        JsonNode doc = JSON.readTree(given().headers(identity()).queryParam("format", "json").get(documentPath()).asString());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                for (Probe probe : probes(doc, path.getKey(), op.getValue())) {
                    requests++;
                    Response response = send(method, probe);
                    int status = response.statusCode();
                    String type = response.contentType();
                    if (status >= 500 || (status >= 400 && (type == null || !type.startsWith("application/problem+json")))) {
                        failures.add(method + " " + probe.uri() + " [" + probe.what() + "] -> " + status + " " + type);
                    }
                }
            }
        }
        assertThat(requests).as("requests sent").isGreaterThan(20);
        assertThat(failures).as("operations answering hostile input with a 5xx or a non-problem error").isEmpty();
        System.out.printf("[fuzz %s] %d hostile requests, 0 answered 5xx, every error problem+json%n", documentPath(), requests);
    }

    /**
     * The contract of strict input, for every operation of the document: a query parameter it does not take, and a
     * JSON body field its schema does not have, are each a 400 problem+json that names them, never ignored.
     */
    @Test
    void everyOperationRefusesAnUnknownQueryParameterAndBodyFieldNamingIt() throws Exception {
        JsonNode doc = JSON.readTree(given().headers(identity()).queryParam("format", "json").get(documentPath()).asString());
        List<String> failures = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!strictlyChecked(path.getKey())) {
                continue;
            }
            String uri = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                operations++;
                // with a body the operation accepts, so that only the parameter is wrong
                JsonNode content = op.getValue().path("requestBody").path("content");
                String type = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                Probe unknownParameter = type == null
                        ? new Probe("unknown query parameter", uri + "?kaaNoSuchParameter=1", null, null)
                        : type.equals("application/json")
                        ? new Probe("unknown query parameter", uri + "?kaaNoSuchParameter=1", type, "{}")
                        : type.startsWith("multipart/")
                        ? new Probe("unknown query parameter", uri + "?kaaNoSuchParameter=1", type + "; boundary=kaa", "--kaa--\r\n")
                        : new Probe("unknown query parameter", uri + "?kaaNoSuchParameter=1", type, "");
                expectNamed(failures, method, unknownParameter, "kaaNoSuchParameter");
                if (content.has("application/json")) {
                    expectNamed(failures, method, new Probe("unknown body field", uri, "application/json", "{\"kaaNoSuchField\":1}"),
                            "kaaNoSuchField");
                }
            }
        }
        assertThat(operations).as("operations").isGreaterThan(0);
        assertThat(failures).as("operations that ignore what they do not know").isEmpty();
        System.out.printf("[strict %s] %d operations refuse an unknown parameter and body field by name%n", documentPath(), operations);
    }

    /** Whether the strict-input contract is checked on a path here (the gateway decides signed links before any input). */
    protected boolean strictlyChecked(String path) {
        return true;
    }

    private void expectNamed(List<String> failures, String method, Probe probe, String name) {
        Response response = send(method, probe);
        for (int waits = 0; response.statusCode() == 429 && waits < 10; waits++) {
            // the gateway's rate limit (the fuzz pass spends the "run" budget): wait as told, then ask again
            sleep(Long.parseLong(java.util.Optional.ofNullable(response.header("Retry-After")).orElse("1")));
            response = send(method, probe);
        }
        String type = response.contentType();
        if (response.statusCode() != 400 || type == null || !type.startsWith("application/problem+json")
                || !response.asString().contains(name)) {
            failures.add(method + " " + probe.uri() + " [" + probe.what() + "] -> " + response.statusCode() + " "
                    + response.asString().substring(0, Math.min(200, response.asString().length())));
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(Math.min(seconds, 30) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the OpenAPI document is: the service's own, or the gateway's combined one (system tests). */
    protected String documentPath() {
        return "/q/openapi";
    }

    /** Identity for the calls (an admin, so authorization never hides an input bug). */
    protected Map<String, String> identity() {
        return TestIdentity.of("fuzz-" + UUID.randomUUID(), "fuzzer", "admin");
    }

    record Probe(String what, String uri, String contentType, String body) {
    }

    private Response send(String method, Probe probe) {
        RequestSpecification request = given().urlEncodingEnabled(false).headers(identity());
        if (probe.body() != null) {
            // bytes, as written: RestAssured would otherwise refuse to encode a multipart body it did not build
            request.contentType(probe.contentType()).body(probe.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.request(method, probe.uri());
    }

    private List<Probe> probes(JsonNode doc, String template, JsonNode op) throws Exception {
        List<Probe> probes = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode parameter : op.path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                queryParams.add(parameter.path("name").asText());
            }
        }
        boolean hasBody = op.has("requestBody");
        String validPath = template.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        String minimalBody = hasBody ? "{}" : null;
        for (String text : HOSTILE_TEXT) {
            if (template.contains("{")) {
                probes.add(new Probe("path " + abbreviate(text), template.replaceAll("\\{[^}]+}", encode(text)), "application/json", minimalBody));
            }
            for (String param : queryParams) {
                probes.add(new Probe("query " + param + "=" + abbreviate(text), validPath + "?" + param + "=" + encode(text),
                        "application/json", minimalBody));
            }
        }
        if (hasBody) {
            for (String body : List.of("{", "[]", "\"text\"", "null", "{}", "{\"unknown\":1}", "[" + "1,".repeat(5000) + "1]",
                    "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}")) {
                probes.add(new Probe("body " + abbreviate(body), validPath, "application/json", body));
            }
            probes.add(new Probe("text/plain body", validPath, "text/plain", "hello"));
            probes.add(new Probe("xml body", validPath, "application/xml", "<a/>"));
            for (String property : bodyProperties(doc, op)) {
                for (Object value : HOSTILE_VALUES) {
                    ObjectNode body = JSON.createObjectNode();
                    body.set(property, JSON.valueToTree(value));
                    probes.add(new Probe("body " + property + "=" + abbreviate(String.valueOf(value)), validPath, "application/json",
                            JSON.writeValueAsString(body)));
                }
            }
        }
        return probes;
    }

    private static List<String> bodyProperties(JsonNode doc, JsonNode op) {
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
            schema = doc.path("components").path("schemas").path(name);
        }
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 27) + "...";
    }
}
