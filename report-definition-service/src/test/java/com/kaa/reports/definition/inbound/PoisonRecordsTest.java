package com.kaa.reports.definition.inbound;

import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.PoisonRecords;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Every topic this service consumes: a record it cannot apply goes to the DLQ, the next one is applied, readiness stays UP. */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class PoisonRecordsTest {

    @Inject
    Pool pool;

    @Test
    void aDatasetDeclarationThatCannotBeAppliedIsDeadLetteredAndTheNextIsApplied() {
        String name = "poison_" + UUID.randomUUID().toString().substring(0, 8);
        String good = EventSchemas.example("DatasetDeclared.v1").replace("\"payments\"", "\"" + name + "\"")
                .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\"");
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        poisons.add(good.replace("\"" + name + "\"", "\"Not A Name!\"").replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\""));
        PoisonRecords.assertSkipped(Topics.DATASETS, poisons, name, good, () -> pool.preparedQuery(
                "select count(*) from dataset_catalog where name = $1").execute(Tuple.of(name)).await().indefinitely()
                .iterator().next().getLong(0) == 1);
    }

    @Test
    void anExecutionOutcomeThatCannotBeAppliedIsDeadLetteredAndTheNextIsApplied() {
        TestDatasets.declarePayments(pool);
        String org = "org-" + UUID.randomUUID();
        Map<String, String> owner = TestIdentity.of(org, "alice", "analyst");
        String report = given().headers(owner).contentType(ContentType.JSON).body("""
                {"name":"Poisoned","type":"payments","querySpec":{"columns":["status"],"groupBy":["status"],
                 "aggregations":[{"fn":"count","column":"*","as":"n"}]},"formats":["csv"],"status":"active"}""")
                .post("/reports").then().statusCode(201).extract().path("id");
        String template = """
                {"specversion":"1.0","id":"%s","source":"/kaa-reports/report-execution-service","type":"ExecutionCompleted.v1",
                 "organization":"%s","data":{"version":1,"executionId":"%s","requestId":"%s","reportId":"%s","status":"completed","finishedAt":"%s","rowCount":7}}""";
        String request = given().headers(owner).contentType(ContentType.JSON).post("/reports/" + report + "/run")
                .then().statusCode(202).extract().path("executionRequestId");
        String good = template.formatted(UUID.randomUUID(), org, UUID.randomUUID(), request, report, "2026-11-20T10:15:30Z")
                .replace("\n", "");
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        // a finish time no column can hold, and one that is no time at all
        poisons.add(template.formatted(UUID.randomUUID(), org, UUID.randomUUID(), UUID.randomUUID(), report, "+57440-04-10T00:00:00Z")
                .replace("\n", ""));
        poisons.add(template.formatted(UUID.randomUUID(), org, UUID.randomUUID(), UUID.randomUUID(), report, "yesterday")
                .replace("\n", ""));
        // applied once, and only the good one: a poison applied first would make the count 2
        PoisonRecords.assertSkipped(Topics.EXECUTIONS, poisons, "exec-good", good, () -> {
            var read = given().headers(owner).get("/reports/" + report).then().extract();
            return "2026-11-20T10:15:30Z".equals(read.path("lastRunAt")) && Integer.valueOf(1).equals(read.path("runCount"));
        });
    }

    @Test
    void aWebhookEventThatCannotBeAppliedIsDeadLetteredAndTheNextIsApplied() {
        String org = "org-" + UUID.randomUUID();
        UUID id = UUID.randomUUID();
        String good = EventSchemas.example("WebhookRegistered.v1").replace("\"acme\"", "\"" + org + "\"")
                .replace("3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", id.toString());
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        poisons.add(good.replace("\"url\":\"https://erp.acme.example/hooks/kaa\",", "")
                .replace(id.toString(), UUID.randomUUID().toString())
                .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + UUID.randomUUID() + "\""));
        PoisonRecords.assertSkipped(Topics.WEBHOOKS, poisons, id.toString(), good, () -> pool.preparedQuery(
                "select count(*) from registered_webhook where webhook_id = $1 and organization = $2").execute(Tuple.of(id, org))
                .await().indefinitely().iterator().next().getLong(0) == 1);
    }
}
