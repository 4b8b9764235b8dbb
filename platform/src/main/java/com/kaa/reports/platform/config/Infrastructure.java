package com.kaa.reports.platform.config;

import io.smallrye.config.ConfigMapping;

/**
 * Where Postgres, Kafka and Redis are: production must be told (platform's microprofile-config.properties gives only
 * the dev, test and local profiles a default). Read and checked when the configuration is, before anything connects,
 * so a pod whose variable is missing stops at start naming it ("Could not expand value KAA_DB_HOST"); the datasource
 * alone only said that its URL was not set.
 */
@ConfigMapping(prefix = "kaa.infrastructure")
public interface Infrastructure {

    /** KAA_DB_HOST */
    String databaseHost();

    /** KAA_DB_PASSWORD: the service's own role's */
    String databasePassword();

    /** KAFKA_BOOTSTRAP_SERVERS */
    String kafkaBootstrapServers();

    /** KAA_REDIS_URL */
    String redisUrl();
}
