package com.kaa.reports.inventory.cache;

import com.kaa.reports.inventory.Fixtures;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@KaaTestInfrastructure(schema = "inventory")
class CacheTest {

    @Inject
    InventoryCache cache;

    @Inject
    CacheConfig config;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    com.kaa.reports.platform.input.StrictBodies rest;

    @Inject
    MeterRegistry registry;

    /** Another replica: its own memory layer, the same Redis. */
    InventoryCache otherReplica() {
        return new InventoryCache(config, redis, rest, registry);
    }

    String read(InventoryCache node, String organization, String value, AtomicInteger loads) {
        return node.get(organization, "test", "key", () -> {
            loads.incrementAndGet();
            return Uni.createFrom().item(value);
        }).await().indefinitely().text();
    }

    @Test
    void aWriteOnOneReplicaIsSeenAtOnceByEveryOther() {
        String organization = "org-" + UUID.randomUUID();
        InventoryCache a = cache;
        InventoryCache b = otherReplica();
        AtomicInteger loads = new AtomicInteger();

        assertThat(read(b, organization, "v1", loads)).isEqualTo("\"v1\"");
        assertThat(read(b, organization, "v1-again", loads)).isEqualTo("\"v1\"");   // from b's memory
        assertThat(read(a, organization, "v1-again", loads)).isEqualTo("\"v1\"");   // from Redis
        assertThat(loads).hasValue(1);

        a.changed(organization).await().indefinitely();

        assertThat(read(b, organization, "v2", loads)).isEqualTo("\"v2\"");
        assertThat(read(a, organization, "v2-again", loads)).isEqualTo("\"v2\"");
        assertThat(loads).hasValue(2);
    }

    @Test
    void readsAfterAWriteThroughTheApiAreFreshAndHitsAreCounted() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(LocalDate.of(2026, 3, 2), "Cached");
        given().headers(f.who).get("/visit-reports/" + id).then().body("summary", equalTo("Checked the server room"));
        given().headers(f.who).get("/visit-reports/" + id).then().body("summary", equalTo("Checked the server room"));
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"summary\":\"Rewired rack 3\"}")
                .patch("/visit-reports/" + id).then().statusCode(200);
        given().headers(f.who).get("/visit-reports/" + id).then().body("summary", equalTo("Rewired rack 3"));
        f.hardware(id, "SN-K-" + id);
        given().headers(f.who).get("/visit-reports/" + id).then().body("counts.hardware", equalTo(1));
        given().headers(f.who).get("/visit-reports/" + id + "/summary").then().body("hardware", equalTo(1));

        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("kaa_cache_requests_total{cache=\"visit-report\",result=\"local-hit\"}")
                .contains("kaa_cache_requests_total{cache=\"visit-report\",result=\"miss\"}");
    }

    @Test
    void withRedisUnresponsiveTheServiceAnswersFromPostgresIsDegradedAndRecoversWithoutStaleData() {
        Fixtures f = new Fixtures();
        String id = f.visitReport(LocalDate.of(2026, 3, 2), "Outage");
        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(200);   // cached now

        // every Redis client hangs for 3 s, as when Redis is overloaded or partitioned away
        redis.execute("CLIENT", "PAUSE", "3000", "ALL").await().indefinitely();
        given().headers(f.who).contentType(ContentType.JSON).body("{\"version\":0,\"summary\":\"Changed during the outage\"}")
                .patch("/visit-reports/" + id).then().statusCode(200);
        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(200)
                .body("summary", equalTo("Changed during the outage"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("degraded"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("\"healthy\"")));
        given().headers(f.who).get("/visit-reports/" + id).then().statusCode(200)
                .body("summary", equalTo("Changed during the outage"));
        given().headers(f.who).get("/visit-reports/" + id).then().header("X-Response-Time", containsString("ms"));
    }
}
