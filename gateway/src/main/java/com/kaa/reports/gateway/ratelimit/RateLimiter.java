package com.kaa.reports.gateway.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GCRA (the generic cell rate algorithm) per user and per organization and class, in Redis: one Lua script
 * checks both keys and records the request only when both allow it, atomically, on Redis' own clock (replicas'
 * clocks do not matter). When Redis fails or is slow, a local in-memory GCRA with the same limits decides
 * (fail open, but still limited per replica) and health reports degraded until Redis answers again.
 *
 * <p>A busy caller does not cost a Redis round trip per request: the script can grant a lease of several
 * cells at once (charged to both keys, so the limits are never exceeded, whatever the number of replicas),
 * which this replica then hands out locally for at most {@code lease-window}. Lease sizes follow the caller's
 * own pace (they double while a lease runs out within its window), and the cells a lease did not hand out are
 * given back with the next call, so a lease never costs the caller anything it did not use; a caller sending
 * a request now and then takes one cell per call, as without leases. A refusal is remembered until its
 * Retry-After, so a caller hammering past the limit is refused without asking Redis again.
 *
 * <p>Times are in microseconds, so limits up to millions a minute keep their exact pace.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final long MINUTE_MICROS = 60_000_000L;

    /**
     * KEYS: the user's and the organization's key. ARGV: per key, emission interval and tolerance (µs); the
     * cells wanted; the cells given back (unused by the last lease). Grants as many of the wanted cells as both
     * keys allow (none when either is full). Returns {cells granted, retry-after µs, remaining of the user's
     * key, µs until the user's key is full again}.
     */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local grant = tonumber(ARGV[5])
            local refund = tonumber(ARGV[6])
            local retry = 0
            local tats = {}
            for i = 1, 2 do
              local interval = tonumber(ARGV[i * 2 - 1])
              local tolerance = tonumber(ARGV[i * 2])
              local tat = tonumber(redis.call('GET', KEYS[i]) or now) - refund * interval
              if tat < now then tat = now end
              tats[i] = tat
              local fits = math.floor((now + tolerance - tat) / interval)
              if fits < 1 then
                retry = math.max(retry, tat + interval - tolerance - now)
              end
              if fits < grant then grant = fits end
            end
            if grant < 0 then grant = 0 end
            local result = {grant, retry, 0, tats[1] - now}
            for i = 1, 2 do
              local interval = tonumber(ARGV[i * 2 - 1])
              local new_tat = tats[i] + grant * interval
              if new_tat > now then
                redis.call('SET', KEYS[i], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
              else
                redis.call('DEL', KEYS[i])
              end
              if i == 1 then
                result[3] = math.floor((now + tonumber(ARGV[2]) - new_tat) / interval)
                result[4] = new_tat - now
              end
            end
            return result""";

    /** The decision and what the RateLimit-* headers say. */
    public record Decision(boolean allowed, long retryAfterMillis, int limit, int remaining, long resetMillis) {
    }

    private static final Decision UNLIMITED = new Decision(true, 0, 0, 0, 0);

    /** Cells granted by Redis to this replica for one user key, handed out until they run out or the window ends. */
    private static final class Lease {
        final int size;
        final AtomicInteger left;
        final long grantedAt;
        final int remainingAtGrant;
        final long fullAt;

        Lease(int size, long grantedAt, int remainingAtGrant, long fullAt) {
            this.size = size;
            this.left = new AtomicInteger(size - 1);   // the request that asked for it takes the first cell
            this.grantedAt = grantedAt;
            this.remainingAtGrant = remainingAtGrant;
            this.fullAt = fullAt;
        }
    }

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private volatile String scriptSha;
    private final Map<String, Long> localTats = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> renewals = new ConcurrentHashMap<>();

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Loads the script as the replica starts, so its first request does not pay for the load on top of cold
     * code (and risk the Redis timeout, where the local fallback would decide it). Redis down: loaded on first use.
     */
    void preload(@Observes StartupEvent started) {
        redis.execute("SCRIPT", "LOAD", SCRIPT).subscribe().with(r -> scriptSha = r.toString(),
                e -> LOG.debugf("rate-limit script not loaded at startup (%s): it loads on first use", e.getMessage()));
    }

    /**
     * The decision when this replica can make it alone: limits off, a cell of a running lease, or a refusal still
     * in force; else null (ask Redis with {@link #check}). Most requests of a busy caller end here, without a
     * round trip or even a reactive pipeline.
     */
    public Decision decideLocally(String organization, String user, String rateClass) {
        RateLimitConfig.Limit limit = config.classes().get(rateClass);
        if (!config.enabled() || limit == null) {
            return UNLIMITED;
        }
        return fromLease(userKey(rateClass, organization, user), System.currentTimeMillis(), limit.perUser());
    }

    public Uni<Decision> check(String organization, String user, String rateClass) {
        // deferred: a renewal is registered when the check runs, never by a Uni built and not subscribed
        return Uni.createFrom().deferred(() -> decide(organization, user, rateClass));
    }

    private Uni<Decision> decide(String organization, String user, String rateClass) {
        Decision local = decideLocally(organization, user, rateClass);
        if (local != null) {
            return Uni.createFrom().item(local);
        }
        String userKey = userKey(rateClass, organization, user);
        // one lease renewal per caller at a time: the others wait for it and take their cells from the new lease
        // (each asking Redis on its own replaced the lease of the one before, and the cells it had left were lost)
        CompletableFuture<Void> renewal = new CompletableFuture<>();
        CompletableFuture<Void> running = renewals.putIfAbsent(userKey, renewal);
        if (running != null) {
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            Uni<Void> renewed = Uni.createFrom().completionStage(running);
            if (context != null) {   // carry on where the request was (its event loop), not on the renewer's thread
                renewed = renewed.emitOn(task -> context.runOnContext(ignored -> task.run()));
            }
            return renewed.chain(() -> redisUp.get() ? check(organization, user, rateClass)
                    : Uni.createFrom().item(localDecision(organization, user, rateClass)));
        }
        return renew(organization, user, rateClass, userKey).onTermination().invoke(() -> {
            renewals.remove(userKey, renewal);
            renewal.complete(null);
        });
    }

    private static String userKey(String rateClass, String organization, String user) {
        return "rl:" + rateClass + ":u:" + organization + ":" + user;
    }

    private static String orgKey(String rateClass, String organization) {
        return "rl:" + rateClass + ":o:" + organization;
    }

    /** Asks Redis for a lease (or a single cell), giving back what the last lease did not hand out. */
    private Uni<Decision> renew(String organization, String user, String rateClass, String userKey) {
        RateLimitConfig.Limit limit = config.classes().get(rateClass);
        long now = System.currentTimeMillis();
        // microseconds between two requests
        long userInterval = userInterval(limit);
        long orgInterval = orgInterval(limit);
        long userTolerance = userTolerance(limit);
        long orgTolerance = orgTolerance(limit);
        Lease last = leases.remove(userKey);
        // what the last lease did not hand out goes back; taken atomically, so no one hands it out meanwhile
        int unused = last == null ? 0 : Math.max(0, last.left.getAndSet(0));
        int wanted = nextLeaseSize(last, unused, now, limit);
        String[] args = {"2", userKey, orgKey(rateClass, organization), Long.toString(userInterval), Long.toString(userTolerance),
                Long.toString(orgInterval), Long.toString(orgTolerance), Integer.toString(wanted), Integer.toString(unused)};
        return evalsha(args)
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(response -> {
                    if (redisUp.compareAndSet(false, true)) {
                        LOG.info("Redis answers again: rate limits are shared by all replicas");
                    }
                    int granted = response.get(0).toInteger();
                    int remaining = (int) Math.max(0, response.get(2).toLong());
                    long reset = millis(response.get(3).toLong());
                    if (granted == 0) {
                        long retry = Math.max(1, millis(response.get(1).toLong()));
                        refusedUntil.put(userKey, now + retry);
                        return new Decision(false, retry, limit.perUser(), 0, reset);
                    }
                    prune(now);
                    Lease lease = new Lease(granted, now, remaining, now + reset);
                    leases.put(userKey, lease);
                    return new Decision(true, 0, limit.perUser(), remaining + lease.left.get(), reset);
                })
                .onFailure().recoverWithItem(e -> {
                    if (redisUp.compareAndSet(true, false)) {
                        LOG.warnf("Redis failed (%s): rate limits are per replica until it answers", e.getMessage());
                    }
                    return localDecision(organization, user, rateClass);
                });
    }

    private static long userInterval(RateLimitConfig.Limit limit) {
        return Math.max(1, MINUTE_MICROS / Math.max(1, limit.perUser()));
    }

    private static long orgInterval(RateLimitConfig.Limit limit) {
        return Math.max(1, MINUTE_MICROS / Math.max(1, limit.perOrganization()));
    }

    private static long userTolerance(RateLimitConfig.Limit limit) {
        return userInterval(limit) * limit.burst();
    }

    private static long orgTolerance(RateLimitConfig.Limit limit) {
        return orgInterval(limit) * Math.max(limit.burst(), limit.burst() * 5L);
    }

    private Decision localDecision(String organization, String user, String rateClass) {
        RateLimitConfig.Limit limit = config.classes().get(rateClass);
        return local(userKey(rateClass, organization, user), orgKey(rateClass, organization), userInterval(limit),
                userTolerance(limit), orgInterval(limit), orgTolerance(limit), limit.perUser());
    }

    private static long millis(long micros) {
        return (micros + 999) / 1000;
    }

    /** A decision without Redis: a cell of this replica's running lease, or a refusal still in force; else null. */
    private Decision fromLease(String userKey, long now, int limit) {
        Long refused = refusedUntil.get(userKey);
        if (refused != null) {
            if (now < refused) {
                return new Decision(false, refused - now, limit, 0, refused - now);
            }
            refusedUntil.remove(userKey, refused);
        }
        Lease lease = leases.get(userKey);
        if (lease == null || now - lease.grantedAt >= config.leaseWindow().toMillis()) {
            return null;
        }
        int left = lease.left.decrementAndGet();
        return left < 0 ? null : new Decision(true, 0, limit, lease.remainingAtGrant + left, Math.max(0, lease.fullAt - now));
    }

    /** Twice the last lease when it ran out within its window, what was used of it when it did not; 1 to begin. */
    private int nextLeaseSize(Lease last, int unused, long now, RateLimitConfig.Limit limit) {
        if (last == null) {
            return 1;
        }
        int most = Math.max(1, Math.min(config.leaseMaxCells(), limit.burst() / 4));
        boolean ranOut = unused == 0 && now - last.grantedAt < config.leaseWindow().toMillis();
        return Math.max(1, Math.min(most, ranOut ? last.size * 2 : last.size - unused));
    }

    private void prune(long now) {
        if (leases.size() > 100_000) {
            leases.entrySet().removeIf(e -> now - e.getValue().grantedAt >= config.leaseWindow().toMillis());
        }
        if (refusedUntil.size() > 100_000) {
            refusedUntil.entrySet().removeIf(e -> e.getValue() < now);
        }
    }

    /** The script by its SHA (Redis keeps it), loaded on first use and again after a Redis restart (NOSCRIPT). */
    private Uni<io.vertx.mutiny.redis.client.Response> evalsha(String[] args) {
        String sha = scriptSha;
        Uni<String> loaded = sha != null ? Uni.createFrom().item(sha)
                : redis.execute("SCRIPT", "LOAD", SCRIPT).map(r -> scriptSha = r.toString());
        return loaded.chain(s -> redis.execute("EVALSHA", prepend(s, args)))
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")).recoverWithUni(e -> {
                    scriptSha = null;
                    return redis.execute("SCRIPT", "LOAD", SCRIPT).map(r -> scriptSha = r.toString())
                            .chain(s -> redis.execute("EVALSHA", prepend(s, args)));
                });
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    public boolean redisAvailable() {
        return redisUp.get();
    }

    /** The same GCRA on this replica's clock and memory (µs, as in Redis). */
    private synchronized Decision local(String userKey, String orgKey, long userInterval, long userTolerance, long orgInterval,
                                        long orgTolerance, int limit) {
        long now = System.currentTimeMillis() * 1000;
        long[] tats = new long[2];
        long retry = 0;
        List<String> keys = List.of(userKey, orgKey);
        long[][] params = {{userInterval, userTolerance}, {orgInterval, orgTolerance}};
        for (int i = 0; i < 2; i++) {
            long tat = Math.max(localTats.getOrDefault(keys.get(i), now), now);
            tats[i] = tat + params[i][0];
            long allowAt = tats[i] - params[i][1];
            if (allowAt > now) {
                retry = Math.max(retry, allowAt - now);
            }
        }
        if (retry == 0) {
            localTats.put(userKey, tats[0]);
            localTats.put(orgKey, tats[1]);
            if (localTats.size() > 100_000) {
                localTats.entrySet().removeIf(e -> e.getValue() < now);
            }
        }
        int remaining = (int) Math.max(0, (userTolerance - (tats[0] - now)) / userInterval);
        return new Decision(retry == 0, millis(retry), limit, remaining, millis(tats[0] - now));
    }
}
