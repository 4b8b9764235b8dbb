package com.kaa.reports.inventory.attachments;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Without a writable attachments directory uploads fail: the replica is not ready. */
@Readiness
@ApplicationScoped
public class StorageHealth implements HealthCheck {

    private final AttachmentStorage storage;

    public StorageHealth(AttachmentStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("attachments-storage").status(storage.writable()).build();
    }
}
