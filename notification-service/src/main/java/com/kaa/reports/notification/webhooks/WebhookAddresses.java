package com.kaa.reports.notification.webhooks;

import com.kaa.reports.platform.problems.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * The one address policy of webhooks ({@link SsrfGuard} with the configured allow-list), applied twice: when an
 * endpoint is registered, so a metadata or cluster-internal URL is refused to the person who typed it, and before
 * every send, because what a name resolves to can change after registration.
 */
@ApplicationScoped
public class WebhookAddresses {

    private final Set<String> allowedPrivateHosts;

    public WebhookAddresses(WebhookConfig config) {
        this.allowedPrivateHosts = config.allowedPrivateHosts().orElse(Set.of());
    }

    /** The pinned target to send to; fails with {@link SsrfGuard.Refused}. Resolves on a worker thread. */
    public Uni<SsrfGuard.Target> target(String url) {
        return Uni.createFrom().<SsrfGuard.Target>emitter(e -> {
            try {
                e.complete(SsrfGuard.check(url, allowedPrivateHosts));
            } catch (SsrfGuard.Refused refused) {
                e.fail(refused);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * A 400 naming {@code field} when the URL may never be called. A host that does not resolve yet is accepted:
     * the send checks it again, with what it then resolves to.
     */
    Uni<Void> checkRegistration(String url, String field) {
        return target(url).replaceWithVoid()
                .onFailure(SsrfGuard.Unresolved.class).recoverWithNull()
                .onFailure(SsrfGuard.Refused.class).transform(e -> ProblemException.invalidField(field, e.getMessage()));
    }
}
