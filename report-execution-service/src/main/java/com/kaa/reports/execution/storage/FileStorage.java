package com.kaa.reports.execution.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where output files live. Keys look like {@code org/report/execution/report.csv}; writing the same key
 * again replaces the file, so a retried or taken-over execution never leaves a second set of files.
 */
public interface FileStorage {

    /** Moves a finished local file to {@code key} (atomically where the backend allows). */
    void put(String key, Path file, String contentType) throws IOException;

    InputStream open(String key) throws IOException;

    /** The file itself when it is on a local disk, so the HTTP layer can send it without copying through the heap. */
    default java.util.Optional<Path> localFile(String key) {
        return java.util.Optional.empty();
    }

    long size(String key) throws IOException;

    /** A short-lived URL the client can fetch the file from directly, when the backend offers one (S3). */
    default java.util.Optional<java.net.URL> presignedGet(String key, String fileName, java.time.Duration validity) {
        return java.util.Optional.empty();
    }

    /** Deletes the file; no error when it is already gone. */
    void delete(String key) throws IOException;

    /** Total bytes and files stored, for the storage gauges. */
    Usage usage() throws IOException;

    record Usage(long bytes, long files) {
    }

    /** A local scratch file for an output being written; the caller deletes or puts it. */
    Path scratch(String suffix) throws IOException;
}
