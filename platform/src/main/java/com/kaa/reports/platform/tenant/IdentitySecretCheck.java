package com.kaa.reports.platform.tenant;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A production service without the identity secret would refuse every caller (IdentityFilter fails closed): it
 * stops at startup instead, naming the setting, so a missing or empty KAA_IDENTITY_SECRET is seen at deploy time.
 */
@ApplicationScoped
public class IdentitySecretCheck {

    void check(@Observes StartupEvent started, IdentityConfig config) {
        if (LaunchMode.current() == LaunchMode.NORMAL && config.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("kaa.identity.secret (KAA_IDENTITY_SECRET) is required in production: "
                    + "it verifies the identities the gateway signs");
        }
    }
}
