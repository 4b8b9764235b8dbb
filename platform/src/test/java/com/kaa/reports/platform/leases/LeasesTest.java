package com.kaa.reports.platform.leases;

import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one lease mechanism on a real Postgres: claims of two replicas never overlap, only the holder changes a
 * claimed row, a lease that ran out is lost to the replica that claims it next, and a claim loop runs no more work
 * than its slots and wakes on the table's NOTIFY rather than on its poll.
 */
@QuarkusTest
@KaaTestInfrastructure(schema = "platform_test")
class LeasesTest {

    private static final LeaseTable WORK = new LeaseTable("leased_work", "lease_owner", "lease_expires_at");
    private static final String CLAIM = WORK.claim("status = 'due' or (status = 'working' and " + WORK.expired() + ")", "id",
            "status = 'working'", "id");
    private static final String FINISH = "update leased_work set status = 'done', done_by = $1, lease_owner = null, "
            + "lease_expires_at = null where id = $2 and " + WORK.held(null);
    private static final String RENEW = WORK.renew("unnest($3::uuid[]) as v(id)", "", "", "t.id");

    @Inject
    Pool pool;
    @Inject
    WorkSignals signals;

    @BeforeEach
    void empty() {
        pool.query("delete from leased_work").execute().await().indefinitely();
    }

    @Test
    void twoReplicasClaimDisjointBatchesAndOnlyTheHolderFinishesARow() {
        List<UUID> work = add(50);
        CompletableFuture<List<UUID>> a = CompletableFuture.supplyAsync(() -> claim("replica-a", 30, 60_000));
        CompletableFuture<List<UUID>> b = CompletableFuture.supplyAsync(() -> claim("replica-b", 30, 60_000));
        List<UUID> ofA = a.join();
        List<UUID> ofB = b.join();
        assertThat(ofA).doesNotContainAnyElementsOf(ofB);
        assertThat(ofA.size() + ofB.size()).isEqualTo(50);
        assertThat(union(ofA, ofB)).containsExactlyInAnyOrderElementsOf(work);
        assertThat(claim("replica-c", 10, 60_000)).as("nothing left to claim").isEmpty();

        UUID ofAOnly = ofA.get(0);
        assertThat(finish("replica-b", ofAOnly)).as("a replica cannot finish another's work").isZero();
        assertThat(finish("replica-a", ofAOnly)).isOne();
    }

    @Test
    void aLeaseThatRanOutIsTakenByTheNextClaimAndItsFormerHolderLearnsItLostIt() {
        add(2);
        List<UUID> claimed = claim("slow-replica", 2, 60_000);
        UUID expired = claimed.get(0);
        pool.preparedQuery("update leased_work set lease_expires_at = now() - interval '1 second' where id = $1")
                .execute(Tuple.of(expired)).await().indefinitely();

        assertThat(claim("other-replica", 10, 60_000)).containsExactly(expired);
        List<UUID> renewed = new ArrayList<>();
        for (Row r : pool.preparedQuery(RENEW).execute(Tuple.of("slow-replica", 60_000L, claimed.toArray(UUID[]::new)))
                .await().indefinitely()) {
            renewed.add(r.getUUID(0));
        }
        assertThat(renewed).as("one statement renews what the replica still holds").containsExactly(claimed.get(1));
        assertThat(finish("slow-replica", expired)).as("the former holder can no longer finish it").isZero();
        assertThat(finish("other-replica", expired)).isOne();
    }

    @Test
    void aClaimLoopRunsNoMoreThanItsSlotsAndWakesWhenWorkIsAdded() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<UUID> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
        ClaimLoop<UUID>[] loop = new ClaimLoop[1];
        // a poll far longer than the test: only the NOTIFY of the insert can wake the loop in time
        loop[0] = new ClaimLoop<>("test-claims", 3, Duration.ofMinutes(5), max -> claim("loop-replica", max, 60_000), id -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            workers.schedule(() -> {
                running.decrementAndGet();
                finish("loop-replica", id);
                done.add(id);
                loop[0].done();
            }, 20, TimeUnit.MILLISECONDS);
        });
        signals.listen("leased_work_due", loop[0]::wakeUp);
        loop[0].start();
        try {
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);   // the loop has found nothing and sleeps
            List<UUID> work = add(20);
            await().atMost(Duration.ofSeconds(20)).until(() -> done.containsAll(work));
            assertThat(most.get()).as("at most as much work at once as the loop has slots").isLessThanOrEqualTo(3);
        } finally {
            loop[0].stop();
            workers.shutdownNow();
        }
    }

    @Test
    void aClaimLoopFollowsItsSlotsWhenTheyChange() {
        add(20);
        AtomicInteger slots = new AtomicInteger(2);
        List<UUID> started = java.util.Collections.synchronizedList(new ArrayList<>());
        // the work never ends on its own: the test says when a slot is free again
        ClaimLoop<UUID> loop = new ClaimLoop<>("test-claims", slots::get, Duration.ofMinutes(5),
                max -> claim("growing-replica", max, 60_000), started::add);
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 2);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            assertThat(started).as("no more than its two slots").hasSize(2);

            slots.set(5);
            loop.done();   // one ends: one running, four free
            await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 6);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            assertThat(started).as("the grown slots filled in one claim, and no more").hasSize(6);

            slots.set(1);
            loop.done();
            loop.done();
            loop.done();   // two still running, above the one slot left
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            assertThat(started).as("nothing claimed while the running work exceeds the shrunk slots").hasSize(6);
            loop.done();   // one running: still none free
            loop.done();   // none running: one free
            await().atMost(Duration.ofSeconds(10)).until(() -> started.size() == 7);
        } finally {
            loop.stop();
        }
    }

    @Test
    void backoffDoublesWithinItsJitterAndStopsAtItsCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.after(1).toMillis()).isBetween(1600L, 2400L);
            assertThat(backoff.after(3).toMillis()).isBetween(6400L, 9600L);
            assertThat(backoff.after(40).toMillis()).isBetween(24000L, 36000L);
        }
    }

    private List<UUID> add(int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID());
        }
        pool.preparedQuery("insert into leased_work (id) select * from unnest($1::uuid[])")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).await().indefinitely();
        return ids;
    }

    private List<UUID> claim(String owner, int max, long leaseMillis) {
        List<UUID> claimed = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(Tuple.of(owner, leaseMillis, max)).await().indefinitely()) {
            claimed.add(r.getUUID(0));
        }
        return claimed;
    }

    private int finish(String owner, UUID id) {
        return pool.preparedQuery(FINISH).execute(Tuple.of(owner, id)).await().indefinitely().rowCount();
    }

    private static Set<UUID> union(List<UUID> a, List<UUID> b) {
        Set<UUID> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
