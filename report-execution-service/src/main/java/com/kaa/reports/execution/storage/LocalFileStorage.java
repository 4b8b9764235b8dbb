package com.kaa.reports.execution.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Files under a configured directory; keys become relative paths (never escaping the directory). */
public class LocalFileStorage implements FileStorage {

    private final Path root;
    private final Path scratch;

    public LocalFileStorage(Path directory) throws IOException {
        this.root = directory.toAbsolutePath().normalize();
        this.scratch = root.resolve(".scratch");
        Files.createDirectories(scratch);
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public java.util.Optional<Path> localFile(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? java.util.Optional.of(path) : java.util.Optional.empty();
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public Usage usage() throws IOException {
        long[] totals = new long[2];
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(f -> !f.startsWith(scratch)).forEach(f -> {
                try {
                    totals[0] += Files.size(f);
                    totals[1]++;
                } catch (IOException gone) {
                    // deleted while walking: not counted
                }
            });
        }
        return new Usage(totals[0], totals[1]);
    }

    @Override
    public Path scratch(String suffix) throws IOException {
        return Files.createTempFile(scratch, "output-", suffix);
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("storage key outside the storage directory: " + key);
        }
        return path;
    }
}
