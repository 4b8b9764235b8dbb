package com.kaa.reports.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The field team's story through the gateway: visit reports and a bulk of hardware, a search that finds
 * the one visit it should, and a visit report sent as a PDF to a client contact, who receives it.
 */
@ExtendWith(Suite.class)
class InventoryStoryTest {

    private static final String ORG = "field-" + UUID.randomUUID().toString().substring(0, 8);
    private static String token;

    @BeforeAll
    static void signIn() throws Exception {
        token = Suite.token(ORG, "wanjiku@" + ORG + ".example", "admin,analyst");
    }

    static RequestSpecification api() {
        return Suite.as(token);
    }

    @Test
    void visitReportsAndBulkHardwareAreSearchableAndAReportReachesTheClientAsPdf() throws Exception {
        String office = api().body(Map.of("name", "Kisumu branch", "county", "Kisumu")).post("/api/v1/inventory/offices")
                .then().statusCode(201).extract().path("id");
        List<String> visits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String purpose = i == 7 ? "Generator servicing and UPS battery swap" : "Routine inventory check " + i;
            visits.add(api().body(Map.of("officeId", office, "visitDate", LocalDate.now().minusDays(i).toString(),
                            "purpose", purpose, "summary", "Visited with the branch manager"))
                    .post("/api/v1/inventory/visit-reports").then().statusCode(201).extract().path("id"));
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            devices.add(Map.of("visitReportId", visits.get(i % visits.size()), "category", i % 3 == 0 ? "laptop" : "printer",
                    "manufacturer", "HP", "serialNumber", ORG + "-SN-" + i, "status", "in_use"));
        }
        Response bulk = api().body(Map.of("mode", "atomic", "items", devices)).post("/api/v1/inventory/hardware/bulk");
        assertThat(bulk.statusCode()).as(bulk.asString()).isIn(200, 201);
        assertThat(bulk.<Integer>path("succeeded")).isEqualTo(200);
        assertThat(bulk.<Integer>path("failed")).isZero();
        // the same serial numbers again: atomic mode refuses the whole batch and names the items
        Response again = api().body(Map.of("mode", "atomic", "items", devices.subList(0, 3))).post("/api/v1/inventory/hardware/bulk");
        assertThat(again.statusCode()).isIn(409, 422);
        assertThat(again.contentType()).startsWith("application/problem+json");

        // full-text search finds the one visit about the generator; the devices of a visit are listed
        Response found = api().queryParam("q", "generator").get("/api/v1/inventory/visit-reports");
        assertThat(found.<List<String>>path("items.id")).containsExactly(visits.get(7));
        assertThat(api().queryParam("visitReportId", visits.get(7)).queryParam("limit", 100).get("/api/v1/inventory/hardware")
                .<List<Object>>path("items")).hasSize(10);

        // send the visit report as a PDF to the client's contact
        String client = "facilities-" + ORG + "@client.example";
        Response sent = api().body(Map.of("recipients", List.of(client))).post("/api/v1/inventory/visit-reports/" + visits.get(7) + "/send");
        assertThat(sent.statusCode()).as(sent.asString()).isEqualTo(202);
        JsonNode mail = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Sinks.mailsTo(client), m -> !m.isEmpty()).get(0);
        assertThat(mail.path("mimeMessage").asText()).contains("Content-Type: application/pdf");
        System.out.printf("[inventory story] 20 visit reports, 200 devices in one atomic bulk (duplicate batch refused), "
                + "search found 1 of 20, visit report PDF e-mailed to the client: 1 message%n");
    }
}
