package com.kaa.reports.notification.deliveries;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "kaa.deliveries")
public interface DeliveryConfig {

    /** Attempts per delivery before it is failed (and DeliveryFailed published). */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second attempt; doubled for each next one, with ±20% jitter, up to maxBackoff. */
    @WithDefault("30s")
    Duration initialBackoff();

    @WithDefault("1h")
    Duration maxBackoff();

    /** A delivery being sent by a replica that died is taken again after this (a live replica renews it while sending). */
    @WithDefault("2m")
    Duration lease();

    /** A provider that has not answered a send after this is given up on for this attempt (retried later). */
    @WithDefault("5m")
    Duration sendTimeout();

    /** How often an idle channel lane looks for deliveries that fell due (new ones wake it at once). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries of one channel a replica sends at the same time (claimed together when the lane is idle). */
    @WithDefault("20")
    int batchSize();

    /** Largest report file attached to an e-mail; above it the e-mail carries the signed link and says why. */
    @WithDefault("10M")
    MemorySize attachmentMaxSize();

    /**
     * The execution service's own address, where report files for e-mail attachments are fetched (with the signed
     * link's query, which the service checks), instead of the public URL the link names.
     */
    String filesUrl();

    /** Messages per second per channel (email, sms, webhook, slack, teams), per replica, so providers do not block the sender. */
    Map<String, Double> rate();

    @WithDefault("10")
    double defaultRate();
}
