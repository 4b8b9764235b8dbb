package com.kaa.reports.inventory.checkouts;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Check-out and check-in: one holder at a time, the exact history, overdue returns, and deactivation that waits for them. */
@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class CheckoutsTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @Inject
    Pool pool;

    private static ValidatableResponse post(Fixtures f, String path, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).post(path).then().log().ifValidationFails();
    }

    @Test
    void aDeviceGoesToOneHolderAtATimeAndItsHistoryIsExact() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Loans");
        String laptop = f.hardware(visit, "SN-L-" + visit);
        LocalDate back = LocalDate.now().plusDays(14);

        String first = post(f, "/hardware/" + laptop + "/checkout",
                "{\"technicianId\":\"%s\",\"expectedReturn\":\"%s\",\"note\":\"install week\"}".formatted(f.technician, back))
                .statusCode(201).body("technicianName", equalTo("Achieng Otieno")).body("checkedOutBy", equalTo("achieng"))
                .body("checkedInAt", nullValue()).body("overdue", equalTo(false)).extract().path("id");
        // out already: refused, naming the holder
        post(f, "/hardware/" + laptop + "/checkout", "{\"location\":\"Store room B\"}").statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("checked out to technician Achieng Otieno"));
        post(f, "/hardware/" + laptop + "/checkin", "{\"note\":\"screen scratched\"}").statusCode(200)
                .body("id", equalTo(first)).body("checkinNote", equalTo("screen scratched")).body("checkedInBy", equalTo("achieng"));
        post(f, "/hardware/" + laptop + "/checkin", "{}").statusCode(409).body("detail", containsString("is not checked out"));
        String second = post(f, "/hardware/" + laptop + "/checkout", "{\"officeId\":\"%s\"}".formatted(f.office))
                .statusCode(201).body("officeName", equalTo("Westlands HQ")).extract().path("id");

        given().headers(f.who).get("/hardware/" + laptop + "/checkouts").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", org.hamcrest.Matchers.contains(second, first));
        given().headers(f.who).get("/hardware/" + laptop + "/checkouts?open=true").then().body("items.id", org.hamcrest.Matchers.contains(second));
        given().headers(f.who).get("/technicians/" + f.technician + "/checkouts").then().body("items.id", org.hamcrest.Matchers.contains(first));
        given().headers(f.who).get("/offices/" + f.office + "/checkouts?open=true").then().body("items.id", org.hamcrest.Matchers.contains(second));

        // each move left its event, with the whole check-out, on the device's key
        List<ConsumerRecord<String, String>> events = TopicReader.readAll(Topics.HARDWARE, Duration.ofSeconds(3)).stream()
                .filter(r -> r.key().equals(laptop) && r.value().contains("HardwareChecked")).toList();
        assertThat(events).extracting(r -> r.value().contains("HardwareCheckedIn.v1") ? "in" : "out").containsExactly("out", "in", "out");
        events.forEach(r -> EventSchemas.assertValid(r.value()));
    }

    @Test
    void badCheckoutsAreRefusedWithTheFieldNamed() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Refusals");
        String device = f.hardware(visit, "SN-R-" + visit);
        post(f, "/hardware/" + device + "/checkout", "{}").statusCode(400).body("errors[0].field", equalTo("technicianId"));
        post(f, "/hardware/" + device + "/checkout", "{\"location\":\"A\",\"officeId\":\"%s\"}".formatted(f.office))
                .statusCode(400).body("errors[0].field", equalTo("technicianId"));
        post(f, "/hardware/" + device + "/checkout", "{\"location\":\"A\",\"expectedReturn\":\"2020-01-01\"}")
                .statusCode(400).body("errors[0].field", equalTo("expectedReturn"));
        post(f, "/hardware/" + device + "/checkout", "{\"technicianId\":\"%s\"}".formatted(UUID.randomUUID()))
                .statusCode(400).body("errors[0].field", equalTo("technicianId"));
        post(f, "/hardware/" + device + "/checkout", "{\"location\":\"A\",\"holder\":\"me\"}").statusCode(400)
                .body("errors[0].field", equalTo("holder"));
        post(f, "/hardware/" + UUID.randomUUID() + "/checkout", "{\"location\":\"A\"}").statusCode(404);
        given().headers(f.who).get("/hardware/" + UUID.randomUUID() + "/checkouts").then().statusCode(404);

        // another organization's technician or office is not a holder here; their device is not found
        Fixtures stranger = new Fixtures();
        post(f, "/hardware/" + device + "/checkout", "{\"technicianId\":\"%s\"}".formatted(stranger.technician))
                .statusCode(400).body("errors[0].message", containsString("no technician"));
        post(stranger, "/hardware/" + device + "/checkout", "{\"location\":\"A\"}").statusCode(404);
        post(stranger, "/hardware/" + device + "/checkin", "{}").statusCode(404);
        given().headers(stranger.who).get("/hardware/" + device + "/checkouts").then().statusCode(404);

        // a recycled device has left: nothing to check out
        post(f, "/recycling", "{\"hardwareId\":\"%s\",\"method\":\"e-waste\",\"recycledOn\":\"%s\"}".formatted(device, LocalDate.now()))
                .statusCode(201);
        post(f, "/hardware/" + device + "/checkout", "{\"location\":\"A\"}").statusCode(409).body("detail", containsString("recycled"));
    }

    @Test
    void twoClientsRacingForOneDeviceGetOneCheckout() {
        Fixtures f = new Fixtures();
        String device = f.hardware(f.visitReport(DAY, "Race"), "SN-Q-" + UUID.randomUUID());
        List<Integer> statuses = IntStream.range(0, 6).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                        given().headers(f.who).contentType(ContentType.JSON).body("{\"location\":\"Desk " + i + "\"}")
                                .post("/hardware/" + device + "/checkout").statusCode()))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void overdueReturnsAreListedLongestFirst() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Overdue");
        String a = f.hardware(visit, "SN-O1-" + visit);
        String b = f.hardware(visit, "SN-O2-" + visit);
        String c = f.hardware(visit, "SN-O3-" + visit);
        String ca = post(f, "/hardware/" + a + "/checkout", "{\"location\":\"Van 1\",\"expectedReturn\":\"%s\"}".formatted(LocalDate.now()))
                .statusCode(201).extract().path("id");
        String cb = post(f, "/hardware/" + b + "/checkout", "{\"location\":\"Van 2\",\"expectedReturn\":\"%s\"}".formatted(LocalDate.now()))
                .statusCode(201).extract().path("id");
        post(f, "/hardware/" + c + "/checkout", "{\"location\":\"Van 3\"}").statusCode(201);
        // time passes: a is 10 days late, b 3 days; c has no expected return, so it is never overdue
        move(ca, 10);
        move(cb, 3);
        given().headers(f.who).get("/checkouts/overdue").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(ca, cb)).body("items[0].overdue", equalTo(true));
        post(f, "/hardware/" + a + "/checkin", "{}").statusCode(200).body("overdue", equalTo(false));
        given().headers(f.who).get("/checkouts/overdue").then().body("items.id", org.hamcrest.Matchers.contains(cb));
        given().headers(new Fixtures().who).get("/checkouts/overdue").then().body("total", equalTo(0));
    }

    private void move(String checkout, int daysLate) {
        pool.preparedQuery("update hardware_checkout set expected_return = current_date - $2::int where id = $1")
                .execute(Tuple.of(UUID.fromString(checkout), daysLate)).await().indefinitely();
    }

    @Test
    void technicianAndOfficeAreDeactivatedOnlyWithNothingCheckedOutToThem() {
        Fixtures f = new Fixtures();
        String visit = f.visitReport(DAY, "Deactivation");
        String device = f.hardware(visit, "SN-D-" + visit);
        post(f, "/hardware/" + device + "/checkout", "{\"technicianId\":\"%s\"}".formatted(f.technician)).statusCode(201);

        given().headers(f.who).delete("/technicians/" + f.technician).then().statusCode(409)
                .body("detail", containsString("1 device(s) are checked out"));
        // (the same through PATCH: an administrator's too, refused to a technician whatever the gateway lets through)
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"active\":false}")
                .patch("/technicians/" + f.technician).then().statusCode(403);
        given().headers(com.kaa.reports.platform.testing.TestIdentity.of(f.organization, "boss", "admin")).contentType(ContentType.JSON)
                .body("{\"version\":0,\"active\":false}").patch("/technicians/" + f.technician).then().statusCode(409);
        post(f, "/hardware/" + device + "/checkin", "{}").statusCode(200);
        given().headers(f.who).delete("/technicians/" + f.technician).then().statusCode(204);
        given().headers(f.who).delete("/technicians/" + f.technician).then().statusCode(204);
        given().headers(f.who).get("/technicians/" + f.technician).then().body("active", equalTo(false));
        // a deactivated technician takes no new visit or check-out; their past ones stay
        post(f, "/hardware/" + device + "/checkout", "{\"technicianId\":\"%s\"}".formatted(f.technician)).statusCode(400)
                .body("errors[0].message", containsString("deactivated"));
        post(f, "/visit-reports", "{\"officeId\":\"%s\",\"technicianId\":\"%s\",\"visitDate\":\"%s\",\"purpose\":\"x\"}"
                .formatted(f.office, f.technician, DAY)).statusCode(400).body("errors[0].field", equalTo("technicianId"));
        given().headers(f.who).get("/visit-reports/" + visit).then().body("technicianName", equalTo("Achieng Otieno"));
        given().headers(f.who).get("/technicians/" + f.technician + "/checkouts").then().body("total", equalTo(1));

        post(f, "/hardware/" + device + "/checkout", "{\"officeId\":\"%s\"}".formatted(f.office)).statusCode(201);
        given().headers(f.who).delete("/offices/" + f.office).then().statusCode(409);
        post(f, "/hardware/" + device + "/checkin", "{}").statusCode(200);
        given().headers(f.who).delete("/offices/" + f.office).then().statusCode(204);
        given().headers(f.who).get("/offices/" + f.office).then().body("active", equalTo(false));
        post(f, "/visit-reports", "{\"officeId\":\"%s\",\"visitDate\":\"%s\",\"purpose\":\"x\"}".formatted(f.office, DAY))
                .statusCode(400).body("errors[0].field", equalTo("officeId"));
        // another organization cannot deactivate what is not theirs
        given().headers(new Fixtures().who).delete("/offices/" + UUID.randomUUID()).then().statusCode(404);
        Fixtures stranger = new Fixtures();
        given().headers(stranger.who).delete("/technicians/" + stranger.technician).then().statusCode(204);
        given().headers(stranger.who).delete("/offices/" + f.office).then().statusCode(404);
    }

    @Test
    void officeAndTechnicianListsArePagedAndSearchable() {
        Fixtures f = new Fixtures();
        for (String name : List.of("Kisumu Branch", "Nakuru Depot", "Kisii 100% Office")) {
            post(f, "/offices", "{\"name\":\"%s\",\"county\":\"kisumu\"}".formatted(name)).statusCode(201);
        }
        given().headers(f.who).get("/offices?limit=2").then().statusCode(200).body("total", equalTo(4))
                .body("items.name", org.hamcrest.Matchers.contains("Kisii 100% Office", "Kisumu Branch")).body("hasMore", equalTo(true));
        given().headers(f.who).get("/offices?limit=2&page=2").then().body("items.name", org.hamcrest.Matchers.contains("Nakuru Depot", "Westlands HQ"))
                .body("hasMore", equalTo(false));
        given().headers(f.who).get("/offices?q=KIS").then().body("total", equalTo(2));
        given().headers(f.who).queryParam("q", "%").get("/offices").then().body("items.name", org.hamcrest.Matchers.contains("Kisii 100% Office"));
        given().headers(f.who).get("/offices?county=Nairobi").then().body("items.name", org.hamcrest.Matchers.contains("Westlands HQ"));
        given().headers(f.who).get("/offices?county=Atlantis").then().statusCode(400).body("errors[0].field", equalTo("county"));
        given().headers(f.who).get("/offices?limit=500").then().statusCode(400).body("errors[0].field", equalTo("limit"));

        post(f, "/technicians", "{\"name\":\"Wanjiru Kamau\"}").statusCode(201);
        String retired = post(f, "/technicians", "{\"name\":\"Otieno Omondi\"}").statusCode(201).extract().path("id");
        given().headers(f.who).delete("/technicians/" + retired).then().statusCode(204);
        given().headers(f.who).get("/technicians?q=otieno").then().body("total", equalTo(2));
        given().headers(f.who).get("/technicians?q=otieno&active=true").then().body("items.name", org.hamcrest.Matchers.contains("Achieng Otieno"));
        given().headers(f.who).get("/technicians?active=false").then().body("items.name", org.hamcrest.Matchers.contains("Otieno Omondi"));
        given().headers(f.who).get("/technicians?active=maybe").then().statusCode(400);
        assertThat(given().headers(new Fixtures().who).get("/technicians?q=wanjiru").then().extract().<List<Map<String, Object>>>path("items"))
                .isEmpty();
    }
}
