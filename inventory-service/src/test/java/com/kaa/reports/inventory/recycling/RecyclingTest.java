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
        given().headers(f.who).get("/hardware/" + device).then().body("status", equalTo("recycled")).body("version", equalTo(1));
        given().headers(f.who).get("/visit-reports/" + visit).then().body("counts.recycling", equalTo(1));
        given().headers(f.who).contentType(ContentType.JSON).body(record(device, "refurbish", "1", "2026-03-06"))
                .post("/recycling").then().statusCode(409).body("detail", containsString("already recycled"));
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
}
