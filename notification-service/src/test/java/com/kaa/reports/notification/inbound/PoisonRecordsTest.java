package com.kaa.reports.notification.inbound;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.kaa.reports.notification.Events;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.PoisonRecords;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every topic this service consumes: a record it cannot apply goes to the DLQ, the next one is applied, readiness stays UP. */
@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class PoisonRecordsTest {

    static List<String> addresses(String organization) {
        return given().headers(TestIdentity.of(organization, "ops", "admin")).get("/deliveries").then().statusCode(200)
                .extract().jsonPath().getList("items.address", String.class);
    }

    static boolean deliveredTo(String organization, String address) {
        return addresses(organization).contains(address);
    }

    @Test
    void aNotificationRequestThatCannotBeAppliedIsDeadLetteredAndTheNextIsApplied() {
        String organization = "org-" + UUID.randomUUID();
        ObjectNode good = Events.of("NotificationRequested.v1", organization);
        Events.recipients(good, "email", "poison-" + organization.substring(4, 12) + "@client.example");
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        ObjectNode noText = Events.of("NotificationRequested.v1", organization);
        Events.data(noText).remove("text");
        poisons.add(noText.toString());
        ObjectNode nulInText = Events.of("NotificationRequested.v1", organization);
        Events.data(nulInText).put("text", "a\u0000b");
        Events.recipients(nulInText, "email", "nul@client.example");
        poisons.add(nulInText.toString());
        String address = "poison-" + organization.substring(4, 12) + "@client.example";
        PoisonRecords.assertSkipped(Topics.NOTIFICATION_REQUESTS, poisons, "visit-good", good.toString(), () -> deliveredTo(organization, address));
        assertThat(addresses(organization)).containsExactly(address);
    }

    @Test
    void anExecutionOutcomeThatCannotBeAppliedIsDeadLetteredAndTheNextIsApplied() {
        String organization = "org-" + UUID.randomUUID();
        ObjectNode good = Events.of("ExecutionCompleted.v1", organization);
        Events.recipients(good, "email", "poison-" + organization.substring(4, 12) + "@client.example");
        List<String> poisons = new ArrayList<>(PoisonRecords.UNREADABLE);
        ObjectNode noData = Events.of("ExecutionCompleted.v1", organization);
        noData.put("data", "x");
        poisons.add(noData.toString());
        String address = "poison-" + organization.substring(4, 12) + "@client.example";
        PoisonRecords.assertSkipped(Topics.EXECUTIONS, poisons, Events.data(good).get("executionId").asText(), good.toString(),
                () -> deliveredTo(organization, address));
        assertThat(addresses(organization)).containsExactly(address);
    }
}
