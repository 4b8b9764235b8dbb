package com.kaa.reports.execution.datasets;

import com.kaa.reports.platform.queryspec.DatasetDeclaration;
import com.kaa.reports.platform.queryspec.QuerySpecValidator;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class DatasetCatalogTest {

    @Inject
    Datasets datasets;
    @Inject
    CatalogPublisher publisher;

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void theCatalogIsServedAndDeclaredOnItsCompactedTopicOncePerChange() throws Throwable {
        given().get("/datasets").then().statusCode(200)
                .body("name", hasItems("users", "properties", "bookings", "payments", "visit_reports", "hardware", "recycling"))
                .body("find { it.name == 'payments' }.columns.find { it.name == 'phone' }.pii", is(true));

        List<ConsumerRecord<String, String>> declared = TopicReader.readAll("reports.datasets.v1", Duration.ofSeconds(2));
        assertThat(declared).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(datasets.all().stream().map(Dataset::name).toList());
        declared.forEach(record -> EventSchemas.assertValid(record.value()));

        List<String> again = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(publisher::declareChanged));
        assertThat(again).as("an unchanged catalog is not declared again").isEmpty();
    }

    @Test
    void everyCatalogExpressionOperatorAndFunctionRunsOnPostgres() {
        int specs = 0;
        for (Dataset dataset : datasets.all()) {
            for (CatalogColumn column : dataset.columns()) {
                List<String> candidates = new ArrayList<>();
                candidates.add("{\"columns\":[\"" + column.name() + "\"],\"sort\":[{\"column\":\"" + column.name() + "\",\"direction\":\"desc\"}],\"limit\":5}");
                if (column.groupable()) {
                    candidates.add("{\"columns\":[\"" + column.name() + "\"],\"groupBy\":[\"" + column.name() + "\"],"
                            + "\"aggregations\":[{\"fn\":\"count\",\"column\":\"*\"},{\"fn\":\"share\",\"column\":\"*\"},{\"fn\":\"count_distinct\",\"column\":\"id\"}]}");
                }
                for (String fn : QuerySpecValidator.FUNCTIONS) {
                    candidates.add("{\"aggregations\":[{\"fn\":\"" + fn + "\",\"column\":\"" + column.name() + "\",\"as\":\"x\"}]}");
                }
                String value = switch (column.type()) {
                    case STRING -> "\"a%_'\"";
                    case INTEGER -> "3";
                    case DECIMAL, MONEY -> "\"1500.50\"";
                    case DATE -> "\"2026-03-01\"";
                    case TIMESTAMP -> "\"2026-03-01T10:00:00+03:00\"";
                    case BOOLEAN -> "true";
                };
                for (String op : QuerySpecValidator.OPERATORS) {
                    String operand = switch (op) {
                        case "in" -> "[" + value + "," + value + "]";
                        case "between" -> "[" + value + "," + value + "]";
                        case "is_null" -> "false";
                        default -> value;
                    };
                    candidates.add("{\"columns\":[\"id\"],\"filters\":[{\"column\":\"" + column.name() + "\",\"op\":\"" + op + "\",\"value\":" + operand + "}]}");
                }
                for (String spec : candidates) {
                    var response = given().headers(TestIdentity.of(org, "analyst-1", "analyst")).contentType(ContentType.JSON)
                            .body("{\"querySpec\":" + spec + "}").post("/datasets/" + dataset.name() + "/preview");
                    assertThat(response.statusCode()).as(dataset.name() + " " + spec + " -> " + response.asString()).isIn(200, 400);
                    if (response.statusCode() == 200) {
                        specs++;
                    }
                }
            }
        }
        assertThat(specs).isGreaterThan(500);
    }

    @Test
    void aSpecTheCatalogRefusesIsAProblemNamingEachField() {
        given().headers(TestIdentity.of(org, "analyst-1", "analyst")).contentType(ContentType.JSON)
                .body("{\"querySpec\":{\"columns\":[\"password\"],\"aggregations\":[{\"fn\":\"sum\",\"column\":\"status\"}]}}")
                .post("/datasets/payments/preview").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("querySpec.columns[0]", "querySpec.aggregations[0].column"))
                .body("detail", containsString("dataset payments has no column 'password'"));
        given().headers(TestIdentity.of(org, "analyst-1", "analyst")).contentType(ContentType.JSON)
                .body("{\"querySpec\":{\"columns\":[\"status\"]},\"timeZone\":\"Mars/Olympus\"}")
                .post("/datasets/payments/preview").then().statusCode(400).body("errors.field", hasItem("timeZone"));
        given().get("/datasets/passwords").then().statusCode(404).contentType("application/problem+json")
                .body("detail", startsWith("dataset"));
        given().contentType(ContentType.JSON).body("{\"querySpec\":{\"columns\":[\"status\"]}}")
                .post("/datasets/payments/preview").then().statusCode(401);
    }

    @Test
    void declarationsMatchTheDocumentedExampleShape() {
        DatasetDeclaration payments = datasets.named("payments").orElseThrow().declaration();
        assertThat(payments.column("amount")).hasValueSatisfying(c -> assertThat(c.aggregatable()).isTrue());
        assertThat(payments.column("phone_hash")).isEmpty();
    }
}
