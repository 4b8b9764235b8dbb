package com.kaa.reports.definition.schedules;

import com.kaa.reports.definition.TestDatasets;
import com.kaa.reports.definition.TestReports;
import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.testing.EventSchemas;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import com.kaa.reports.platform.testing.TestIdentity;
import com.kaa.reports.platform.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Due schedules fire exactly once per slot: with concurrent dispatchers, after a dispatcher crash, after downtime. */
@QuarkusTest
@KaaTestInfrastructure(schema = "report_definition")
class DispatchTest {

    @Inject
    Pool pool;
    @Inject
    ScheduleDispatcher dispatcher;

    Map<String, String> owner;
    String report;

    @BeforeEach
    void report() {
        TestDatasets.declarePayments(pool);
        owner = TestIdentity.of("org-" + UUID.randomUUID(), "alice", "analyst");
        report = TestReports.create(owner, "Dispatched");
    }

    String schedule(String body) {
        return given().headers(owner).contentType(ContentType.JSON).body(body).post("/reports/" + report + "/schedules")
                .then().statusCode(201).extract().path("id");
    }

    /** Makes a schedule due at {@code slot} (as if time had passed). */
    void dueAt(String schedule, Instant slot) {
        pool.preparedQuery("update schedule set next_run_at = $2 where id = $1")
                .execute(Tuple.of(UUID.fromString(schedule), slot.atOffset(ZoneOffset.UTC))).await().indefinitely();
    }

