package com.kaa.reports.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the gateway with the HTTP layer's own URI check off, so that every request reaches security/ApiGuard:
 * Quarkus' root handler otherwise answers a target java.net.URI cannot parse ({@code ?q=%zz}, a backslash) with an
 * empty 400 before any handler runs. ApiGuard makes the same check and answers it with problem+json naming the
 * target. The property is read once, when the HTTP server starts; tests set it in the surefire configuration.
 */
@QuarkusMain
public final class GatewayMain {

    static final String CHECK_OFF = "vertx.disableURIValidation";

    private GatewayMain() {
    }

    public static void main(String... args) {
        System.setProperty(CHECK_OFF, "true");
        Quarkus.run(args);
    }
}
