package com.kaa.reports.platform.testing;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every service of the suite must do, checked in each service by a {@code @QuarkusTest} subclass:
 * health with Postgres, Kafka and Redis checks, Prometheus metrics, the OpenAPI document and Swagger UI,
 * Flyway migrations in its own schema only, problem+json for unknown routes.
 */
public abstract class ServiceFoundationTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "kaa.db.schema")
    String schema;

    @Test
    void readinessIsUpWithPostgresAndKafkaChecks() {
        List<String> checks = given().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .extract().jsonPath().getList("checks.name");
        String all = String.join(" | ", checks);
        assertThat(all).containsIgnoringCase("postgres").containsIgnoringCase("kafka");
        // Redis only speeds things up: without it a pod keeps serving (the gateway and inventory say "degraded")
        assertThat(checks).noneMatch(name -> name.startsWith("Redis"));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsIncludeTheOutboxBacklog() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kaa_outbox_pending"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentAndSwaggerUiAreServed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).body("openapi", containsString("3."));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void flywayMigratedTheSharedTablesIntoTheServicesOwnSchemaOnly() {
        List<String> tables = new ArrayList<>();
        pool.preparedQuery("select table_schema || '.' || table_name from information_schema.tables "
                        + "where table_name in ('outbox_event', 'inbox_message', 'flyway_schema_history')")
                .execute().await().indefinitely().forEach(r -> tables.add(r.getString(0)));
        assertThat(tables).containsExactlyInAnyOrder(schema + ".outbox_event", schema + ".inbox_message",
                schema + ".flyway_schema_history");
    }

    @Test
    void unknownRouteIsAProblemDocument() {
        given().get("/definitely/not/here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void otherSchemasAreOutOfReach() {
        List<String> denied = new ArrayList<>();
        for (String other : List.of("report_definition", "report_execution", "inventory", "notification", "gateway")) {
            if (other.equals(schema)) {
                continue;
            }
            try {
                pool.query("select 1 from " + other + ".outbox_event limit 1").execute().await().indefinitely();
            } catch (RuntimeException e) {
                if (e.getMessage().contains("permission denied for schema " + other)) {
                    denied.add(other);
                }
            }
        }
        assertThat(denied).hasSize(4);
    }
}