    /** One dispatcher transaction, on a Vert.x context of its own, as a replica would run it. */
    int dispatchOnce() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> dispatcher.dispatchOnce());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aOneOffScheduleFiresOnceWithItsRecipientsAndCompletes() {
        Instant runAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        String id = schedule("{\"frequency\":\"once\",\"runAt\":\"" + runAt + "\",\"timeZone\":\"Africa/Nairobi\","
                + "\"recipients\":[{\"channel\":\"email\",\"address\":\"ops@acme.example\"}],\"formats\":[\"xlsx\"],\"sendOnlyIfRows\":true}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().headers(owner).get("/schedules/" + id).then().body("status", equalTo("completed")));
        assertThat(count("select count(*) from run_request where schedule_id = $1", UUID.fromString(id))).isEqualTo(1);
        var event = await().atMost(Duration.ofSeconds(20)).until(() -> TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofMillis(500))
                .stream().filter(r -> r.value().contains(id)).toList(), l -> !l.isEmpty());
        assertThat(event).hasSize(1);
        EventSchemas.assertValid(event.get(0).value());
        assertThat(event.get(0).value()).contains("\"scheduledFor\":\"" + runAt.toString().replace("Z", "") ,
                "\"recipients\":[{\"channel\":\"email\",\"address\":\"ops@acme.example\"}]", "\"formats\":[\"xlsx\"]",
                "\"sendOnlyIfRows\":true", "\"timeZone\":\"Africa/Nairobi\"");
    }

    @Test
    void threeConcurrentDispatchersFireEverySlotExactlyOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        Instant slot = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 40; i++) {
            String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
            ids.add(UUID.fromString(id));
        }
        // all due at once; three dispatchers (plus the application's own loop) race for them
        pool.preparedQuery("update schedule set next_run_at = $2 where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new), slot.atOffset(ZoneOffset.UTC))).await().indefinitely();
        var threads = Executors.newFixedThreadPool(3);
        List<Callable<Integer>> replicas = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            replicas.add(() -> {
                int claimed = 0;
                for (int round = 0; round < 20; round++) {
                    claimed += dispatchOnce();
                }
                return claimed;
            });
        }
        for (var result : threads.invokeAll(replicas)) {
            result.get();
        }
        threads.shutdown();

        UUID[] all = ids.toArray(UUID[]::new);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(count("select count(*) from schedule_fire where schedule_id = any($1)", (Object) all)).isEqualTo(40));
        assertThat(count("select count(*) from run_request where schedule_id = any($1)", (Object) all)).isEqualTo(40);
        assertThat(count("select count(distinct schedule_id) from run_request where schedule_id = any($1) and scheduled_for = $2",
                all, slot.atOffset(ZoneOffset.UTC))).isEqualTo(40);
        assertThat(count("select count(*) from schedule where id = any($1) and next_run_at > now()", (Object) all)).isEqualTo(40);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long requests = TopicReader.readAll(Topics.EXECUTION_REQUESTS, Duration.ofMillis(500)).stream()
                    .filter(r -> ids.stream().anyMatch(id -> r.value().contains("\"scheduleId\":\"" + id + "\""))).count();
            assertThat(requests).isEqualTo(40);
        });
    }

    @Test
    void aDispatcherThatDiesBeforeCommittingLosesNoSlot() {
        String id = schedule("{\"frequency\":\"daily\",\"time\":\"09:00\"}");
        // a "dispatcher" claims the schedule and writes its fire, then its process dies before the commit; the
        // service's own dispatch loops poll every 0.1 s too and may fire the slot first: then it tries another slot
        Instant slot = null;
        io.vertx.mutiny.sqlclient.SqlConnection crashed = null;
        io.vertx.mutiny.sqlclient.Transaction tx = null;
        for (int attempt = 0; crashed == null; attempt++) {
            assertThat(attempt).as("claims lost to the service's own dispatcher").isLessThan(10);
            slot = Instant.now().minusSeconds(2 + attempt).truncatedTo(ChronoUnit.SECONDS);
            dueAt(id, slot);
            var connection = pool.getConnection().await().indefinitely();
            var transaction = connection.begin().await().indefinitely();
            boolean claimed = connection.preparedQuery("select id from schedule where id = $1 and next_run_at = $2 for update skip locked")
                    .execute(Tuple.of(UUID.fromString(id), slot.atOffset(ZoneOffset.UTC))).await().indefinitely().size() == 1;
            if (claimed) {
                connection.preparedQuery("insert into schedule_fire (schedule_id, scheduled_for, request_id) values ($1, $2, $3)")
                        .execute(Tuple.of(UUID.fromString(id), slot.atOffset(ZoneOffset.UTC), UUID.randomUUID())).await().indefinitely();
                crashed = connection;
                tx = transaction;
            } else {
                transaction.rollback().await().indefinitely();
                connection.close().await().indefinitely();
            }
        }
        OffsetDateTime claimedSlot = slot.atOffset(ZoneOffset.UTC);
        String ofTheSlot = "select count(*) from run_request where schedule_id = $1 and scheduled_for = $2";
        // meanwhile other dispatchers skip the locked schedule instead of firing it a second time
        dispatchOnce();
        assertThat(count(ofTheSlot, UUID.fromString(id), claimedSlot)).isZero();

        tx.rollback().await().indefinitely();
        crashed.close().await().indefinitely();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(count(ofTheSlot, UUID.fromString(id), claimedSlot)).isEqualTo(1));
        assertThat(count("select count(*) from schedule_fire where schedule_id = $1 and scheduled_for = $2",
                UUID.fromString(id), claimedSlot)).isEqualTo(1);
    }

    @Test
    void afterDowntimeFireOnceRunsOnlyTheLatestMissedSlot() throws Exception {
        String id = schedule("{\"frequency\":\"cron\",\"cron\":\"0 * * * *\",\"missedFirePolicy\":\"fire_once\"}");
        Instant hourAgo5 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
        // the report's next run forgotten: only the dispatcher's refresh after the fire can bring it back
        pool.preparedQuery("update report_definition set next_run_at = null where id = $1").execute(Tuple.of(UUID.fromString(report)))
                .await().indefinitely();
        dueAt(id, hourAgo5);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(count("select count(*) from run_request where schedule_id = $1", UUID.fromString(id))).isEqualTo(1));
        OffsetDateTime fired = pool.preparedQuery("select scheduled_for from run_request where schedule_id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().indefinitely().iterator().next().getOffsetDateTime(0);
        assertThat(fired.toInstant()).isEqualTo(Instant.now().truncatedTo(ChronoUnit.HOURS));
        String next = given().headers(owner).get("/schedules/" + id).then().extract().path("nextRunAt");
        assertThat(OffsetDateTime.parse(next).toInstant()).isAfter(Instant.now());
        // the report shows its schedule's next run once the dispatcher's refresh (after the fire's commit) ran
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String reportNext = given().headers(owner).get("/reports/" + report).then().statusCode(200).extract().path("nextRunAt");
            assertThat(reportNext).isNotNull();
            assertThat(OffsetDateTime.parse(reportNext).toInstant()).isEqualTo(OffsetDateTime.parse(next).toInstant());
        });
    }

    @Test
    void afterDowntimeSkipRunsNoMissedSlot() {
        String id = schedule("{\"frequency\":\"cron\",\"cron\":\"0 * * * *\",\"missedFirePolicy\":\"skip\"}");
        dueAt(id, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String next = given().headers(owner).get("/schedules/" + id).then().extract().path("nextRunAt");
            assertThat(OffsetDateTime.parse(next).toInstant()).isAfter(Instant.now());
        });
        assertThat(count("select count(*) from run_request where schedule_id = $1", UUID.fromString(id))).isZero();
    }
}
