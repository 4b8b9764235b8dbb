package com.kaa.reports.platform.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Injects {@link Infrastructure}: Quarkus registers (and so checks, when it reads the configuration) only the config
 * mappings something injects.
 */
@Startup
@ApplicationScoped
public class InfrastructureCheck {

    public InfrastructureCheck(Infrastructure infrastructure) {
        // nothing to do: the mapping was checked before any bean was created
    }
}
