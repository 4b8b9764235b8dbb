package com.kaa.reports.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/** Postgres, Kafka and Redis together, for {@link KaaTestInfrastructure}. */
public class KaaInfrastructureResource implements QuarkusTestResourceConfigurableLifecycleManager<KaaTestInfrastructure> {

    private final PostgresTestResource postgres = new PostgresTestResource();
    private final KafkaTestResource kafka = new KafkaTestResource();
    private final RedisTestResource redis = new RedisTestResource();

    @Override
    public void init(KaaTestInfrastructure annotation) {
        postgres.init(Map.of("schema", annotation.schema()));
        kafka.init(Map.of("topics", String.join(",", annotation.topics())));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(kafka.start());
        config.putAll(redis.start());
        config.putAll(postgres.start());
        return config;
    }

    @Override
    public void stop() {
        postgres.stop();
        kafka.stop();
        redis.stop();
    }
}
