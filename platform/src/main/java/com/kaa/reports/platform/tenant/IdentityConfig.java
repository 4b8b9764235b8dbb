package com.kaa.reports.platform.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "kaa.identity")
public interface IdentityConfig {

    /**
     * The secret shared with the gateway: identity headers without a valid signature are refused with 401. Without
     * it a service accepts no identity at all, and in production it does not start (IdentitySecretCheck).
     */
    Optional<String> secret();

    /** How old a signature may be; bounds the replay of a captured request. */
    @WithDefault("60s")
    Duration maxAge();
}
