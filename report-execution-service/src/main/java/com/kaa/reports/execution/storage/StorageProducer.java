package com.kaa.reports.execution.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.nio.file.Path;

/** The configured storage backend ({@code kaa.storage.type}). */
public class StorageProducer {

    @Produces
    @ApplicationScoped
    FileStorage storage(StorageConfig config) throws IOException {
        return switch (config.type()) {
            case "local" -> new LocalFileStorage(Path.of(config.directory()));
            case "s3" -> S3FileStorage.create(config.s3(), Path.of(config.directory()).resolve(".scratch"));
            default -> throw new IllegalStateException("kaa.storage.type must be local or s3, not " + config.type());
        };
    }
}
