package com.kaa.reports.definition;

import com.kaa.reports.platform.paging.Cursor;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.ListWalk;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every list of the service, followed through links.next with a small limit to its end: each item is seen
 * exactly once. The report list is walked in every sort order (its keyset cursor casts the sort value).
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class ListWalkTest {

    @Inject
    Pool pool;

    String org;
    Map<String, String> admin;

    @BeforeEach
    void organization() {
        TestDatasets.declarePayments(pool);
        org = "org-" + UUID.randomUUID();
        admin = TestIdentity.of(org, "root", "admin");
    }

    @Test
    void everyReportListOrderIsWalkedToItsEndThroughLinksNext() {
        Set<String> reports = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            reports.add(TestReports.create(admin, "Report " + (i % 3)));  // equal names: the id breaks ties
        }
        String last = reports.iterator().next();
        // runCount and lastRunAt with values and nulls both
        pool.preparedQuery("update report_definition set run_count = 3, last_run_at = now() - interval '1 hour' where id = $1")
                .execute(Tuple.of(UUID.fromString(last))).await().indefinitely();
        for (String sortBy : List.of("createdAt", "updatedAt", "name", "status", "runCount", "lastRunAt")) {
            for (String order : List.of("asc", "desc")) {
                List<String> seen = ListWalk.ids(admin, "/reports?limit=2&sortBy=" + sortBy + "&sortOrder=" + order);
                assertThat(seen).as(sortBy + " " + order).containsExactlyInAnyOrderElementsOf(reports);
            }
        }
        assertThat(ListWalk.ids(admin, "/reports?limit=3&search=Report&status=active")).containsExactlyInAnyOrderElementsOf(reports);
        // a forged cursor (a name where a time belongs, or a runCount cursor on a time order) is a 400 on cursor
        for (String forged : List.of(new Cursor("Report 1", last).encode(), new Cursor("3", last).encode())) {
            given().headers(admin).queryParam("cursor", forged).queryParam("sortBy", "createdAt").get("/reports").then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        }
    }

    @Test
    void theTemplateAndScheduleListsAreWalkedToTheirEndThroughLinksNext() {
        Set<String> own = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            own.add(given().headers(admin).contentType(ContentType.JSON).body("""
                    {"name":"T%d","category":"finance","type":"payments","querySpec":%s,"formats":["csv"],"visibility":"public"}"""
                    .formatted(i, TestReports.SPEC)).post("/templates").then().statusCode(201).extract().path("id"));
        }
        List<String> templates = ListWalk.ids(admin, "/templates?limit=3");
        assertThat(templates).containsAll(own).hasSize(own.size() + 10);  // and the ten system templates
        assertThat(ListWalk.ids(admin, "/templates?limit=2&visibility=public")).containsExactlyInAnyOrderElementsOf(own);
        assertThat(ListWalk.ids(admin, "/templates/system")).hasSize(10);

        String report = TestReports.create(admin, "Scheduled");
        String other = TestReports.create(admin, "Also scheduled");
        Set<String> ofReport = new HashSet<>();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            for (String r : List.of(report, other)) {
                String id = given().headers(admin).contentType(ContentType.JSON)
                        .body("{\"frequency\":\"daily\",\"time\":\"0" + i + ":15\"}").post("/reports/" + r + "/schedules")
                        .then().statusCode(201).extract().path("id");
                all.add(id);
                if (r.equals(report)) {
                    ofReport.add(id);
                }
            }
        }
        assertThat(ListWalk.ids(admin, "/reports/" + report + "/schedules?limit=2")).containsExactlyInAnyOrderElementsOf(ofReport);
        assertThat(ListWalk.ids(admin, "/schedules?limit=3")).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ListWalk.ids(admin, "/schedules?limit=2&reportId=" + report)).containsExactlyInAnyOrderElementsOf(ofReport);
    }
}
