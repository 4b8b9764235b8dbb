package com.kaa.reports.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The merge of the services' documents: public paths, and one schema per name. */
class SuiteDocumentTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode document(String path, String schemaDescription) throws Exception {
        return json.readTree("""
                {"paths": {"%s": {"get": {"operationId": "x", "responses": {"200": {"description": "ok"}}}}},
                 "components": {"schemas": {"Thing": {"type": "object", "description": "%s"}}}}""".formatted(path, schemaDescription));
    }

    @Test
    void pathsMoveUnderTheirPublicPrefixAndTheGatewaysAnswersAreOnEveryOperation() throws Exception {
        ObjectNode suite = SuiteDocument.merge(json, List.of(
                        new SuiteDocument.Part("inventory-service", "/api/v1/inventory", List.of("/api/v1/inventory"), document("/offices/{id}", "a"))),
                json.readTree("{}"), Map.of(), true);
        JsonNode get = suite.path("paths").path("/api/v1/inventory/offices/{id}").path("get");
        assertThat(get.path("x-service").asText()).isEqualTo("inventory-service");
        assertThat(get.path("responses").path("401").path("$ref").asText()).isEqualTo("#/components/responses/Unauthorized");
        assertThat(get.path("responses").path("404").path("$ref").asText()).isEqualTo("#/components/responses/NotFound");
    }

    /** One name, two meanings: the build refuses it; the running gateway keeps serving (a rolling update) and says so. */
    @Test
    void twoDifferentSchemasUnderOneNameFailTheBuildAndAreNamedAtRunTime() throws Exception {
        List<SuiteDocument.Part> parts = List.of(
                new SuiteDocument.Part("report-definition-service", "/api/v1", List.of("/api/v1/reports"), document("/reports", "first")),
                new SuiteDocument.Part("notification-service", "/api/v1", List.of("/api/v1/deliveries"), document("/deliveries", "second")));
        assertThatThrownBy(() -> SuiteDocument.merge(json, parts, json.readTree("{}"), Map.of(), true))
                .hasMessageContaining("Thing");
        ObjectNode served = SuiteDocument.merge(json, parts, json.readTree("{}"), Map.of(), false);
        assertThat(served.path("components").path("schemas").path("Thing").path("description").asText()).isEqualTo("first");
        assertThat(served.path("x-schema-conflicts").path("Thing").asText()).contains("notification-service");
    }
}
