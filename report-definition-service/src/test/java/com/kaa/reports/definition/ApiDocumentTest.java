package com.kaa.reports.definition;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document lists every endpoint; operations that take a body show an example of it, and responses show one of theirs. */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class ApiDocumentTest {

    @Test
    void everyEndpointIsDocumentedAndBodiesHaveExamples() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getMap("paths").keySet()).contains("/reports", "/reports/{id}", "/reports/{id}/run",
                "/reports/{id}/duplicate", "/reports/{reportId}/schedules", "/schedules", "/schedules/{id}",
                "/schedules/{id}/pause", "/schedules/{id}/resume", "/schedules/{id}/cancel", "/schedules/{id}/next-run",
                "/templates", "/templates/system", "/templates/{id}", "/templates/{id}/versions", "/templates/{id}/versions/{version}");
        for (List<String> op : List.of(List.of("/reports", "post"), List.of("/reports/{id}", "patch"), List.of("/reports/{id}/run", "post"),
                List.of("/reports/{reportId}/schedules", "post"), List.of("/schedules/{id}", "put"), List.of("/templates", "post"),
                List.of("/templates/{id}", "patch"))) {
            Object examples = doc.get("paths.'" + op.get(0) + "'." + op.get(1) + ".requestBody.content.'application/json'.examples");
            assertThat(examples).as("example body of %s %s", op.get(1), op.get(0)).isNotNull();
        }
        // What comes back is shown too: every response body schema carries an example object, parsed (not a string).
        for (String schema : List.of("Report", "RunAccepted", "Schedule", "Template")) {
            Object example = doc.get("components.schemas." + schema + ".examples[0]");
            assertThat(example).as("example of %s", schema).isInstanceOf(java.util.Map.class);
        }
        assertThat(doc.getString("components.schemas.Report.examples[0].name")).isEqualTo("M-Pesa weekly volume");
        // failed before: "draft|active|archived" as a JSON Schema pattern, which (unanchored) accepts "xxdraftxx"
        assertThat(doc.getList("components.schemas.CreateReportRequest.properties.status.enum"))
                .containsExactly("draft", "active", "archived");
        assertThat(doc.getString("components.schemas.CreateReportRequest.properties.status.pattern")).isNull();
    }
}
