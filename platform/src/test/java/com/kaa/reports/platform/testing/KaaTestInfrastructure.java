package com.kaa.reports.platform.testing;

import io.quarkus.test.common.WithTestResource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a {@code @QuarkusTest} on the suite's real infrastructure: a fresh Postgres database with the
 * suite's roles (the service connects as the owner of {@link #schema()}), the per-JVM Kafka broker
 * with every topic, and Redis. Annotate every test class of a module with the same values and
 * Quarkus boots once for all of them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(KaaInfrastructureResource.class)
public @interface KaaTestInfrastructure {

    /** The service's schema, e.g. {@code report_definition}. */
    String schema();

    /** Test-only topics to create besides the suite's (each gets a .dlq). */
    String[] topics() default {};
}
