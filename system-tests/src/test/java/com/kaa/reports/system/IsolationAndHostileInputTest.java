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

    @Override
    protected Map<String, String> identity() {
        return Map.of("Authorization", "Bearer " + ownerToken);
    }

    private static String create(String path, Object body) {
        Response r = Suite.as(ownerToken).body(body).post(path);
        assertThat(r.statusCode()).as("%s %s", path, r.asString()).isIn(200, 201);
        return r.path("id");
    }

    @Test
    void anotherOrganizationCannotReadChangeOrListAnyResourceOfThisOne() throws Exception {
        // one resource of every type, owned by OWNER
        Map<String, String> resources = new LinkedHashMap<>();
        String report = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> Suite.as(ownerToken)
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
        String requestId = Suite.as(ownerToken).body(Map.of()).post("/api/v1/reports/" + report + "/run").then().statusCode(202)
                .extract().path("executionRequestId");
        String execution = await().atMost(Duration.ofSeconds(60)).until(() -> Suite.as(ownerToken).queryParam("reportId", report)
                .queryParam("status", "completed").get("/api/v1/executions").<String>path("items[0].id"), id -> id != null);
        resources.put("/api/v1/executions/", execution);
        String office = create("/api/v1/inventory/offices", Map.of("name", "Nairobi HQ"));
        resources.put("/api/v1/inventory/offices/", office);
        resources.put("/api/v1/inventory/technicians/", create("/api/v1/inventory/technicians", Map.of("name", "Otieno")));
        String visit = create("/api/v1/inventory/visit-reports", Map.of("officeId", office, "visitDate", LocalDate.now().toString(),
                "purpose", "Quarterly inventory"));
        resources.put("/api/v1/inventory/visit-reports/", visit);
        resources.put("/api/v1/inventory/hardware/", create("/api/v1/inventory/hardware", Map.of("visitReportId", visit,
                "category", "laptop", "status", "in_use", "serialNumber", "SN-" + OWNER)));
        resources.put("/api/v1/webhooks/", create("/api/v1/webhooks", Map.of("url", "https://hooks.example.com/kaa")));

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
        assertThat(requestId).isNotNull();
        System.out.printf("[isolation] %d resource types, %d cross-organization probes, 0 leaks%n", resources.size(), probes);
    }
}
