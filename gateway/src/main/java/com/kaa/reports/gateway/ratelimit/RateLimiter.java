package com.kaa.reports.gateway.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * GCRA (the generic cell rate algorithm) per user and per organization and class, in Redis: one Lua script
 * checks both keys and records the request only when both allow it, atomically, on Redis' own clock (replicas'
 * clocks do not matter). When Redis fails or is slow, a local in-memory GCRA with the same limits decides
 * (fail open, but still limited per replica) and health reports degraded until Redis answers again.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /**
     * KEYS: the user's and the organization's key. ARGV: per key, emission interval and tolerance (ms).
     * Returns {allowed 1|0, retry-after ms, remaining of the user's key, ms until the user's key is full again}.
     */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local result = {1, 0, 0, 0}
            local tats = {}
            for i = 1, 2 do
              local interval = tonumber(ARGV[i * 2 - 1])
              local tolerance = tonumber(ARGV[i * 2])
              local tat = tonumber(redis.call('GET', KEYS[i]) or now)
              if tat < now then tat = now end
              local new_tat = tat + interval
              local allow_at = new_tat - tolerance
              if allow_at > now then
                result[1] = 0
                result[2] = math.max(result[2], allow_at - now)
              end
              tats[i] = new_tat
              if i == 1 then
                result[3] = math.floor((tolerance - (new_tat - now)) / interval)
                result[4] = new_tat - now
              end
            end
            if result[1] == 1 then
              for i = 1, 2 do
                redis.call('SET', KEYS[i], tats[i], 'PX', math.max(1, tats[i] - now))
              end
            end
            return result""";

    /** The decision and what the RateLimit-* headers say. */
    public record Decision(boolean allowed, long retryAfterMillis, int limit, int remaining, long resetMillis) {
    }

    private final ReactiveRedisDataSource redis;
    private final RateLimitConfig config;
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private volatile String scriptSha;
    private final Map<String, Long> localTats = new ConcurrentHashMap<>();

    public RateLimiter(ReactiveRedisDataSource redis, RateLimitConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Decision> check(String organization, String user, String rateClass) {
        RateLimitConfig.Limit limit = config.classes().get(rateClass);
        if (!config.enabled() || limit == null) {
            return Uni.createFrom().item(new Decision(true, 0, 0, 0, 0));
        }
        // milliseconds between two requests; at least 1, so limits above 60,000 a minute mean "one per millisecond"
        long userInterval = Math.max(1, 60_000L / Math.max(1, limit.perUser()));
        long orgInterval = Math.max(1, 60_000L / Math.max(1, limit.perOrganization()));
        long userTolerance = userInterval * limit.burst();
        long orgTolerance = orgInterval * Math.max(limit.burst(), limit.burst() * 5L);
        String userKey = "rl:" + rateClass + ":u:" + organization + ":" + user;
        String orgKey = "rl:" + rateClass + ":o:" + organization;
        String[] args = {"2", userKey, orgKey, Long.toString(userInterval), Long.toString(userTolerance),
                Long.toString(orgInterval), Long.toString(orgTolerance)};
        return evalsha(args)
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(response -> {
                    if (redisUp.compareAndSet(false, true)) {
                        LOG.info("Redis answers again: rate limits are shared by all replicas");
                    }
                    return new Decision(response.get(0).toLong() == 1, response.get(1).toLong(), limit.perUser(),
                            (int) Math.max(0, response.get(2).toLong()), response.get(3).toLong());
                })
                .onFailure().recoverWithItem(e -> {
                    if (redisUp.compareAndSet(true, false)) {
                        LOG.warnf("Redis failed (%s): rate limits are per replica until it answers", e.getMessage());
                    }
                    return local(userKey, orgKey, userInterval, userTolerance, orgInterval, orgTolerance, limit.perUser());
                });
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

    /** The same GCRA on this replica's clock and memory. */
    private synchronized Decision local(String userKey, String orgKey, long userInterval, long userTolerance, long orgInterval,
                                        long orgTolerance, int limit) {
        long now = System.currentTimeMillis();
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
        return new Decision(retry == 0, retry, limit, remaining, tats[0] - now);
    }
}
