package com.kaa.reports.definition.schedules;

import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.definition.TestReports;
import com.kaa.reports.definition.TestWebhooks;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TopicReader;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class SchedulesTest {

    @Inject
    Pool pool;

    String org;
    Map<String, String> owner;
    String report;

    @BeforeEach
    void report() {
        TestDatasets.declarePayments(pool);
        org = "org-" + UUID.randomUUID();
        owner = TestIdentity.of(org, "alice", "analyst");
        report = TestReports.create(owner, "Scheduled");
    }

    String schedule(String body) {
        return given().headers(owner).contentType(ContentType.JSON).body(body).post("/reports/" + report + "/schedules")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void dailyScheduleRunsAtTheLocalTimeOfItsZone() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"08:30\",\"timeZone\":\"Europe/London\","
                + "\"recipients\":[{\"channel\":\"email\",\"address\":\"cfo@acme.example\"}]}");
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/London"));
        ZonedDateTime expected = now.toLocalDate().atTime(LocalTime.of(8, 30)).atZone(now.getZone());
        if (!expected.isAfter(now)) {
            expected = now.toLocalDate().plusDays(1).atTime(LocalTime.of(8, 30)).atZone(now.getZone());
        }
        String next = given().headers(owner).get("/schedules/" + id).then().statusCode(200)
                .body("status", equalTo("active")).body("timeZone", equalTo("Europe/London"))
                .body("recipients[0].address", equalTo("cfo@acme.example"))
                .extract().path("nextRunAt");
        assertThat(OffsetDateTime.parse(next).toInstant()).isEqualTo(expected.toInstant());
        given().headers(owner).get("/reports/" + report).then().body("nextRunAt", equalTo(next));
    }

    /** A DST week checked before it fires: the local time stays 08:00, UTC moves an hour, an excluded day is skipped. */
    @Test
    void upcomingRunsShowADstWeekInUtcAndLocalTime() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"08:00\",\"timeZone\":\"Europe/Berlin\","
                + "\"startDate\":\"2027-03-26\",\"excludedDates\":[\"2027-03-27\"]}");
        given().headers(owner).queryParam("count", 4).get("/schedules/" + id + "/upcoming").then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("runs.localTime", contains("2027-03-26T08:00:00+01:00", "2027-03-28T08:00:00+02:00",
                        "2027-03-29T08:00:00+02:00", "2027-03-30T08:00:00+02:00"))
                .body("runs.at", contains("2027-03-26T07:00:00Z", "2027-03-28T06:00:00Z", "2027-03-29T06:00:00Z",
                        "2027-03-30T06:00:00Z"));
        given().headers(owner).queryParam("count", 0).get("/schedules/" + id + "/upcoming").then().statusCode(400)
                .body("errors.field", hasItem("count"));
        given().headers(TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin")).get("/schedules/" + id + "/upcoming")
                .then().statusCode(404);
        given().headers(owner).contentType(ContentType.JSON).post("/schedules/" + id + "/cancel").then().statusCode(200);
        given().headers(owner).get("/schedules/" + id + "/upcoming").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("runs", hasSize(0));
    }

    /**
     * failed before: a one-off schedule took only an instant (runAt with an offset); a local time failed with a message
     * about parsing, and timeZone was ignored. Now runAtLocal is a wall-clock time in timeZone, in both DST directions.
     */
    @Test
    void aOneOffScheduleTakesALocalTimeInItsZone() {
        String london = schedule("{\"frequency\":\"once\",\"runAtLocal\":\"2027-06-01T09:00\",\"timeZone\":\"Europe/London\"}");
        given().headers(owner).get("/schedules/" + london).then().statusCode(200)
                .body("nextRunAt", equalTo("2027-06-01T08:00:00Z"));   // British Summer Time
        given().headers(owner).get("/schedules/" + london + "/upcoming").then()
                .body("runs.localTime", contains("2027-06-01T09:00:00+01:00"));
        // 01:30 on the night New York falls back happens twice: the first, still on daylight time (-04:00)
        String newYork = schedule("{\"frequency\":\"once\",\"runAtLocal\":\"2027-11-07T01:30\",\"timeZone\":\"America/New_York\"}");
        given().headers(owner).get("/schedules/" + newYork).then().body("nextRunAt", equalTo("2027-11-07T05:30:00Z"));
        Map<String, String> refused = Map.of(
                // London springs forward from 01:00 to 02:00 on 28 March 2027: 01:30 never happens
                "{\"frequency\":\"once\",\"runAtLocal\":\"2027-03-28T01:30\",\"timeZone\":\"Europe/London\"}", "does not exist in Europe/London",
                "{\"frequency\":\"once\",\"runAtLocal\":\"2027-06-01T09:00\",\"runAt\":\"2027-06-01T09:00:00Z\"}", "not both",
                "{\"frequency\":\"once\",\"runAtLocal\":\"2020-06-01T09:00\",\"timeZone\":\"Europe/London\"}", "in the past");
        refused.forEach((body, why) -> given().headers(owner).contentType(ContentType.JSON).body(body)
                .post("/reports/" + report + "/schedules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(body.contains("2020") ? "runAt" : "runAtLocal"))
                .body("errors.message", hasItem(containsString(why))));
    }

    /** A schedule not saved yet: the same validation as a create, the runs it would fire, nothing stored. */
    @Test
    void aScheduleCanBePreviewedBeforeItIsSaved() {
        given().headers(owner).contentType(ContentType.JSON).queryParam("count", 3)
                .body("{\"frequency\":\"weekly\",\"time\":\"08:00\",\"daysOfWeek\":[\"sunday\"],\"timeZone\":\"America/New_York\","
                        + "\"startDate\":\"2027-10-24\"}")
                .post("/schedules/preview").then().statusCode(200)
                .body("status", equalTo("preview")).body("scheduleId", nullValue()).body("timeZone", equalTo("America/New_York"))
                // New York falls back on 7 November 2027: 08:00 stays 08:00, UTC moves from 12:00 to 13:00
                .body("runs.localTime", contains("2027-10-24T08:00:00-04:00", "2027-10-31T08:00:00-04:00", "2027-11-07T08:00:00-05:00"))
                .body("runs.at", contains("2027-10-24T12:00:00Z", "2027-10-31T12:00:00Z", "2027-11-07T13:00:00Z"));
        given().headers(owner).contentType(ContentType.JSON).body("{\"frequency\":\"cron\",\"cron\":\"61 * * * *\"}")
                .post("/schedules/preview").then().statusCode(400).body("errors.field", hasItem("cron"));
        // what a create refuses beyond the rules of the recurrence, a preview refuses too
        given().headers(owner).contentType(ContentType.JSON).body("{\"frequency\":\"once\",\"runAt\":\"2020-01-01T00:00:00Z\"}")
                .post("/schedules/preview").then().statusCode(400).body("errors.field", hasItem("runAt"));
        given().headers(owner).contentType(ContentType.JSON)
                .body("{\"frequency\":\"daily\",\"time\":\"08:00\",\"recipients\":[{\"channel\":\"email\",\"address\":\"not-an-email\"}]}")
                .post("/schedules/preview").then().statusCode(400).body("errors.field", hasItem("recipients[0].address"));
        given().headers(owner).contentType(ContentType.JSON).queryParam("count", 101).body("{\"frequency\":\"daily\",\"time\":\"08:00\"}")
                .post("/schedules/preview").then().statusCode(400).body("errors.field", hasItem("count"));
        // failed before: without a report the preview skipped the message, which a create refuses
        for (String subject : List.of("{report.name", "{report.name.getClass()}", "a\\nb")) {
            given().headers(owner).contentType(ContentType.JSON)
                    .body("{\"frequency\":\"daily\",\"time\":\"08:00\",\"message\":{\"subject\":\"" + subject + "\",\"body\":\"x\"}}")
                    .post("/schedules/preview").then().statusCode(400).body("errors.field", hasItem("message.subject"));
        }
        given().headers(owner).contentType(ContentType.JSON)
                .body("{\"frequency\":\"daily\",\"time\":\"08:00\",\"message\":{\"subject\":\"{report.name}: {parameters.county}\",\"body\":\"x\"}}")
                .post("/schedules/preview").then().statusCode(200);
        given().headers(owner).get("/reports/" + report + "/schedules").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void defaultZoneIsNairobiAndHolidaysAreSkipped() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\",\"startDate\":\"2026-12-25\","
                + "\"exclusionCalendar\":\"kenya_public_holidays\"}");
        given().headers(owner).get("/schedules/" + id).then()
                .body("timeZone", equalTo("Africa/Nairobi"))
                .body("nextRunAt", equalTo("2026-12-27T06:00:00Z"));   // 25 and 26 December are public holidays
    }

    @Test
    void badScheduleInputIsA400NamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"frequency\":\"cron\",\"cron\":\"61 * * * *\"}", "cron",
                "{\"frequency\":\"daily\",\"time\":\"09:00\",\"timeZone\":\"Mars/Olympus\"}", "timeZone",
                "{\"frequency\":\"daily\",\"time\":\"09:00\",\"startDate\":\"2027-01-10\",\"endDate\":\"2027-01-01\"}", "endDate",
                "{\"frequency\":\"weekly\",\"time\":\"09:00\"}", "daysOfWeek",
                "{\"frequency\":\"once\",\"runAt\":\"2020-01-01T00:00:00Z\"}", "runAt",
                "{\"frequency\":\"hourly\"}", "frequency",
                "{\"frequency\":\"daily\",\"time\":\"25:00\"}", "time",
                "{\"frequency\":\"daily\",\"time\":\"09:00\",\"recipients\":[{\"channel\":\"email\",\"address\":\"not-an-email\"}]}", "recipients[0].address",
                "{\"frequency\":\"cron\",\"cron\":\"* * * * *\"}", "cron",
                "{\"frequency\":\"monthly\",\"time\":\"09:00\",\"dayOfMonth\":0}", "dayOfMonth");
        cases.forEach((body, field) -> given().headers(owner).contentType(ContentType.JSON).body(body)
                .post("/reports/" + report + "/schedules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field)));
        // failed before: a cron naming no real day (31 February) blamed endDate, which was not sent
        given().headers(owner).contentType(ContentType.JSON).body("{\"frequency\":\"cron\",\"cron\":\"0 0 31 2 *\"}")
                .post("/reports/" + report + "/schedules").then().statusCode(400).body("errors.field", hasItem("cron"))
                .body("errors.message", hasItem(containsString("matches no date")));
        given().headers(owner).contentType(ContentType.JSON)
                .body("{\"frequency\":\"cron\",\"cron\":\"0 9 * * *\",\"startDate\":\"2020-01-01\",\"endDate\":\"2020-02-01\"}")
                .post("/reports/" + report + "/schedules").then().statusCode(400).body("errors.field", hasItem("endDate"));
    }

    @Test
    void adminsMayScheduleBelowTheMinimumInterval() {
        given().headers(TestIdentity.of(org, "root", "admin")).contentType(ContentType.JSON)
                .body("{\"frequency\":\"cron\",\"cron\":\"* * * * *\"}").post("/reports/" + report + "/schedules")
                .then().statusCode(201);
    }

    @Test
    void pauseResumeAndCancel() {
        String id = schedule("{\"frequency\":\"weekly\",\"time\":\"07:00\",\"daysOfWeek\":[\"monday\",\"friday\"]}");
        given().headers(owner).post("/schedules/" + id + "/pause").then().statusCode(200)
                .body("status", equalTo("paused")).body("nextRunAt", nullValue());
        given().headers(owner).get("/reports/" + report).then().body("nextRunAt", nullValue());
        String next = given().headers(owner).post("/schedules/" + id + "/resume").then().statusCode(200)
                .body("status", equalTo("active")).body("nextRunAt", notNullValue()).extract().path("nextRunAt");
        assertThat(OffsetDateTime.parse(next).toInstant()).isAfter(Instant.now());
        given().headers(owner).post("/schedules/" + id + "/resume").then().statusCode(409);
        given().headers(owner).post("/schedules/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        given().headers(owner).post("/schedules/" + id + "/resume").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void updateRecomputesNextRunAndNeedsTheCurrentVersion() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
        given().headers(owner).contentType(ContentType.JSON)
                .body("{\"version\":0,\"schedule\":{\"frequency\":\"monthly\",\"time\":\"18:00\",\"dayOfMonth\":-1,\"timeZone\":\"America/New_York\"}}")
                .put("/schedules/" + id).then().statusCode(200)
                .body("frequency", equalTo("monthly")).body("dayOfMonth", equalTo(-1)).body("version", equalTo(1));
        given().headers(owner).contentType(ContentType.JSON)
                .body("{\"version\":0,\"schedule\":{\"frequency\":\"daily\",\"time\":\"10:00\"}}")
                .put("/schedules/" + id).then().statusCode(409);
    }

    @Test
    void aReportsEventsFollowItsLifeInOrderAndMatchTheirSchemas() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
        given().headers(owner).post("/schedules/" + id + "/pause").then().statusCode(200);
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"Renamed\"}")
                .patch("/reports/" + report).then().statusCode(200);
        given().headers(owner).delete("/reports/" + report).then().statusCode(204);

        var events = await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(Topics.REPORT_DEFINITIONS, Duration.ofMillis(500))
                .stream().filter(r -> report.equals(r.key())).map(r -> r.value()).toList(), l -> l.size() >= 5);
        events.forEach(EventSchemas::assertValid);
        assertThat(events.stream().map(e -> e.replaceAll(".*\"type\":\"([A-Za-z]+)\\.v1\".*", "$1")).toList())
                .containsExactly("ReportDefinitionCreated", "ScheduleCreated", "SchedulePaused", "ReportDefinitionUpdated",
                        "ReportDefinitionDeleted");
    }

    @Test
    void deletingTheReportCancelsItsSchedules() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
        given().headers(owner).delete("/reports/" + report).then().statusCode(204);
        // gone from the API with their report everywhere (kept, cancelled, for the record): by id, in its report, in lists
        given().headers(owner).get("/schedules/" + id).then().statusCode(404);
        given().headers(owner).get("/reports/" + report + "/schedules").then().statusCode(404);
        given().headers(owner).get("/schedules").then().statusCode(200).body("items.id", not(hasItem(id)));
        given().headers(owner).get("/schedules?status=cancelled").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        var status = pool.query("select status from schedule where id = '" + id + "'").execute().await().indefinitely()
                .iterator().next().getString(0);
        assertThat(status).isEqualTo("cancelled");
        given().headers(owner).contentType(ContentType.JSON).body("{\"frequency\":\"daily\",\"time\":\"09:00\"}")
                .post("/reports/" + report + "/schedules").then().statusCode(404);
    }

    @Test
    void anotherOrganizationCannotSeeOrTouchSchedules() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
        Map<String, String> stranger = TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin");
        given().headers(stranger).get("/schedules/" + id).then().statusCode(404);
        given().headers(stranger).post("/schedules/" + id + "/pause").then().statusCode(404);
        given().headers(stranger).post("/schedules/" + id + "/cancel").then().statusCode(404);
        given().headers(stranger).contentType(ContentType.JSON).body("{\"frequency\":\"daily\",\"time\":\"09:00\"}")
                .post("/reports/" + report + "/schedules").then().statusCode(404);
        given().headers(stranger).get("/schedules").then().statusCode(200).body("total", equalTo(0));
        given().headers(owner).get("/schedules").then().body("total", equalTo(1));
        given().headers(owner).queryParam("status", "bogus").get("/schedules").then().statusCode(400);
    }

    @Test
    void aScheduleMayOnlyNameWebhooksTheOrganizationRegistered() {
        String url = "https://hooks.acme.example/reports/" + org;
        String body = "{\"frequency\":\"daily\",\"time\":\"07:00\",\"recipients\":[{\"channel\":\"email\",\"address\":\"a@acme.example\"},"
                + "{\"channel\":\"webhook\",\"address\":\"" + url + "\"}]}";
        given().headers(owner).contentType(ContentType.JSON).body(body).post("/reports/" + report + "/schedules").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("recipients[1].address")).body("detail", containsString("not registered"));
        // registered by another organization is not registered by this one
        TestWebhooks.register(pool, "org-" + UUID.randomUUID(), url);
        given().headers(owner).contentType(ContentType.JSON).body(body).post("/reports/" + report + "/schedules").then().statusCode(400);

        UUID webhook = TestWebhooks.register(pool, org, url);
        String id = schedule(body);
        TestWebhooks.remove(pool, org, webhook, url);
        given().headers(owner).contentType(ContentType.JSON).body("{\"version\":0,\"schedule\":" + body + "}").put("/schedules/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("recipients[1].address"));
    }
}
