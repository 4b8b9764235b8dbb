package com.kaa.reports.gateway.ratelimit;

import com.kaa.reports.gateway.routing.FakeServices;
import com.kaa.reports.platform.testing.KaaTestInfrastructure;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Leases: a busy caller costs few Redis calls, and no number of replicas lets anyone past the limit. */
@QuarkusTest
@KaaTestInfrastructure(schema = "gateway")
@WithTestResource(FakeServices.class)
class RateLimiterTest {

    @Inject
    RateLimiter limiter;

    @Inject
    RateLimitConfig config;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void aBusyCallerIsServedFromLeasesWithFewRedisCalls() {
        String org = "lease-" + UUID.randomUUID();
        long callsBefore = scriptCalls();
        int allowed = 0;
        for (int i = 0; i < 20_000; i++) {
            RateLimiter.Decision d = limiter.check(org, "busy", "lease-busy").await().indefinitely();
            allowed += d.allowed() ? 1 : 0;
            assertThat(d.limit()).isEqualTo(6_000_000);
            assertThat(d.remaining()).isPositive();
        }
        long calls = scriptCalls() - callsBefore;
        assertThat(allowed).isEqualTo(20_000);
        assertThat(calls).as("Redis script calls for 20,000 requests").isLessThan(400);
        System.out.printf("[leases] 20,000 requests of one busy caller, %d Redis calls%n", calls);
    }

    @Test
    void aCallerNowAndThenStillTakesOneCellPerCall() {
        String org = "lease-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            long before = scriptCalls();
            assertThat(limiter.check(org, "calm", "lease-tight").await().indefinitely().allowed()).isTrue();
            assertThat(scriptCalls() - before).isEqualTo(1);
            // one cell taken, no lease: the key's time (µs) is one emission interval (100 ms) ahead
            String tat = redis.execute("GET", "rl:lease-tight:u:" + org + ":calm").await().indefinitely().toString();
            assertThat(Long.parseLong(tat) / 1000 - System.currentTimeMillis()).isBetween(0L, 100L);
            sleep(config.leaseWindow().toMillis() + 20);
        }
    }

    @Test
    void cellsALeaseDidNotHandOutAreGivenBack() {
        String org = "lease-" + UUID.randomUUID();
        String key = "rl:lease-steady:u:" + org + ":quick";
        // 20 requests at once: leases of 1, 2, 4, 8 and 16 cells (100 ms each), about 11 of them unused
        assertThat(limiter.check(org, "quick", "lease-steady").await().indefinitely().allowed()).isTrue();
        long first = tatMillis(key);
        for (int i = 1; i < 20; i++) {
            assertThat(limiter.check(org, "quick", "lease-steady").await().indefinitely().allowed()).isTrue();
        }
        assertThat(tatMillis(key) - first).as("more charged than used while a lease runs").isGreaterThan(1_900L);
        // each later call, once the lease lapsed, gives back what it did not hand out and takes what the last
        // lease used: the second one a single cell, so every cell charged is a request served, no more
        for (int i = 0; i < 2; i++) {
            sleep(config.leaseWindow().toMillis() + 50);
            assertThat(limiter.check(org, "quick", "lease-steady").await().indefinitely().allowed()).isTrue();
        }
        assertThat(tatMillis(key) - first).as("21 requests after the first, 100 ms each").isBetween(2_099L, 2_101L);
    }

    @Test
    void concurrentRequestsOfOneCallerShareOneLeaseAndNoCellIsLost() throws Exception {
        String org = "lease-" + UUID.randomUUID();
        String key = "rl:lease-steady:u:" + org + ":crowd";
        assertThat(limiter.check(org, "crowd", "lease-steady").await().indefinitely().allowed()).isTrue();
        long first = tatMillis(key);
        long callsBefore = scriptCalls();
        // 150 requests from 8 threads at once: while one of them renews the lease, the others wait for it
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> requests = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            requests.add(() -> limiter.check(org, "crowd", "lease-steady").await().indefinitely().allowed());
        }
        int allowed = 0;
        for (Future<Boolean> f : pool.invokeAll(requests)) {
            allowed += f.get() ? 1 : 0;
        }
        pool.shutdown();
        long calls = scriptCalls() - callsBefore;
        assertThat(allowed).isEqualTo(150);
        assertThat(calls).as("Redis script calls for 150 concurrent requests (leases of 1, 2, 4 ... 50 cells)").isLessThan(40);
        // two calls after the lease lapsed settle the account (as above): then every cell charged was a request
        // served; a lease replaced by a concurrent one would have lost its cells, charged but never handed out
        for (int i = 0; i < 2; i++) {
            sleep(config.leaseWindow().toMillis() + 50);
            assertThat(limiter.check(org, "crowd", "lease-steady").await().indefinitely().allowed()).isTrue();
        }
        assertThat(tatMillis(key) - first).as("152 requests after the first, 100 ms each").isBetween(15_199L, 15_201L);
        System.out.printf("[leases] 150 concurrent requests of one caller, %d Redis calls%n", calls);
    }

    private long tatMillis(String key) {
        return Long.parseLong(redis.execute("GET", key).await().indefinitely().toString()) / 1000;
    }

    @Test
    void threeReplicasHammeringOneUserAdmitNoMoreThanTheLimit() throws Exception {
        // three limiters sharing Redis, as three gateway replicas do; two threads each
        List<RateLimiter> replicas = List.of(limiter, new RateLimiter(redis, config), new RateLimiter(redis, config));
        // warmed up first: a cold call slower than the Redis timeout is decided by the local fallback instead
        hammer(replicas, "lease-warm-" + UUID.randomUUID(), 1_000);
        long start = System.currentTimeMillis();
        int allowed = hammer(replicas, "lease-" + UUID.randomUUID(), 2_000);
        long elapsed = System.currentTimeMillis() - start;
        assertThat(limiter.redisAvailable()).isTrue();
        // GCRA's bound: the burst, plus one cell per emission interval (600/min = 100 ms) of elapsed time
        long bound = 20 + elapsed / 100 + 1;
        assertThat(allowed).as("allowed in %d ms", elapsed).isLessThanOrEqualTo((int) bound).isGreaterThanOrEqualTo(20);
        System.out.printf("[leases] 3 replicas x 2 threads for %d ms: %d admitted, bound %d%n", elapsed, allowed, bound);
    }

    private static int hammer(List<RateLimiter> replicas, String org, long millis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        long start = System.currentTimeMillis();
        List<Callable<Integer>> clients = new ArrayList<>();
        for (RateLimiter replica : replicas) {
            for (int t = 0; t < 2; t++) {
                clients.add(() -> {
                    int allowed = 0;
                    while (System.currentTimeMillis() - start < millis) {
                        allowed += replica.check(org, "hammer", "lease-tight").await().indefinitely().allowed() ? 1 : 0;
                    }
                    return allowed;
                });
            }
        }
        int allowed = 0;
        for (Future<Integer> f : pool.invokeAll(clients)) {
            allowed += f.get();
        }
        pool.shutdown();
        return allowed;
    }

    private long scriptCalls() {
        String stats = redis.execute("INFO", "commandstats").await().indefinitely().toString();
        java.util.regex.Matcher calls = java.util.regex.Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(stats);
        assertThat(calls.find()).as("Redis counts script calls: %s", stats).isTrue();
        return Long.parseLong(calls.group(1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
