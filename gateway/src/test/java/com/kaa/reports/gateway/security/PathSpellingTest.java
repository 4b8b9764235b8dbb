package com.kaa.reports.gateway.security;

import com.kaa.reports.gateway.Tokens;
import com.kaa.reports.gateway.routing.FakeServices;
import com.kaa.reports.platform.tenant.IdentityHeaders;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every line of the role matrix, for every role, in every spelling of its path: the answer is the one of the
 * normalized path, and what reaches the service is exactly that path. Requests go over a raw socket, so no client
 * library normalizes them first. Before RequestPath, {@code GET /api/v1/deliveries/../webhooks} as an analyst was 200,
 * and {@code /api/v1/downloads/../q/metrics} answered without a token.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "gateway")
@WithTestResource(FakeServices.class)
class PathSpellingTest {

    static final List<String> ROLES = List.of("admin", "analyst", "viewer", "technician", "service");

    record Answer(int status, String body) {
        String upstreamUri() {
            return status == 200 && body.startsWith("{") ? new JsonObject(body).getString("uri") : null;
        }
    }

    @Test
    void everyRouteForEveryRoleInEverySpellingGetsTheDecisionOfItsNormalizedPath() throws Exception {
        Map<String, String> mismatches = new TreeMap<>();
        int checked = 0;
        for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
            String path = rule.action().replace("{id}", "id1").replace("/**", "/id1");
            for (String method : rule.methods()) {
                for (String role : ROLES) {
                    Answer plain = send(method, path, bearer(role));
                    for (String spelled : spellings(path)) {
                        Answer answer = send(method, spelled, bearer(role));
                        checked++;
                        if (answer.status() != plain.status()
                                || !java.util.Objects.equals(plain.upstreamUri(), answer.upstreamUri())) {
                            mismatches.put(method + " " + spelled + " as " + role, answer.status() + " " + answer.upstreamUri()
                                    + " (normal: " + plain.status() + " " + plain.upstreamUri() + ")");
                        }
                    }
                    for (String refused : refusedSpellings(path)) {
                        Answer answer = send(method, refused, bearer(role));
                        checked++;
                        if (answer.status() != 400) {
                            mismatches.put(method + " " + refused + " as " + role, answer.status() + " (expected 400)");
                        }
                    }
                    Answer upper = send(method, path.toUpperCase(), bearer(role));
                    if (upper.status() != 404) {   // paths are case-sensitive: no route, whatever the role
                        mismatches.put(method + " " + path.toUpperCase() + " as " + role, upper.status() + " (expected 404)");
                    }
                }
            }
        }
        assertThat(mismatches).as("answers that differ from the normalized path's, of %d", checked).isEmpty();
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void dotSegmentsCannotCrossFromOneRouteIntoAnother() throws Exception {
        for (String spelled : List.of("/api/v1/deliveries/../webhooks", "/api/v1/deliveries/%2e%2e/webhooks",
                "/api/v1/deliveries/%2E%2e/webhooks", "/api/v1/deliveries/.%2E/webhooks")) {
            assertThat(send("GET", spelled, bearer("analyst")).status()).as(spelled).isEqualTo(403);
        }
        for (String spelled : List.of("/api/v1/reports/../templates", "/api/v1/reports/../schedules", "/api/v1/reports/%2e%2e/schedules")) {
            assertThat(send("GET", spelled, bearer("service")).status()).as(spelled).isEqualTo(403);
        }
    }

