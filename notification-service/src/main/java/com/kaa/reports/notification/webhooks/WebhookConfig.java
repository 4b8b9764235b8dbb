package com.kaa.reports.notification.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "kaa.webhooks")
public interface WebhookConfig {

    /**
     * Hosts (names or IP literals) that may be private, loopback or link-local: for tests and local runs only.
     * Empty in production, where such targets are refused (SSRF: a webhook must not reach the cluster's inside).
     */
    Optional<Set<String>> allowedPrivateHosts();

    @WithDefault("10s")
    Duration timeout();
}
