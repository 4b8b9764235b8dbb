package com.kaa.reports.inventory.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.kaa.reports.platform.input.StrictBodies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Two cache layers, in-process (Caffeine, seconds) over Redis (per-kind TTL), for reads by id, summaries
 * and list pages.
 *
 * <p>Invalidation is by <em>epoch</em>: every key embeds its organization's current epoch, a random value
 * kept in Redis. A write replaces the epoch (after its commit, before it answers), so from then on every
 * replica looks up new keys and can never serve a value cached before the write, from either layer. This
 * needs no message to reach other replicas (a lost pub/sub message would mean stale reads), costs one
 * small Redis GET per read, and old entries simply expire. Epochs are random, never counters, so a Redis
 * that restarted empty cannot bring an old epoch, and the local entries under it, back to life.
 *
 * <p>When Redis fails or is slow, reads bypass both layers and go to Postgres (answers stay right, only
 * slower) and writes remember which organizations changed; when Redis is back those epochs are replaced
 * and the local layer is emptied before the cache serves again. Health reports degraded meanwhile.
 */
@ApplicationScoped
public class InventoryCache {

    private static final Logger LOG = Logger.getLogger(InventoryCache.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CacheConfig config;
    private final ReactiveValueCommands<String, String> redis;
    private final ReactiveValueCommands<String, byte[]> redisValues;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Cache<String, CachedJson> local;
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    /** Organizations written while Redis was down: their epochs must change before the cache serves again. */
    private final Set<String> changedWhileDown = ConcurrentHashMap.newKeySet();

    public InventoryCache(CacheConfig config, ReactiveRedisDataSource redis, StrictBodies rest, MeterRegistry registry) {
        this.config = config;
        this.redis = redis.value(String.class);
        this.redisValues = redis.value(byte[].class);
        this.json = rest.mapper();
        this.registry = registry;
        this.local = Caffeine.newBuilder().expireAfterWrite(config.localTtl()).maximumSize(config.localMaxEntries()).build();
    }

    /**
     * The JSON of kind/key in the organization, from the first layer that has it, else of what load reads
     * from Postgres, then kept in both layers. Both layers hold the JSON, not the object: a hit costs no
     * (de)serialization.
     */
    public Uni<CachedJson> get(String organization, String kind, String key, Supplier<Uni<?>> load) {
        if (!config.enabled() || !redisUp.get()) {
            count(kind, "bypass");
            return load.get().map(this::toJson);
        }
        return epoch(organization).onFailure().recoverWithNull().chain(epoch -> {
            if (epoch == null) {
                count(kind, "bypass");
                return load.get().map(this::toJson);
            }
            String fullKey = "inv:" + organization + ":" + epoch + ":" + kind + ":" + key;
            CachedJson held = local.getIfPresent(fullKey);
            if (held != null) {
                count(kind, "local-hit");
                return Uni.createFrom().item(held);
            }
            return timed(redisValues.get(fullKey)).onFailure().recoverWithNull().chain(stored -> {
                if (stored != null) {
                    count(kind, "redis-hit");
                    CachedJson value = new CachedJson(stored);
                    local.put(fullKey, value);
                    return Uni.createFrom().item(value);
                }
                count(kind, "miss");
                return timedLoad(kind, load).map(this::toJson).call(value -> store(kind, fullKey, value));
            });
        });
    }

    /** Call after a write to the organization commits, before answering: no replica serves what it cached before. */
    public Uni<Void> changed(String organization) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        if (!redisUp.get()) {
            changedWhileDown.add(organization);
            return Uni.createFrom().voidItem();
        }
        return timed(redis.set(epochKey(organization), newEpoch()))
                .onFailure().recoverWithUni(e -> {
                    changedWhileDown.add(organization);
                    return down(e).replaceWithVoid();
                });
    }

    public boolean redisAvailable() {
        return redisUp.get();
    }

    /** While Redis is down, tries it again; on its return, replaces the epochs written meanwhile and empties memory. */
    @Scheduled(every = "${kaa.cache.redis-probe-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        if (redisUp.get() || !config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> replaced = Uni.createFrom().voidItem();
        for (String organization : Set.copyOf(changedWhileDown)) {
            replaced = replaced.chain(() -> timed(redis.set(epochKey(organization), newEpoch()))
                    .invoke(() -> changedWhileDown.remove(organization)));
        }
        return replaced.chain(() -> timed(redis.get("inv:probe")))
                .invoke(() -> {
                    local.invalidateAll();
                    redisUp.set(true);
                    LOG.info("Redis is back: the cache serves again");
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> null);
    }

    private Uni<String> epoch(String organization) {
        String key = epochKey(organization);
        return timed(redis.get(key)).chain(epoch -> epoch != null ? Uni.createFrom().item(epoch)
                // first use, or Redis lost its data: start a new epoch (another replica may win the race: read it back)
                : timed(redis.setnx(key, newEpoch())).chain(() -> timed(redis.get(key))))
                .onFailure().call(this::down);
    }

    private Uni<Void> store(String kind, String fullKey, CachedJson value) {
        local.put(fullKey, value);
        return timed(redisValues.set(fullKey, value.utf8(), new SetArgs().px(config.ttl().getOrDefault(kind, config.defaultTtl()))))
                .onFailure().recoverWithUni(e -> down(e).replaceWithVoid());
    }

    /** The JSON the response would have had: the REST layer's ObjectMapper (and so its settings, no nulls). */
    private CachedJson toJson(Object value) {
        try {
            return new CachedJson(json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private Uni<Object> down(Throwable e) {
        if (redisUp.compareAndSet(true, false)) {
            LOG.warnf("Redis failed (%s): reads go to Postgres until it answers again", e.getMessage());
            local.invalidateAll();
        }
        return Uni.createFrom().nullItem();
    }

    private <T> Uni<T> timed(Uni<T> call) {
        return call.ifNoItem().after(config.redisTimeout()).fail();
    }

    /** How long Postgres takes to produce what the cache missed, per kind (a histogram for p50/p99). */
    private Uni<?> timedLoad(String kind, Supplier<Uni<?>> load) {
        Timer timer = Timer.builder("kaa.db.load").tag("cache", kind).publishPercentileHistogram()
                .description("Postgres time of a cache miss").register(registry);
        long start = System.nanoTime();
        return load.get().invoke(() -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    private void count(String kind, String result) {
        registry.counter("kaa.cache.requests", "cache", kind, "result", result).increment();
    }

    /** A bounded key for a long description (a list's filters and search text). */
    public static String keyOf(String description) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(description.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String epochKey(String organization) {
        return "inv:" + organization + ":epoch";
    }

    private static String newEpoch() {
        return Long.toUnsignedString(RANDOM.nextLong(), 36);
    }
}