    @Test
    void withoutATokenNothingButADownloadIsReachedHoweverThePathIsSpelled() throws Exception {
        for (String spelled : List.of("/api/v1/downloads/../q/metrics", "/api/v1/downloads/../q/openapi",
                "/api/v1/downloads/../datasets", "/api/v1/downloads/%2e%2e/datasets", "/api/v1/downloads/..%2Fdatasets",
                "/api/v1/downloads/../../../q/metrics", "/api/v1/downloads/%2e%2e/%2e%2e/%2e%2e/q/metrics",
                "/api/../q/health", "/api/v1/downloads/..;/datasets", "/api/v1/downloads/..\\datasets")) {
            Answer answer = send("GET", spelled, null);
            assertThat(answer.status()).as(spelled).isIn(400, 401);
            assertThat(answer.body()).as(spelled).contains("\"status\"");
        }
        Answer download = send("GET", "/api/v1/downloads/./e1/csv?org=o&expires=1&sig=x", null);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.upstreamUri()).isEqualTo("/downloads/e1/csv?org=o&expires=1&sig=x");
    }

    /**
     * Failed before: targets java.net.URI cannot parse were answered by Quarkus' root handler with an empty 400,
     * before any handler of ours. Now they are a 400 problem+json naming the fault, with or without a token.
     */
    @Test
    void aTargetThatIsNotAUriIsA400ProblemNamingIt() throws Exception {
        for (String target : List.of("/api/v1/reports?q=%zz", "/api/v1/reports?q=%", "/api/v1/reports/%g0", "/api/v1/re|ports",
                "/api/v1/reports?q=a\\b", "/api/v1/downloads/e1/csv?org=%zz")) {
            for (String token : java.util.Arrays.asList(bearer("admin"), null)) {
                Answer answer = send("GET", target, token);
                assertThat(answer.status()).as(target).isEqualTo(400);
                assertThat(answer.body()).as(target).contains("\"status\":400").contains("not a valid URI");
            }
        }
    }

    @Test
    void theServiceGetsTheNormalizedPathWithAnIdentitySignedForExactlyThatRequest() throws Exception {
        Answer answer = send("GET", "/api/v1/x/../inventory//visit-reports/./v1/?limit=2", bearer("technician"));
        assertThat(answer.status()).isEqualTo(200);
        JsonObject echoed = new JsonObject(answer.body());
        assertThat(echoed.getString("uri")).isEqualTo("/visit-reports/v1?limit=2");
        JsonObject headers = echoed.getJsonObject("headers");
        assertThat(IdentityHeaders.verify(TestIdentity.SECRET, headers.getString("x-kaa-organization"),
                headers.getString("x-kaa-user"), headers.getString("x-kaa-roles"), headers.getString("x-kaa-identity-timestamp"),
                "GET", "/visit-reports/v1?limit=2", headers.getString("x-kaa-identity-signature"))).isTrue();
    }

    /** Spellings RFC 3986 says are the same path (or that the gateway treats as such). */
    static List<String> spellings(String path) {
        String rest = path.substring("/api/v1".length());
        List<String> spelled = new ArrayList<>();
        spelled.add("/api/v1/zz/.." + rest);
        spelled.add("/api/v1/zz/%2e%2e" + rest);
        spelled.add("/api/v1/zz/%2E%2e" + rest);
        spelled.add("/api/v1/." + rest);
        spelled.add("/api/v1/%2e" + rest);
        spelled.add(path.replace("/", "//"));
        spelled.add(path + "/");
        spelled.add("/%61pi/v1" + rest);
        return spelled;
    }

    /** Spellings no normal path can mean: encoded separators, matrix parameters, backslashes, NUL. */
    static List<String> refusedSpellings(String path) {
        String rest = path.substring("/api/v1".length());
        return List.of("/api/v1" + rest + ";x=1", "/api/v1/zz%2F.." + rest, "/api/v1/zz%5C.." + rest,
                "/api/v1/zz\\.." + rest, "/api/v1" + rest + "%00", "/api/v1/../.." + rest);
    }

    static String bearer(String role) {
        // a caller of its own: the test's thousands of requests never meet a rate limit
        String org = "org-" + UUID.randomUUID();
        return Tokens.bearer(org, role);
    }

    /** One HTTP/1.1 exchange over a socket, the request target sent byte for byte as given. */
    static Answer send(String method, String target, String authorization) throws Exception {
        return sendFrom("127.0.0.1", method, target, authorization);
    }

    /** From a loopback address of the caller's choice (127.0.0.0/8): the gateway sees a client of that address. */
    static Answer sendFrom(String address, String method, String target, String authorization) throws Exception {
        try (Socket socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), 28080,
                java.net.InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            boolean body = !method.equals("GET") && !method.equals("HEAD");
            head.append(body ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, split).toLowerCase();
            String content = response.substring(split + 4);
            return new Answer(status, headers.contains("transfer-encoding: chunked") ? dechunk(content) : content);
        }
    }

    static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
    }
}
