package com.kaa.reports.notification;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.ListWalk;
import com.kaa.reports.platform.testing.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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
 * Deliveries and webhooks: each list walked to its end through links.next; another organization's admin sees none
 * of ours and gets 404 on each of our ids; NUL characters and out-of-range dates are 400 problems naming the field.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "notification")
class TenancyAndListsTest {

    @Inject
    Pool pool;

    /** Failed deliveries (the worker leaves them alone), several created at the same instant so the id breaks ties. */
    Set<String> deliveries(String organization, int n) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            UUID id = UUID.randomUUID();
            pool.preparedQuery("""
                            insert into delivery (id, organization, event_id, event_type, kind, channel, address, payload, status,
                                                  created_at, last_error)
                            values ($1, $2, $3, 'ExecutionCompleted.v1', 'report-ready', 'email', $4, '{}', 'failed',
                                    timestamptz '2026-11-20 10:00:00+00' + ($5 / 3) * interval '1 minute', 'test')""")
                    .execute(Tuple.of(id, organization, "event-" + id, "r" + i + "@acme.example", i)).await().indefinitely();
            ids.add(id.toString());
        }
        return ids;
    }

    @Test
    void everyListIsWalkedToItsEndThroughLinksNext() {
        String organization = "org-" + UUID.randomUUID();
        var who = TestIdentity.of(organization, "ops", "admin");
        Set<String> ids = deliveries(organization, 11);
        assertThat(ListWalk.ids(who, "/deliveries?limit=3")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ListWalk.ids(who, "/deliveries?limit=1&status=failed&channel=email&from=2026-11-20&to=2026-11-20"))
                .containsExactlyInAnyOrderElementsOf(ids);
        Set<String> hooks = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            hooks.add(given().headers(who).contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:28090/hooks/" + i + "\"}")
                    .post("/webhooks").then().statusCode(201).extract().path("id"));
        }
        assertThat(ListWalk.ids(who, "/webhooks")).containsExactlyInAnyOrderElementsOf(hooks);  // one page: not paged
    }

    @Test
    void anotherOrganizationsAdminFindsNoneOfOurDeliveriesOrWebhooks() {
        String organization = "org-" + UUID.randomUUID();
        var owner = TestIdentity.of(organization, "ops", "admin");
        var other = TestIdentity.of("org-" + UUID.randomUUID(), "mallory", "admin");
        String delivery = deliveries(organization, 1).iterator().next();
        String hook = given().headers(owner).contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:28090/hooks/ours\"}")
                .post("/webhooks").then().statusCode(201).extract().path("id");

        given().headers(other).get("/deliveries").then().statusCode(200).body("total", equalTo(0));
        given().headers(other).get("/webhooks").then().statusCode(200).body("items.size()", equalTo(0));
        given().headers(other).get("/deliveries/" + delivery).then().statusCode(404).contentType("application/problem+json");
        given().headers(other).post("/deliveries/" + delivery + "/retry").then().statusCode(404).contentType("application/problem+json");
        given().headers(other).delete("/webhooks/" + hook).then().statusCode(404).contentType("application/problem+json");
        // the same URL registered by them is theirs, and does not touch ours
        given().headers(other).contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:28090/hooks/ours\"}")
                .post("/webhooks").then().statusCode(201);

        given().headers(owner).get("/deliveries/" + delivery).then().statusCode(200).body("status", equalTo("failed"));
        given().headers(owner).get("/webhooks").then().body("items.id", org.hamcrest.Matchers.contains(hook));
    }

    @Test
    void aNulCharacterOrAnOutOfRangeDateIsA400NamingTheField() {
        var who = TestIdentity.of("org-" + UUID.randomUUID(), "ops", "admin");
        given().headers(who).get("/deliveries?to=+999999999-12-31").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"));
        given().headers(who).urlEncodingEnabled(false).get("/deliveries?to=%2B999999999-12-31").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("to"));
        given().headers(who).get("/deliveries?from=0000-12-31").then().statusCode(400).body("errors[0].field", equalTo("from"));
        for (String query : List.of("/deliveries?status=fa%00iled", "/deliveries?channel=%00", "/deliveries?limit=0", "/deliveries?limit=-1",
                "/deliveries?page=0", "/deliveries?to=yesterday", "/deliveries?status=bogus")) {
            given().headers(who).urlEncodingEnabled(false).get(query).then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json");
        }
        for (String body : List.of("{\"url\":\"http://127.0.0.1:28090/a\\u0000b\"}", "{\"url\":\"http://127.0.0.1:28090/x\",\"description\":\"\\u0000\"}",
                "{\"url\":\"http://exa\\u0000mple.com/\"}", "", "[]", "{\"url\":123}", "{\"url\":\"http://[::1\"}", "{\"url\":\"http://\"}")) {
            given().headers(who).contentType(ContentType.JSON).body(body).post("/webhooks").then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().headers(who).contentType(ContentType.TEXT).body("url=x").post("/webhooks").then().statusCode(415)
                .contentType("application/problem+json");
        given().headers(who).get("/webhooks").then().body("items.size()", equalTo(0));
    }
}
