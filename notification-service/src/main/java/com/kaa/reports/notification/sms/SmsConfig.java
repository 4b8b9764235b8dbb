package com.kaa.reports.notification.sms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** An SMS provider in the style of Africa's Talking: a form POST with the API key in a header. */
@ConfigMapping(prefix = "kaa.sms")
public interface SmsConfig {

    /** The provider's send endpoint, e.g. https://api.africastalking.com/version1/messaging */
    String url();

    /** Sent in the apiKey header. */
    Optional<String> apiKey();

    /** The provider account (form field username). */
    @WithDefault("sandbox")
    String username();

    /** The sender id or short code (form field from); empty: the provider's default. */
    Optional<String> senderId();

    /** Region for numbers written without a country code ("0712 345 678" in KE). */
    @WithDefault("KE")
    String defaultRegion();

    @WithDefault("10s")
    java.time.Duration timeout();
}
