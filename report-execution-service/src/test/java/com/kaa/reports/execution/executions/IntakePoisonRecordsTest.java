package com.kaa.reports.execution.executions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.PoisonRecords;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * reports.execution-requests.v1: a request the intake cannot apply (unreadable, another type, a date Postgres refuses,
 * a NUL that neither text nor jsonb can hold, required fields missing) goes to the DLQ with the reason, and the next
 * request is queued; readiness stays UP.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_execution")
class IntakePoisonRecordsTest {

    private static final String SPEC = "{\"columns\":[\"status\"]}";

    @Test
    void aRequestThatCannotBeQueuedIsDeadLetteredAndTheNextIsQueued() {
        String org = "org-" + UUID.randomUUID();
        UUID reportId = UUID.randomUUID();
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        poisons.add(request(org, d -> d.put("requestedAt", "+57440-04-10T00:00:00Z")));
        poisons.add(request(org, d -> d.put("scheduledFor", "+10000-01-01T00:00:00Z")));
        poisons.add(request(org, d -> d.put("reportName", "M-Pesa\u0000")));
        poisons.add(request(org, d -> ((ObjectNode) d.get("querySpec")).putArray("filters").addObject()
                .put("column", "status").put("op", "eq").put("value", "success\u0000")));
        poisons.add(request(org, d -> d.remove("formats")));
        poisons.add(request(org, d -> d.put("version", "one")));
        poisons.add(Requests.envelope(org, Requests.data(reportId, "payments", SPEC, List.of("csv"), 5), "ExecutionDone.v1").toString());
        ObjectNode good = Requests.data(reportId, "payments", SPEC, List.of("csv"), 5);
        PoisonRecords.assertSkipped(Topics.EXECUTION_REQUESTS, poisons, good.get("requestId").asText(),
                Requests.envelope(org, good, "ExecutionRequested.v1").toString(),
                () -> Requests.executions(org, reportId).getList("items").size() == 1);
    }

    private static String request(String org, Consumer<ObjectNode> change) {
        ObjectNode data = Requests.data(UUID.randomUUID(), "payments", SPEC, List.of("csv"), 5);
        data.put("requestedAt", Instant.now().toString());
        change.accept(data);
        return Requests.envelope(org, data, "ExecutionRequested.v1").toString();
    }
}
