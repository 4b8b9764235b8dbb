package com.kaa.reports.inventory.recycling;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class RecyclingTest {

    static String record(String hardware, String method, String kg, String day) {
        return """
                {"hardwareId":"%s","method":"%s","weightKg":%s,"certificateNumber":"WEEE-1","recycler":"EnviroServe Kenya","recycledOn":"%s"}"""
                .formatted(hardware, method, kg, day);
    }

    @Test
    void recordingMarksTheDeviceRecycledOnceAndPublishesBothChanges() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Collection");
        String device = f.hardware(visit, "SN-R-" + visit);

        String id = given().headers(f.who).contentType(ContentType.JSON).body(record(device, "e-waste recycler", "2.350", "2026-03-05"))
                .post("/recycling").then().statusCode(201).body("weightKg", equalTo(2.35f))
                .body("visitReportId", equalTo(visit)).extract().path("id");
        given().headers(f.who).get("/recycling/" + id).then().body("status", equalTo("certified"));
        given().headers(f.who).get("/hardware/" + device).then().body("status", equalTo("recycled")).body("version", equalTo(1));
        given().headers(f.who).get("/visit-reports/" + visit).then().body("counts.recycling", equalTo(1));
        given().headers(f.who).contentType(ContentType.JSON).body(record(device, "refurbish", "1", "2026-03-06"))
                .post("/recycling").then().statusCode(409).body("detail", containsString("already has recycling record " + id));
        given().headers(f.who).contentType(ContentType.JSON).body(record(visit, "refurbish", "1", "2026-03-06"))
                .post("/recycling").then().statusCode(400).body("errors[0].field", equalTo("hardwareId"));
        given().headers(f.who).contentType(ContentType.JSON).body(record(device, "refurbish", "-1", "2026-03-06"))
                .post("/recycling").then().statusCode(400);

        List<ConsumerRecord<String, String>> recycling = TopicReader.readAll(Topics.RECYCLING, Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id)).toList();
        assertThat(recycling).hasSize(1);
        EventSchemas.assertValid(recycling.get(0).value());
        assertThat(recycling.get(0).value()).contains("\"weightKg\":\"2.350\"");
        List<ConsumerRecord<String, String>> hardware = TopicReader.readAll(Topics.HARDWARE, Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(device)).toList();
        assertThat(hardware).hasSize(2);
        hardware.forEach(r -> EventSchemas.assertValid(r.value()));
        assertThat(hardware.get(1).value()).contains("\"status\":\"recycled\"");
    }

    @Test
    void summaryAddsDevicesAndKilogramsPerMonthAndMethodExactly() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Summary");
        String[][] rows = {{"e-waste recycler", "0.1", "2026-02-10"}, {"e-waste recycler", "0.2", "2026-02-20"},
                {"refurbish", "5.125", "2026-02-21"}, {"e-waste recycler", "1.000", "2026-03-01"}};
        for (int i = 0; i < rows.length; i++) {
            String device = f.hardware(visit, "SN-S-" + i + "-" + visit);
            given().headers(f.who).contentType(ContentType.JSON).body(record(device, rows[i][0], rows[i][1], rows[i][2]))
                    .post("/recycling").then().statusCode(201);
        }
        given().headers(f.who).get("/recycling/summary?from=2026-01-01&to=2026-03-31").then().statusCode(200)
                .body("records", equalTo(4)).body("weightKg", equalTo(6.425f))
                .body("rows[0].month", equalTo("2026-02")).body("rows[0].method", equalTo("e-waste recycler"))
                .body("rows[0].records", equalTo(2)).body("rows[0].weightKg", equalTo(0.3f))
                .body("rows[1].method", equalTo("refurbish"))
                .body("rows[2].month", equalTo("2026-03"));
        given().headers(f.who).get("/recycling?from=2026-02-15&to=2026-02-28").then().body("total", equalTo(2));
        given().headers(f.who).get("/recycling/summary?from=2026-04-01&to=2026-03-01").then().statusCode(400);
        given().headers(TestIdentity.of("org-other-" + visit, "x", "admin")).get("/recycling/summary?from=2026-01-01&to=2026-03-31")
                .then().body("records", equalTo(0));
    }

    @Test
    void aRecordCanBeCorrectedWithItsVersionAndDeleted() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Corrections");
        String device = f.hardware(visit, "SN-C-" + visit);
        String id = given().headers(f.who).contentType(ContentType.JSON).body(record(device, "donate", "3", "2026-03-05"))
                .post("/recycling").then().statusCode(201).extract().path("id");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"weightKg\":3.5}").patch("/recycling/" + id)
                .then().statusCode(200).body("weightKg", equalTo(3.5f)).body("method", equalTo("donate"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"weightKg\":4}").patch("/recycling/" + id)
                .then().statusCode(409);
        given().headers(TestIdentity.of("org-other-" + id, "x", "admin")).get("/recycling/" + id).then().statusCode(404);
        given().headers(f.who).delete("/recycling/" + id).then().statusCode(204);
        given().headers(f.who).get("/recycling/" + id).then().statusCode(404);
    }

    @Test
    void aPickupMovesFromRequestedToScheduledCollectedAndCertifiedAndNoOtherWay() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(LocalDate.of(2026, 3, 2), "Pickup");
        String device = f.hardware(visit, "SN-W-" + visit);
        LocalDate pickup = LocalDate.now().plusDays(3);
        String id = given().headers(f.who).contentType(ContentType.JSON)
                .body("{\"hardwareId\":\"%s\",\"method\":\"e-waste recycler\",\"weightKg\":1.2}".formatted(device))
                .post("/recycling").then().statusCode(201).body("status", equalTo("requested"))
                .body("recycledOn", nullValue()).extract().path("id");
        // a requested pickup leaves the device as it was
        given().headers(f.who).get("/hardware/" + device).then().body("status", equalTo("in_use"));

        move(f, id, "certify", "{\"version\":0,\"certificateNumber\":\"WEEE-9\"}").statusCode(409)
                .body("detail", containsString("is requested: it can be certified only when collected"));
        move(f, id, "schedule", "{\"version\":0,\"pickupDate\":\"2020-01-01\"}").statusCode(400).body("errors[0].field", equalTo("pickupDate"));
        move(f, id, "schedule", "{\"version\":0,\"pickupDate\":\"%s\",\"recycler\":\"EnviroServe\"}".formatted(pickup))
                .statusCode(200).body("status", equalTo("scheduled")).body("pickupDate", equalTo(pickup.toString()))
                .body("recycler", equalTo("EnviroServe")).body("version", equalTo(1));
        move(f, id, "schedule", "{\"version\":0,\"pickupDate\":\"%s\"}".formatted(pickup)).statusCode(409)
                .body("detail", containsString("at version 1"));
        // due this week, not within a day
        assertThat(due(f, 7)).containsExactly(id);
        assertThat(due(f, 1)).isEmpty();
        given().headers(f.who).get("/recycling?status=scheduled").then().body("items.id", org.hamcrest.Matchers.contains(id));
        // a field of a later stage is not corrected into a record before it
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"certificateNumber\":\"WEEE-9\"}")
                .patch("/recycling/" + id).then().statusCode(409).body("detail", containsString("certify"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":1,\"recycledOn\":\"2026-03-05\"}")
                .patch("/recycling/" + id).then().statusCode(409).body("detail", containsString("collect"));

        move(f, id, "collect", "{\"version\":1,\"recycledOn\":\"%s\",\"weightKg\":1.25}".formatted(LocalDate.now()))
                .statusCode(200).body("status", equalTo("collected")).body("weightKg", equalTo(1.25f));
        given().headers(f.who).get("/hardware/" + device).then().body("status", equalTo("recycled"));
        assertThat(due(f, 7)).isEmpty();
        move(f, id, "schedule", "{\"version\":2,\"pickupDate\":\"%s\"}".formatted(pickup)).statusCode(409)
                .body("detail", containsString("is collected: it can be scheduled only when requested or scheduled"));
        move(f, id, "collect", "{\"version\":2,\"recycledOn\":\"%s\"}".formatted(LocalDate.now())).statusCode(409);
        move(f, id, "certify", "{\"version\":2,\"certificateNumber\":\"WEEE-9\"}").statusCode(200)
                .body("status", equalTo("certified")).body("certificateNumber", equalTo("WEEE-9"));
        move(f, id, "certify", "{\"version\":3,\"certificateNumber\":\"WEEE-10\"}").statusCode(409);
        move(f, id, "collect", "{\"version\":3,\"recycledOn\":\"%s\",\"status\":\"requested\"}".formatted(LocalDate.now()))
                .statusCode(400).body("errors[0].field", equalTo("status"));

        // every stage left an event with the whole record; the device's event came with the collection
        List<ConsumerRecord<String, String>> events = TopicReader.readAll(Topics.RECYCLING, Duration.ofSeconds(2)).stream()
                .filter(r -> r.key().equals(id)).toList();
        assertThat(events).extracting(r -> r.value().replaceAll(".*\"status\":\"([a-z]+)\".*", "$1"))
                .containsExactly("requested", "scheduled", "collected", "certified");
        events.forEach(r -> EventSchemas.assertValid(r.value()));
        assertThat(TopicReader.readAll(Topics.HARDWARE, Duration.ofSeconds(2)).stream().filter(r -> r.key().equals(device)))
                .extracting(r -> r.value().contains("\"status\":\"recycled\"")).containsExactly(false, true);

        // another organization neither sees nor moves it
        Fixtures stranger = new Fixtures();
        move(stranger, id, "certify", "{\"version\":3,\"certificateNumber\":\"X\"}").statusCode(404);
        assertThat(due(stranger, 30)).isEmpty();
        given().headers(f.who).contentType(ContentType.JSON)
                .body("{\"hardwareId\":\"%s\",\"method\":\"x\",\"certificateNumber\":\"C\"}".formatted(f.hardware(visit, "SN-W2-" + visit)))
                .post("/recycling").then().statusCode(400).body("errors[0].field", equalTo("certificateNumber"));
    }

    private static io.restassured.response.ValidatableResponse move(Fixtures f, String id, String stage, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).post("/recycling/" + id + "/" + stage).then();
    }

    private static List<String> due(Fixtures f, int days) {
        return given().headers(f.who).get("/recycling/pickups-due?days=" + days).then().statusCode(200).extract().path("items.id");
    }
}
