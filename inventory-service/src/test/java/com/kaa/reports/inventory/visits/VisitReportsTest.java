package com.kaa.reports.inventory.visits;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class VisitReportsTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @Test
    void aRecordedVisitReadsBackWithItsOfficeTechnicianNumberAndCounts() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(DAY, "Quarterly hardware audit");
        f.hardware(id, "SN-" + id.substring(0, 8));

        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(200)
                .body("reportNumber", matchesPattern("VR-\\d{4}-000001"))
                .body("officeName", equalTo("Westlands HQ"))
                .body("county", equalTo("Nairobi"))
                .body("technicianName", equalTo("Achieng Otieno"))
                .body("status", equalTo("draft"))
                .body("priority", equalTo("normal"))
                .body("visitDate", equalTo("2026-03-02"))
                .body("createdBy", equalTo("achieng"))
                .body("counts.hardware", equalTo(1))
                .body("counts.recycling", equalTo(0))
                .body("counts.files", equalTo(0));
        String second = f.visitReport(DAY, "Follow-up");
        given().headers(f.who).get("/visit-reports/" + second).then().body("reportNumber", matchesPattern("VR-\\d{4}-000002"));
    }

    @Test
    void statusFollowsTheAllowedTransitionsAndAStaleVersionIsAConflict() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(DAY, "Printer repair");

        patch(f, id, "{\"version\":0,\"status\":\"approved\"}").statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("can become submitted, cancelled"));
        patch(f, id, "{\"version\":0,\"status\":\"submitted\",\"completion\":60}").statusCode(200)
                .body("status", equalTo("submitted")).body("version", equalTo(1));
        patch(f, id, "{\"version\":0,\"summary\":\"late edit\"}").statusCode(409).body("detail", containsString("version 1"));
        patch(f, id, "{\"version\":1,\"status\":\"in_review\"}").statusCode(200);
        patch(f, id, "{\"version\":2,\"status\":\"approved\"}").statusCode(200);
        patch(f, id, "{\"version\":3,\"status\":\"completed\"}").statusCode(200).body("completion", equalTo(100));
        patch(f, id, "{\"version\":4,\"status\":\"draft\"}").statusCode(409).body("detail", containsString("final"));
        patch(f, id, "{\"version\":4,\"status\":\"paused\"}").statusCode(400).contentType("application/problem+json");
    }

    @Test
    void referencesToAnotherOrganizationsOfficeAreRejected() {
        Fixtures mine = new Fixtures();
        Fixtures theirs = new Fixtures();
        given().headers(mine.who).contentType(ContentType.JSON)
                .body("{\"officeId\":\"%s\",\"visitDate\":\"2026-03-02\",\"purpose\":\"x\"}".formatted(theirs.office))
                .post("/visit-reports").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("officeId"));
    }

    @Test
    void anotherOrganizationSeesNothingAndChangesNothing() {
        Fixtures owner = new Fixtures();
        String id = owner.visitReport(DAY, "Confidential audit");
        Map<String, String> stranger = TestIdentity.of("org-stranger-" + id, "mallory", "admin");

        given().headers(stranger).get("/visit-reports/" + id).then().statusCode(404).contentType("application/problem+json");
        given().headers(stranger).get("/visit-reports/" + id + "/summary").then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body("{\"version\":0,\"summary\":\"x\"}")
                .patch("/visit-reports/" + id).then().statusCode(404);
        given().headers(stranger).delete("/visit-reports/" + id).then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body("{\"recipients\":[\"a@b.example\"]}")
                .post("/visit-reports/" + id + "/send").then().statusCode(404);
        given().headers(stranger).get("/visit-reports").then().statusCode(200).body("total", equalTo(0));
        given().headers(stranger).get("/offices/" + owner.office).then().statusCode(404);
        given().headers(owner.who).get("/visit-reports/" + id).then().statusCode(200).body("summary", equalTo("Checked the server room"));
    }

    @Test
    void aDeletedVisitLeavesListsAndAnswers404() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(DAY, "Decommissioning");
        given().headers(f.who).get("/visit-reports").then().body("total", equalTo(1));
        given().headers(f.who).delete("/visit-reports/" + id).then().statusCode(204);
        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(404);
        given().headers(f.who).get("/visit-reports").then().body("total", equalTo(0));
        given().headers(f.who).delete("/visit-reports/" + id).then().statusCode(404);
    }

    @Test
    void listsFilterByOfficeStatusPriorityDatesAndCompletion() {
        Fixtures f = new Fixtures();
        f.visitReport("""
                {"officeId":"%s","visitDate":"2026-01-15","priority":"urgent","completion":20,"purpose":"Network outage"}""".formatted(f.office));
        f.visitReport("""
                {"officeId":"%s","technicianId":"%s","visitDate":"2026-02-10","status":"submitted","completion":90,"purpose":"Printer audit"}"""
                .formatted(f.office, f.technician));
        f.visitReport(DAY, "Server room check");

        assertThat(numbers(f, "priority=urgent")).hasSize(1);
        assertThat(numbers(f, "status=submitted")).hasSize(1);
        assertThat(numbers(f, "technicianId=" + f.technician)).hasSize(2);
        assertThat(numbers(f, "from=2026-02-01&to=2026-02-28")).hasSize(1);
        assertThat(numbers(f, "completionMin=50")).hasSize(1);
        assertThat(numbers(f, "officeId=" + f.office)).hasSize(3);
        given().headers(f.who).get("/visit-reports?from=2026-03-01&to=2026-02-01").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        given().headers(f.who).get("/visit-reports?sortBy=password").then().statusCode(400)
                .body("detail", containsString("visitDate"));
        given().headers(f.who).get("/visit-reports?sortBy=visitDate&sortOrder=asc").then().statusCode(200)
                .body("items[0].visitDate", equalTo("2026-01-15"));
    }

    @Test
    void visitTypeIsKeptAndListsFilterByItAndByOfficeAndTechnicianName() {
        Fixtures f = new Fixtures();
        String other = given().headers(f.who).contentType(ContentType.JSON).body("{\"name\":\"Mombasa Port 50%_Office\",\"county\":\"mombasa\"}")
                .post("/offices").then().statusCode(201).extract().path("id");
        String wanjiru = given().headers(f.who).contentType(ContentType.JSON).body("{\"name\":\"Wanjiru Kamau\"}")
                .post("/technicians").then().statusCode(201).extract().path("id");
        String routine = f.visitReport(DAY, "Routine check");
        String repair = f.visitReport("""
                {"officeId":"%s","technicianId":"%s","visitDate":"%s","visitType":"repair","purpose":"Fix the switch"}"""
                .formatted(other, wanjiru, DAY));
        given().headers(f.who).get("/visit-reports/" + routine).then().body("visitType", equalTo("routine"));
        given().headers(f.who).get("/visit-reports/" + repair).then().body("visitType", equalTo("repair"));
        patch(f, routine, "{\"version\":0,\"visitType\":\"audit\"}").statusCode(200).body("visitType", equalTo("audit"));

        assertThat(ids(f, "visitType=repair")).containsExactly(repair);
        assertThat(ids(f, "officeName=westlands")).containsExactly(routine);
        assertThat(given().headers(f.who).queryParam("officeName", "PORT 50%_").get("/visit-reports").then().extract()
                .<List<String>>path("items.id")).containsExactly(repair);
        // % and _ are the name's own characters, not wildcards
        assertThat(given().headers(f.who).queryParam("officeName", "%").get("/visit-reports").then().extract()
                .<List<String>>path("items.id")).containsExactly(repair);
        assertThat(ids(f, "officeName=_")).containsExactly(repair);
        assertThat(ids(f, "technicianName=otieno")).containsExactly(routine);
        assertThat(ids(f, "technicianName=wanjiru&visitType=routine")).isEmpty();
        // another organization's names find nothing of this one
        Fixtures stranger = new Fixtures();
        assertThat(ids(stranger, "officeName=mombasa")).isEmpty();

        given().headers(f.who).get("/visit-reports?visitType=picnic").then().statusCode(400).body("errors[0].field", equalTo("visitType"));
        given().headers(f.who).contentType(ContentType.JSON).body("""
                        {"officeId":"%s","visitDate":"%s","visitType":"picnic","purpose":"x"}""".formatted(f.office, DAY))
                .post("/visit-reports").then().statusCode(400).body("errors[0].field", equalTo("visitType"));
    }

    static List<String> ids(Fixtures f, String query) {
        return given().headers(f.who).get("/visit-reports?" + query).then().statusCode(200).extract().path("items.id");
    }

    @Test
    void searchFindsWordsAndNumbersAndTreatsHostileTextAsWords() {
        Fixtures f = new Fixtures();
        String audit = f.visitReport(DAY, "Quarterly printers audit");
        f.visitReport(DAY, "Network cabling");
        String number = given().headers(f.who).get("/visit-reports/" + audit).then().extract().path("reportNumber");

        assertThat(numbers(f, "q=printer")).containsExactly(number);
        assertThat(numbers(f, "q=" + number.toLowerCase())).containsExactly(number);
        assertThat(numbers(f, "q=\"network cabling\"")).hasSize(1);
        assertThat(numbers(f, "q=audit -printers")).isEmpty();
        for (String hostile : List.of("'); drop table visit_report; --", "&|!", "", "   ", "\"", "(((", ":*", "%", "\\", "😀 ünïcödé")) {
            given().headers(f.who).queryParam("q", hostile).get("/visit-reports").then().statusCode(200);
        }
        given().headers(f.who).queryParam("q", "").get("/visit-reports").then().body("total", equalTo(2));
        given().headers(f.who).queryParam("q", "x".repeat(201)).get("/visit-reports").then().statusCode(400);
    }

    @Test
    void keysetPagingNeitherSkipsNorRepeatsWhileOthersInsert() {
        Fixtures f = new Fixtures();
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            before.add(f.visitReport(DAY.minusDays(i % 5), "Visit " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().headers(f.who).queryParam("limit", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var response = request.get("/visit-reports").then().statusCode(200);
            if (cursor != null) {
                response.body("total", nullValue());  // cursor mode does not count
            }
            var page = response.extract();
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            // others keep recording visits, on days before, inside and after the window being walked
            f.visitReport(DAY.minusDays(pages % 7).plusDays(1), "Concurrent " + pages);
            pages++;
        } while (cursor != null && pages < 40);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
        given().headers(f.who).queryParam("cursor", "not-a-cursor").get("/visit-reports").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void pageModeGivesTheTotalAndPagesDoNotOverlap() {
        Fixtures f = new Fixtures();
        for (int i = 0; i < 7; i++) {
            f.visitReport(DAY.minusDays(i), "Visit " + i);
        }
        List<String> first = given().headers(f.who).get("/visit-reports?limit=5&page=1").then().body("total", equalTo(7))
                .body("hasMore", equalTo(true)).extract().path("items.id");
        List<String> second = given().headers(f.who).get("/visit-reports?limit=5&page=2").then().body("page", equalTo(2))
                .body("hasMore", equalTo(false)).extract().path("items.id");
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
    }

    @Test
    void eachChangePublishesOneEventThatMatchesItsSchema() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(DAY, "Evented visit");
        patch(f, id, "{\"version\":0,\"summary\":\"more detail\"}").statusCode(200);
        patch(f, id, "{\"version\":1,\"status\":\"submitted\"}").statusCode(200);
        given().headers(f.who).delete("/visit-reports/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> mine = TopicReader.readAll(Topics.VISIT_REPORTS, Duration.ofSeconds(3)).stream()
                .filter(r -> r.key().equals(id)).toList();
        assertThat(mine).extracting(r -> typeOf(r.value())).containsExactly(
                "VisitReportCreated.v2", "VisitReportUpdated.v2", "VisitReportStatusChanged.v2", "VisitReportDeleted.v1");
        mine.forEach(r -> EventSchemas.assertValid(r.value()));
        assertThat(mine.get(2).value()).contains("\"previousStatus\":\"draft\"", "\"visitType\":\"routine\"");
    }

    @Test
    void sendingAsksTheExecutionServiceForTheVisitReportPdf() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(DAY, "Client handover");
        String requestId = given().headers(f.who).contentType(ContentType.JSON)
                .body("{\"recipients\":[\"IT.Manager@client.example\",\"it.manager@client.example\"]}")
                .post("/visit-reports/" + id + "/send").then().statusCode(202)
                .body("recipients.size()", equalTo(1)).extract().path("requestId");
        given().headers(f.who).contentType(ContentType.JSON).body("{\"recipients\":[\"not an address\"]}")
                .post("/visit-reports/" + id + "/send").then().statusCode(400);

        ConsumerRecord<String, String> request = TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofSeconds(3)).stream()
                .filter(r -> r.key().equals(requestId)).findFirst().orElseThrow();
        EventSchemas.assertValid(request.value());
        assertThat(request.value()).contains("\"dataset\":\"visit_reports\"", "\"formats\":[\"pdf\"]",
                "\"address\":\"it.manager@client.example\"", "\"value\":\"" + id + "\"");
    }

    static List<String> numbers(Fixtures f, String query) {
        return given().headers(f.who).get("/visit-reports?" + query).then().statusCode(200).extract().path("items.reportNumber");
    }

    static io.restassured.response.ValidatableResponse patch(Fixtures f, String id, String body) {
        return given().headers(f.who).contentType(ContentType.JSON).body(body).patch("/visit-reports/" + id).then();
    }

    static String typeOf(String envelope) {
        int start = envelope.indexOf("\"type\":\"") + 8;
        return envelope.substring(start, envelope.indexOf('"', start));
    }
}
