package com.kaa.reports.platform.events;

import java.util.List;

/**
 * Every Kafka topic of the suite, in one place. Documented in docs/topics.md and docs/asyncapi.yaml;
 * created by deploy/local/topics (and by Strimzi KafkaTopic objects in Kubernetes). A test keeps
 * the three lists equal.
 */
public final class Topics {
    public static final String REPORT_DEFINITIONS = "reports.definitions.v1";
    public static final String EXECUTION_REQUESTS = "reports.execution-requests.v1";
    public static final String EXECUTIONS = "reports.executions.v1";
    public static final String DATASETS = "reports.datasets.v1";
    public static final String VISIT_REPORTS = "inventory.visit-reports.v1";
    public static final String HARDWARE = "inventory.hardware.v1";
    public static final String RECYCLING = "inventory.recycling.v1";
    public static final String USERS = "kaa.users.v1";
    public static final String PROPERTIES = "kaa.properties.v1";
    public static final String BOOKINGS = "kaa.bookings.v1";
    public static final String PAYMENTS = "kaa.payments.v1";
    public static final String NOTIFICATION_REQUESTS = "notifications.requests.v1";
    public static final String DELIVERIES = "notifications.deliveries.v1";
    public static final String WEBHOOKS = "notifications.webhooks.v1";
    public static final String AUDIT = "audit.v1";

    /** A topic and how it is laid out on the broker. */
    public record Topic(String name, int partitions, boolean compacted, boolean consumed) {
        /** The dead-letter topic beside a consumed topic. */
        public String dlq() {
            return Topics.dlq(name);
        }
    }

    /** Topics that some service of the suite consumes get a dead-letter topic. */
    public static final List<Topic> ALL = List.of(
            new Topic(REPORT_DEFINITIONS, 6, false, true),
            new Topic(EXECUTION_REQUESTS, 12, false, true),
            new Topic(EXECUTIONS, 12, false, true),
            new Topic(DATASETS, 1, true, true),
            new Topic(VISIT_REPORTS, 6, false, true),
            new Topic(HARDWARE, 12, false, true),
            new Topic(RECYCLING, 6, false, true),
            new Topic(USERS, 6, false, true),
            new Topic(PROPERTIES, 6, false, true),
            new Topic(BOOKINGS, 6, false, true),
            new Topic(PAYMENTS, 12, false, true),
            new Topic(NOTIFICATION_REQUESTS, 6, false, true),
            new Topic(DELIVERIES, 6, false, false),
            new Topic(WEBHOOKS, 1, true, true),
            new Topic(AUDIT, 6, false, false));

    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
