package com.kaa.reports.inventory.hardware;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.events.EventEnvelope;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class HardwareTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @Inject
    Pool pool;
    @Inject
    EventCodec codec;
    @Inject
    Outbox outbox;

    static String item(String visit, String serial, String status) {
        return """
                {"visitReportId":"%s","category":"laptop","deviceName":"HP EliteBook 840","manufacturer":"HP","model":"EliteBook 840 G9",
                 "serialNumber":"%s","status":"%s","building":"Block B","floor":"1","room":"Lab"}""".formatted(visit, serial, status);
    }

    static String bulk(String mode, List<String> items) {
        return "{\"mode\":\"" + mode + "\",\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void aDeviceIsCreatedReadChangedAndDeleted() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Audit");
        String id = f.hardware(visit, "SN-A-" + visit);

        given().headers(f.who).get("/hardware/" + id).then().statusCode(200)
                .body("category", equalTo("laptop")).body("status", equalTo("in_use")).body("version", equalTo(0));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"status\":\"faulty\",\"notes\":\"broken hinge\"}")
                .patch("/hardware/" + id).then().statusCode(200).body("status", equalTo("faulty")).body("version", equalTo(1))
                .body("deviceName", equalTo("Dell Latitude 5440"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"status\":\"spare\"}")
                .patch("/hardware/" + id).then().statusCode(409).contentType("application/problem+json");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"status\":\"spare\"}")
                .patch("/hardware/" + id).then().statusCode(400).body("errors[0].field", equalTo("version"));
        given().headers(f.who).contentType(ContentType.JSON).body(item(visit, "SN-A-" + visit, "spare"))
                .post("/hardware").then().statusCode(409).body("detail", containsString("already exists"));
        given().headers(f.who).delete("/hardware/" + id).then().statusCode(204);
        given().headers(f.who).get("/hardware/" + id).then().statusCode(404);
        // its serial number is free again
        given().headers(f.who).contentType(ContentType.JSON).body(item(visit, "SN-A-" + visit, "spare"))
                .post("/hardware").then().statusCode(201);
    }

    @Test
    void anotherOrganizationCannotReadChangeOrAttachDevices() {
        Fixtures owner = new Fixtures();
        String visit = owner.visitReport(DAY, "Audit");
        String id = owner.hardware(visit, "SN-X-" + visit);
        Map<String, String> stranger = TestIdentity.of("org-stranger-" + id, "mallory", "admin");

        given().headers(stranger).get("/hardware/" + id).then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body("{\"version\":0,\"status\":\"retired\"}")
                .patch("/hardware/" + id).then().statusCode(404);
        given().headers(stranger).delete("/hardware/" + id).then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body(item(visit, "SN-Y", "spare"))
                .post("/hardware").then().statusCode(400).body("errors[0].field", equalTo("visitReportId"));
        given().headers(stranger).contentType(ContentType.JSON).body(bulk("partial", List.of("{\"id\":\"" + id + "\",\"status\":\"retired\"}")))
                .patch("/hardware/bulk").then().statusCode(200).body("failed", equalTo(1))
                .body("results[0].error", containsString("no device"));
        given().headers(stranger).get("/hardware?visitReportId=" + visit).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void atomicBulkCreateWritesAllOrNothingAndNamesEachBadItem() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Bulk audit");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(item(visit, "SN-B-" + visit + "-" + i, "in_use"));
        }
        items.set(7, item(visit, "SN-B-" + visit + "-7", "lost"));
        items.set(9, item(visit, "SN-B-" + visit + "-3", "in_use"));   // duplicate serial within the request

        given().headers(f.who).contentType(ContentType.JSON).body(bulk("atomic", items)).post("/hardware/bulk")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("items[7].status"))
                .body("errors.field", hasItem("items[9].serialNumber"));
        given().headers(f.who).get("/hardware?visitReportId=" + visit).then().body("total", equalTo(0));

        given().headers(f.who).contentType(ContentType.JSON).body(bulk("partial", items)).post("/hardware/bulk")
                .then().statusCode(200).body("succeeded", equalTo(48)).body("failed", equalTo(2))
                .body("results[7].outcome", equalTo("error")).body("results[7].error", startsWith("status"))
                .body("results[8].outcome", equalTo("created"));
        given().headers(f.who).get("/hardware?visitReportId=" + visit).then().body("total", equalTo(48));

        // the same again: every serial now exists, so partial creates nothing and says why for each
        given().headers(f.who).contentType(ContentType.JSON).body(bulk("partial", items.subList(0, 5))).post("/hardware/bulk")
                .then().statusCode(200).body("succeeded", equalTo(0)).body("results[0].error", containsString("already exists"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"mode\":\"atomic\",\"items\":[]}").post("/hardware/bulk")
                .then().statusCode(400);
    }

    @Test
    void bulkUpdateAppliesValidItemsAndReportsStaleAndMissingOnes() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Bulk update");
        String a = f.hardware(visit, "SN-U1-" + visit);
        String b = f.hardware(visit, "SN-U2-" + visit);
        String c = f.hardware(visit, "SN-U3-" + visit);
        List<String> changes = List.of(
                "{\"id\":\"" + a + "\",\"version\":0,\"status\":\"retired\"}",
                "{\"id\":\"" + b + "\",\"version\":5,\"status\":\"retired\"}",
                "{\"id\":\"00000000-0000-4000-8000-00000000dead\",\"status\":\"retired\"}",
                "{\"id\":\"" + c + "\",\"room\":\"Store\"}");

        given().headers(f.who).contentType(ContentType.JSON).body(bulk("atomic", changes)).patch("/hardware/bulk")
                .then().statusCode(422).body("errors.field", hasItem("items[1].version"));
        given().headers(f.who).get("/hardware/" + a).then().body("status", equalTo("in_use"));

        given().headers(f.who).contentType(ContentType.JSON).body(bulk("partial", changes)).patch("/hardware/bulk")
                .then().statusCode(200).body("succeeded", equalTo(2))
                .body("results[1].error", containsString("version 0")).body("results[2].error", containsString("no device"));
        given().headers(f.who).get("/hardware/" + a).then().body("status", equalTo("retired")).body("version", equalTo(1));
        given().headers(f.who).get("/hardware/" + c).then().body("room", equalTo("Store")).body("status", equalTo("in_use"));
    }

    @Test
    void csvImportReportsEachBadRowByLineAndImportsTheRest() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "CSV import");
        String csv = """
                category,device_name,serialNumber,status,warrantyExpiry
                laptop,Dell Latitude,SN-C1-%1$s,in_use,2027-05-10
                printer,HP LaserJet,SN-C2-%1$s,faulty,not-a-date
                router,"Cisco, ISR 1100",SN-C3-%1$s,spare,
                ,Nameless,SN-C4-%1$s,in_use,
                """.formatted(visit);
        given().headers(f.who).contentType("text/csv").body(csv).post("/hardware/import?visitReportId=" + visit)
                .then().statusCode(200).body("succeeded", equalTo(2)).body("failed", equalTo(2))
                .body("results[1].line", equalTo(3)).body("results[1].error", containsString("not a date"))
                .body("results[3].line", equalTo(5)).body("results[3].error", startsWith("category"));
        given().headers(f.who).get("/hardware?q=cisco&visitReportId=" + visit).then().body("items[0].deviceName", equalTo("Cisco, ISR 1100"));

        given().headers(f.who).contentType("text/csv").body("colour,status\nred,in_use\n").post("/hardware/import?visitReportId=" + visit)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("colour"));
        given().headers(f.who).contentType("text/csv").body(csv).post("/hardware/import?mode=atomic&visitReportId=" + visit)
                .then().statusCode(422).body("errors.field", hasItem("line 3"));
        given().headers(f.who).contentType("text/csv").body("category,status\n").post("/hardware/import?visitReportId=" + visit)
                .then().statusCode(400);
    }

    @Test
    void listsFilterByCategoryStatusWarrantyLocationAndSearch() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Filters");
        String soon = LocalDate.now().plusDays(10).toString();
        String later = LocalDate.now().plusDays(400).toString();
        given().headers(f.who).contentType(ContentType.JSON).body(bulk("atomic", List.of(
                """
                {"visitReportId":"%s","category":"printer","deviceName":"HP LaserJet M404","manufacturer":"HP","serialNumber":"PRN-%s","status":"faulty","warrantyExpiry":"%s","building":"Main","floor":"3","room":"301"}"""
                        .formatted(visit, visit, soon),
                """
                {"visitReportId":"%s","category":"laptop","deviceName":"Lenovo ThinkPad T14","manufacturer":"Lenovo","serialNumber":"LAP-%s","status":"in_use","warrantyExpiry":"%s","building":"Main","floor":"2","room":"201"}"""
                        .formatted(visit, visit, later)))).post("/hardware/bulk").then().statusCode(200);

        given().headers(f.who).get("/hardware?category=printer").then().body("total", equalTo(1));
        given().headers(f.who).get("/hardware?status=in_use").then().body("total", equalTo(1));
        given().headers(f.who).get("/hardware?warrantyWithinDays=30").then().body("items[0].category", equalTo("printer"));
        given().headers(f.who).get("/hardware?building=Main&floor=2").then().body("items[0].category", equalTo("laptop"));
        given().headers(f.who).get("/hardware?q=thinkpad").then().body("total", equalTo(1));
        given().headers(f.who).get("/hardware?q=LAP-" + visit).then().body("total", equalTo(1));
        for (String hostile : List.of("'); drop table hardware; --", "&|!", "", "<->", "\\")) {
            given().headers(f.who).queryParam("q", hostile).get("/hardware").then().statusCode(200);
        }
        given().headers(f.who).get("/hardware?warrantyWithinDays=-1").then().statusCode(400);
        given().headers(f.who).get("/hardware?sortBy=warrantyExpiry&sortOrder=asc").then().body("items[0].category", equalTo("printer"));
    }

    @Test
    void bulkCreateEmitsOneSchemaValidEventPerDevice() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Events");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(item(visit, "SN-E-" + visit + "-" + i, "spare"));
        }
        List<String> ids = given().headers(f.who).contentType(ContentType.JSON).body(bulk("atomic", items)).post("/hardware/bulk")
                .then().statusCode(200).extract().path("results.id");

        List<ConsumerRecord<String, String>> mine = TopicReader.readAll(Topics.HARDWARE, Duration.ofSeconds(3)).stream()
                .filter(r -> ids.contains(r.key())).toList();
        assertThat(mine).hasSize(30);
        assertThat(mine).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        mine.forEach(r -> EventSchemas.assertValid(r.value()));
    }

    /** Bulk writes build their events in SQL; they must be the events Java builds for the same device. */
    @Test
    void eventsBuiltByPostgresAreTheEventsJavaBuildsForTheSameDevice() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Event parity");
        String id = given().headers(f.who).contentType(ContentType.JSON).body("""
                        {"visitReportId":"%s","category":"printer","deviceName":"LaserJet \\"Pro\\" M404 ✓","manufacturer":"HP",
                         "model":"M404dn","serialNumber":"SN-P-%s","assetTag":"AT-7","status":"in_use","purchaseDate":"2024-02-29",
                         "warrantyExpiry":"2027-02-28","building":"Block A","floor":"2","room":"Print room","notes":"line1\\nline2",
                         "ipAddress":"2001:DB8:0:0::15","macAddress":"0800.2B01.0203","conditionRating":3,
                         "specifications":{"duplex":true,"trays":[1,2],"memory":{"mb":512}},"metadata":{"source":"audit ✓"}}"""
                        .formatted(visit, visit))
                .post("/hardware").then().statusCode(201).extract().path("id");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"status\":\"faulty\"}")
                .patch("/hardware/" + id).then().statusCode(200);

        List<String> payloads = new ArrayList<>();
        pool.preparedQuery("select payload, bucket from outbox_event where message_key = $1 order by id").execute(Tuple.of(id))
                .await().indefinitely().forEach(r -> {
                    payloads.add(r.getString(0));
                    assertThat(r.getInteger(1)).isEqualTo(outbox.bucket(id));
                });
        assertThat(payloads).hasSize(2);
        Row device = pool.preparedQuery("select " + HardwareRows.COLUMNS + " from hardware where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next();
        HardwareRows.HardwareUpserted expected = HardwareRows.HardwareUpserted.of(HardwareRows.read(device));
        EventEnvelope java = codec.read(codec.write(new EventEnvelope(EventEnvelope.SPEC_VERSION, "x", "/kaa-reports/inventory-service",
                HardwareRows.UPSERTED, OffsetDateTime.now(), id, EventEnvelope.JSON, f.organization, null, codec.tree(expected))));

        for (String payload : payloads) {
            EventSchemas.assertValid(payload);
            EventEnvelope sql = codec.read(payload);
            assertThat(sql).usingRecursiveComparison().ignoringFields("id", "time", "data", "traceparent").isEqualTo(java);
            assertThat(sql.time()).isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));
            assertThat(fieldNames(sql.data().fieldNames())).containsExactlyInAnyOrderElementsOf(fieldNames(java.data().fieldNames()));
        }
        // the last event carries the device as it is now, field for field (the JSON objects by content: Postgres
        // writes jsonb with spaces, an event reader compactly)
        assertThat(codec.data(codec.read(payloads.get(1)), HardwareRows.HardwareUpserted.class)).usingRecursiveComparison()
                .ignoringFields("specifications", "metadata").isEqualTo(expected);
        assertThat(codec.data(codec.read(payloads.get(0)), HardwareRows.HardwareUpserted.class))
                .usingRecursiveComparison().ignoringFields("status", "updatedAt", "specifications", "metadata").isEqualTo(expected);
        for (String payload : payloads) {
            var data = codec.read(payload).data();
            assertThat(data.path("version").asInt()).isEqualTo(2);
            assertThat(data.path("ipAddress").asText()).isEqualTo("2001:db8::15");
            assertThat(data.path("macAddress").asText()).isEqualTo("08:00:2b:01:02:03");
            assertThat(data.path("conditionRating").asInt()).isEqualTo(3);
            assertThat(data.path("specifications")).isEqualTo(java.data().path("specifications"));
            assertThat(data.path("specifications").path("memory").path("mb").asInt()).isEqualTo(512);
            assertThat(data.path("metadata").path("source").asText()).isEqualTo("audit ✓");
        }
    }

    private static List<String> fieldNames(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
