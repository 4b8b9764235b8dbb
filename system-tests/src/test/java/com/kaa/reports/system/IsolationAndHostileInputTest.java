package com.kaa.reports.system;

import com.kaa.reports.platform.testing.OpenApiFuzzTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile callers through the gateway: the generated fuzz pass over every operation of the combined
 * OpenAPI document (inherited), and an organization probing every resource type of another one.
 */
@ExtendWith(Suite.class)
class IsolationAndHostileInputTest extends OpenApiFuzzTest {

    private static final String OWNER = "owner-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String INTRUDER = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
    private static String ownerToken;
    private static String intruderToken;

    @BeforeAll
    static void tokens() throws Exception {
        ownerToken = Suite.token(OWNER, "ana@" + OWNER + ".example", "admin,analyst");
        intruderToken = Suite.token(INTRUDER, "eve@" + INTRUDER + ".example", "admin,analyst");
    }

    @Override
    protected String documentPath() {
        return "/openapi/suite";
    }

    /**
     * A download is authorized by its signed link, which the gateway checks before anything else (a token of another
     * organization than the link's is refused first); the execution service's own test checks its parameters.
     */
    @Override
    protected boolean strictlyChecked(String path) {
        return !path.startsWith("/api/v1/downloads/");
    }

    @Override
    protected Map<String, String> identity() {
        return Map.of("Authorization", "Bearer " + ownerToken);
    }

    static String create(String path, Object body) {
        Response r = Suite.as(ownerToken).body(body).post(path);
        assertThat(r.statusCode()).as("%s %s", path, r.asString()).isIn(200, 201);
        return r.path("id");
    }

    /** One resource of every kind, owned by OWNER, keyed by the path prefix of its id (made once for the class). */
    private static Map<String, String> resources;
    private static String report;
    private static String execution;

    static synchronized Map<String, String> ownerResources() throws Exception {
        if (resources != null) {
            return resources;
        }
        // built aside and published whole: a failure here fails every test that needs it, not only the first
        Map<String, String> resources = new LinkedHashMap<>();
        report = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Suite.as(ownerToken)
                .body(Map.of("name", "Private numbers", "type", "payments", "formats", List.of("csv"), "status", "active",
                        "querySpec", Map.of("columns", List.of("status"), "groupBy", List.of("status"),
                                "aggregations", List.of(Map.of("fn", "count", "column", "*", "as", "n")))))
                .post("/api/v1/reports"), r -> r.statusCode() == 201).path("id");
        resources.put("/api/v1/reports/", report);
        resources.put("/api/v1/schedules/", create("/api/v1/reports/" + report + "/schedules",
                Map.of("frequency", "daily", "time", "07:00")));
        resources.put("/api/v1/templates/", create("/api/v1/templates", Map.of("name", "Private template", "category", "finance", "type", "payments",
                "visibility", "private", "formats", List.of("csv"),
                "querySpec", Map.of("columns", List.of("status"), "groupBy", List.of("status"),
                        "aggregations", List.of(Map.of("fn", "count", "column", "*", "as", "n"))))));
        Suite.runNow(ownerToken, report, Map.of());
        execution = await().atMost(Duration.ofSeconds(60)).until(() -> Suite.as(ownerToken).queryParam("reportId", report)
                .queryParam("status", "completed").get("/api/v1/executions").<String>path("items[0].id"), id -> id != null);
        resources.put("/api/v1/executions/", execution);
        String office = create("/api/v1/inventory/offices", Map.of("name", "Nairobi HQ"));
        resources.put("/api/v1/inventory/offices/", office);
        resources.put("/api/v1/inventory/technicians/", create("/api/v1/inventory/technicians", Map.of("name", "Otieno")));
        resources.put("/api/v1/inventory/categories/", create("/api/v1/inventory/categories", Map.of("name", "Laptop",
                "fields", List.of(Map.of("key", "ram_gb", "type", "number")))));
        String visit = create("/api/v1/inventory/visit-reports", Map.of("officeId", office, "visitDate", LocalDate.now().toString(),
                "purpose", "Quarterly inventory"));
        resources.put("/api/v1/inventory/visit-reports/", visit);
        String hardware = create("/api/v1/inventory/hardware", Map.of("visitReportId", visit,
                "category", "laptop", "status", "in_use", "serialNumber", "SN-" + OWNER));
        resources.put("/api/v1/inventory/hardware/", hardware);
        resources.put("/api/v1/inventory/recycling/", create("/api/v1/inventory/recycling", Map.of("hardwareId", hardware,
                "method", "e-waste partner", "recycledOn", LocalDate.now().toString())));
        Response attachment = io.restassured.RestAssured.given().header("Authorization", "Bearer " + ownerToken)
                .multiPart("file", "note.txt", "an inventory note".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/inventory/visit-reports/" + visit + "/attachments");
        assertThat(attachment.statusCode()).as("attachment upload %s", attachment.asString()).isIn(200, 201);
        resources.put("/api/v1/inventory/attachments/", attachment.path("id"));
        resources.put("/api/v1/webhooks/", create("/api/v1/webhooks", Map.of("url", "https://hooks.example.com/kaa")));
        IsolationAndHostileInputTest.resources = resources;
        return resources;
    }

