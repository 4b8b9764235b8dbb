package com.kaa.reports.platform.sample;

import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test-side access to the sample app: create notes over REST, count their effects in Postgres. */
public final class Notes {

    private Notes() {
    }

    public static List<UUID> create(String organization, int count, String text) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.fromString(given().headers(Identities.of(organization)).contentType(ContentType.JSON)
                    .body("{\"text\": \"" + text + "\"}")
                    .post("/notes").then().statusCode(200).extract().path("id")));
        }
        return ids;
    }

    public static int edit(String organization, UUID note) {
        return given().headers(Identities.of(organization)).contentType(ContentType.JSON)
                .post("/notes/" + note + "/edits").then().statusCode(200).extract().as(Integer.class);
    }

    /** How many effects (copies) each of these notes has had; exactly once means all are 1. */
    public static List<Long> copiesPerNote(Pool pool, List<UUID> ids) {
        var rows = pool.preparedQuery("""
                        select n.id, count(c.id) as copies from unnest($1::uuid[]) as n(id)
                        left join note_copy c on c.note_id = n.id group by n.id""")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).await().indefinitely();
        List<Long> copies = new ArrayList<>();
        rows.forEach(r -> copies.add(r.getLong("copies")));
        return copies;
    }

    public static long unpublished(Pool pool) {
        return pool.query("select count(*) from outbox_event where published_at is null").execute()
                .await().indefinitely().iterator().next().getLong(0);
    }
}
