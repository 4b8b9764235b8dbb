package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Sends ExecutionRequested events like the definition service does, and follows the executions they make. */
final class Requests {

    static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    /** Sends a request (data changed by {@code change}); returns its data. */
    static ObjectNode send(String org, UUID reportId, String dataset, String spec, List<String> formats, int priority,
                           Consumer<ObjectNode> change) {
        ObjectNode data = data(reportId, dataset, spec, formats, priority);
        change.accept(data);
        resend(org, data);
        return data;
    }

    /** The data of a request as the definition service writes it. */
    static ObjectNode data(UUID reportId, String dataset, String spec, List<String> formats, int priority) {
        try {
            ObjectNode data = JSON.createObjectNode().put("version", 1).put("requestId", UUID.randomUUID().toString())
                    .put("reportId", reportId.toString()).put("definitionVersion", 1).put("reportName", "M-Pesa by status")
                    .put("dataset", dataset).put("priority", priority).put("timeZone", "Africa/Nairobi")
                    .put("sendOnlyIfRows", false).put("requestedBy", "alice").put("requestedAt", Instant.now().toString());
            data.set("querySpec", JSON.readTree(spec));
            data.set("formats", JSON.valueToTree(formats));
            data.putArray("recipients").addObject().put("channel", "email").put("address", "alice@example.com");
            return data;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The same request again, in a new event (a redelivery or a duplicate send). */
    static void resend(String org, ObjectNode data) {
        TopicReader.send("reports.execution-requests.v1", data.get("requestId").asText(),
                envelope(org, data, "ExecutionRequested.v1").toString());
    }

    static ObjectNode envelope(String org, ObjectNode data, String type) {
        ObjectNode envelope = JSON.createObjectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/kaa-reports/report-definition-service").put("type", type)
                .put("time", Instant.now().toString()).put("subject", data.path("requestId").asText())
                .put("datacontenttype", "application/json").put("organization", org);
        envelope.set("data", data);
        return envelope;
    }

    static JsonPath executions(String org, UUID reportId) {
        return given().headers(TestIdentity.of(org, "alice", "analyst")).queryParam("reportId", reportId.toString())
                .get("/executions").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    /** Waits for the report's single execution to reach {@code status}; returns its id. */
    static String awaitStatus(String org, UUID reportId, String status) {
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            List<String> statuses = executions(org, reportId).getList("items.status");
            return statuses.size() == 1 && statuses.get(0).equals(status);
        });
        return executions(org, reportId).getString("items[0].id");
    }

    static JsonPath execution(String org, String id) {
        return given().headers(TestIdentity.of(org, "alice", "analyst")).get("/executions/" + id)
                .then().statusCode(200).extract().jsonPath();
    }
}