    @Test
    void anotherOrganizationCannotReadChangeOrListAnyResourceOfThisOne() throws Exception {
        Map<String, String> resources = ownerResources();
        List<String> leaks = new ArrayList<>();
        int probes = 0;
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            String url = resource.getKey() + resource.getValue();
            for (String method : List.of("GET", "PATCH", "PUT", "DELETE")) {
                Response r = Suite.as(intruderToken).body(Map.of("version", 0, "name", "mine now")).request(method, url);
                // the same request for an id that exists nowhere: the answers must not differ (a 404, a 405, or the
                // same 400 for the body), and never succeed or carry anything of the owner's
                Response nowhere = Suite.as(intruderToken).body(Map.of("version", 0, "name", "mine now"))
                        .request(method, resource.getKey() + UUID.randomUUID());
                probes += 2;
                if (r.statusCode() < 400 || r.statusCode() != nowhere.statusCode() || r.asString().contains(OWNER)) {
                    leaks.add(method + " " + url + " -> " + r.statusCode() + " (unknown id: " + nowhere.statusCode() + ") " + r.asString());
                }
            }
            // and the owner still has it (by id, or in its list where the API has no read by id)
            Response mine = Suite.as(ownerToken).get(url);
            if (mine.statusCode() == 405) {
                mine = Suite.as(ownerToken).get(resource.getKey().substring(0, resource.getKey().length() - 1));
            }
            assertThat(mine.statusCode()).as("owner reads %s", url).isEqualTo(200);
            assertThat(mine.asString()).contains(resource.getValue());
        }
        // lists and searches of the intruder never contain the owner's items
        for (String list : List.of("/api/v1/reports", "/api/v1/schedules", "/api/v1/templates", "/api/v1/executions",
                "/api/v1/inventory/offices", "/api/v1/inventory/technicians", "/api/v1/inventory/visit-reports",
                "/api/v1/inventory/hardware", "/api/v1/webhooks", "/api/v1/deliveries", "/api/v1/inventory/visit-reports?q=Quarterly")) {
            Response r = Suite.as(intruderToken).get(list);
            probes++;
            String body = r.asString();
            if (r.statusCode() != 200 || resources.values().stream().anyMatch(body::contains)) {
                leaks.add("GET " + list + " -> " + r.statusCode() + " " + body);
            }
        }
        // the owner's run cannot be downloaded with the intruder's token, nor with a signed link re-addressed to it
        Response link = Suite.as(intruderToken).queryParam("format", "csv").get("/api/v1/executions/" + execution + "/download-url");
        probes++;
        if (link.statusCode() != 404) {
            leaks.add("download-url for the intruder -> " + link.statusCode());
        }
        String url = Suite.as(ownerToken).queryParam("format", "csv").get("/api/v1/executions/" + execution + "/download-url").path("url");
        for (String forged : List.of(url.replace("org=" + OWNER, "org=" + INTRUDER), url.replaceAll("expires=\\d+", "expires=4102444800"),
                url.replace("sig=", "sig=x"))) {
            probes++;
            int status = Suite.statusOf(forged);
            if (status < 400) {
                leaks.add("forged link " + forged + " -> " + status);
            }
        }
        assertThat(leaks).as("cross-organization leaks").isEmpty();
        System.out.printf("[isolation] %d resource types, %d cross-organization probes, 0 leaks%n", resources.size(), probes);
    }

    /**
     * The merged API document and the gateway's role matrix describe the same API: every rule of the matrix decides
     * at least one documented operation (the audit trail was once missing), and every documented operation is
     * decided by a rule (an undocumented rule or an unreachable operation is a mistake in one of them).
     */
    @Test
    void everyRouteOfTheRoleMatrixIsInTheMergedApiDocument() throws Exception {
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Suite.as(ownerToken).queryParam("format", "json").get("/openapi/suite").asString());
        assertThat(doc.has("x-missing-services")).as("every service in the document: %s", doc.path("x-missing-services")).isFalse();
        java.util.Set<com.kaa.reports.gateway.security.AccessPolicy.Rule> documented = new java.util.HashSet<>();
        List<String> undecided = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(op -> {
            String method = op.toUpperCase();
            if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method) || path.getKey().startsWith("/api/v1/downloads/")) {
                return;   // downloads: authorized by their signed link, not by the role matrix (ApiGuard)
            }
            var rule = com.kaa.reports.gateway.security.AccessPolicy.rule(method, path.getKey().replaceAll("\\{[^}]+}", "x1"));
            if (rule == null) {
                undecided.add(method + " " + path.getKey());
            } else {
                documented.add(rule);
            }
        }));
        assertThat(undecided).as("documented operations no rule of the matrix decides").isEmpty();
        assertThat(com.kaa.reports.gateway.security.AccessPolicy.RULES.stream().filter(r -> !documented.contains(r))
                .map(r -> r.methods() + " " + r.action()).toList()).as("rules of the matrix with no documented operation").isEmpty();
    }

    /**
     * Links a client is handed (Location of every 201, links.next of a list, a problem's instance, a download link)
     * name the gateway's public URL, and following them through it works: none leads to a service's own address.
     */
    @Test
    void everyLinkTheApiHandsOutIsFollowedThroughTheGateway() throws Exception {
        String base = "http://127.0.0.1:8080/api/v1/";
        ownerResources();
        Map<String, Object> office = Map.of("name", "Links office " + UUID.randomUUID());
        Map<String, Map<String, Object>> creates = new LinkedHashMap<>();
        creates.put("/api/v1/reports", Map.of("name", "Linked report", "type", "payments", "formats", List.of("csv"),
                "querySpec", Map.of("columns", List.of("status"))));
        creates.put("/api/v1/reports/" + report + "/schedules", Map.of("frequency", "daily", "time", "06:00"));
        creates.put("/api/v1/inventory/offices", office);
        creates.put("/api/v1/inventory/technicians", Map.of("name", "Wanjiru"));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> create : creates.entrySet()) {
            Response created = Suite.as(ownerToken).body(create.getValue()).post(create.getKey());
            assertThat(created.statusCode()).as("%s %s", create.getKey(), created.asString()).isEqualTo(201);
            String location = created.header("Location");
            if (location == null || !location.startsWith(base) || Suite.as(ownerToken).get(location).statusCode() != 200) {
                wrong.add("Location of POST " + create.getKey() + ": " + location);
            }
        }
        for (String list : List.of("/api/v1/reports?limit=1", "/api/v1/schedules?limit=1", "/api/v1/templates?limit=1")) {
            String next = Suite.as(ownerToken).get(list).path("links.next");
            if (next == null || !next.startsWith(base) || Suite.as(ownerToken).get(next).statusCode() != 200) {
                wrong.add("links.next of " + list + ": " + next);
            }
        }
        String nowhere = "/api/v1/inventory/offices/" + UUID.randomUUID();
        Response missing = Suite.as(ownerToken).get(nowhere);
        if (missing.statusCode() != 404 || !nowhere.equals(missing.path("instance"))) {
            wrong.add("instance of " + nowhere + ": " + missing.asString());
        }
        String download = Suite.as(ownerToken).queryParam("format", "csv").get("/api/v1/executions/" + execution + "/download-url").path("url");
        if (download == null || !download.startsWith(base) || Suite.statusOf(download) != 200) {
            wrong.add("download link: " + download);
        }
        assertThat(wrong).as("links that leave the public API").isEmpty();
    }

    /**
     * Every operation of the merged OpenAPI document that names a resource by id, sent by another organization's
     * admin with the id of this organization's resource of that kind: the answer is the one for an id that exists
     * nowhere, never a success, never the owner's data. The system templates every organization shares are read by
     * all and changed by none (403, for their "owner" too).
     */
    @Test
    void everyOperationOnAnotherOrganizationsResourceAnswersAsIfItDidNotExist() throws Exception {
        Map<String, String> owned = ownerResources();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Suite.as(ownerToken).queryParam("format", "json").get("/openapi/suite").asString());
        List<String> leaks = new ArrayList<>();
        List<String> unprobed = new ArrayList<>();
        int probes = 0;
        for (var paths = doc.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            String template = path.getKey();
            int brace = template.indexOf('{');
            if (brace < 0 || template.startsWith("/api/v1/downloads/") || template.startsWith("/api/v1/datasets/")
                    || template.startsWith("/api/v1/deliveries/")) {
                // lists; signed links (their own test); the shared dataset catalog; deliveries (an owner's delivery
                // needs a delivered run: notification-service's TenancyAndListsTest walks them with a second organization)
                continue;
            }
            String kind = template.substring(0, brace);
            String id = owned.get(kind);
            if (id == null) {
                unprobed.add(template);
                continue;
            }
            for (var ops = path.getValue().fieldNames(); ops.hasNext(); ) {
                String method = ops.next().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                String url = fill(template, id);
                String nowhere = fill(template, UUID.randomUUID().toString());
                Response r = paced(method, url);
                Response other = paced(method, nowhere);
                probes += 2;
                if (r.statusCode() < 400 || r.statusCode() != other.statusCode() || r.asString().contains(OWNER)) {
                    leaks.add(method + " " + url + " -> " + r.statusCode() + " (unknown id: " + other.statusCode() + ") "
                            + r.asString().substring(0, Math.min(300, r.asString().length())));
                }
            }
        }
        // the shared system templates: readable by every organization, changeable by none
        String system = Suite.as(intruderToken).get("/api/v1/templates/system").path("items[0].id");
        assertThat(system).as("a system template").isNotNull();
        for (String token : List.of(intruderToken, ownerToken)) {
            assertThat(Suite.as(token).get("/api/v1/templates/" + system).statusCode()).isEqualTo(200);
            for (String method : List.of("PATCH", "PUT", "DELETE")) {
                // a request that would be valid for a template of one's own: only ownership can refuse it
                var request = Suite.as(token);
                if (!method.equals("DELETE")) {
                    request.body(Map.of("version", 1, "name", "mine now"));
                }
                Response r = request.request(method, "/api/v1/templates/" + system);
                probes++;
                if (r.statusCode() < 400) {
                    leaks.add(method + " system template " + system + " -> " + r.statusCode() + " " + r.asString());
                }
            }
        }
        Response shared = Suite.as(intruderToken).get("/api/v1/templates/" + system);
        assertThat(shared.statusCode()).as("the system template is still there").isEqualTo(200);
        assertThat(shared.<String>path("name")).isNotEqualTo("mine now");
        // the audit trail and the deliveries of one organization are not another's
        Response audit = Suite.as(intruderToken).get("/api/v1/audit");
        probes++;
        if (audit.statusCode() != 200 || audit.asString().contains(OWNER)) {
            leaks.add("GET /api/v1/audit -> " + audit.statusCode() + " " + audit.asString());
        }
        assertThat(leaks).as("cross-organization answers that differ from an unknown id's").isEmpty();
        assertThat(unprobed).as("operations on a resource kind this test has no resource of").isEmpty();
        System.out.printf("[isolation] every id operation of /openapi/suite: %d probes, 0 leaks%n", probes);
    }

    /** The intruder's request, once it is not a 429 (run-class operations keep their production rate limit here). */
    private static Response paced(String method, String url) {
        // asked at once: Awaitility's first poll otherwise waits one interval, 2 s for each of ~200 probes
        return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2)).until(() -> Suite.as(intruderToken)
                .body(Map.of("version", 0, "name", "mine now")).request(method, url), r -> r.statusCode() != 429);
    }

    private static String fill(String template, String id) {
        // the first parameter is the resource's id; any later one (a version, a format) gets a plausible value
        String filled = template.replaceFirst("\\{[^}]+}", id);
        return filled.replaceAll("\\{version}", "1").replaceAll("\\{format}", "csv").replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }
}
