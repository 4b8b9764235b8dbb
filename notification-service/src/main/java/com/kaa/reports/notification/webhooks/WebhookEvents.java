package com.kaa.reports.notification.webhooks;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Events on notifications.webhooks.v1 (key: webhook id, compacted): which URLs an organization registered, so
 * report-definition-service can refuse schedules naming an unregistered one without reading this schema.
 */
public final class WebhookEvents {

    public static final String REGISTERED = "WebhookRegistered.v1";
    public static final String REMOVED = "WebhookRemoved.v1";

    private WebhookEvents() {
    }

    public record WebhookChanged(int version, UUID webhookId, String url, OffsetDateTime at) {
    }
}
