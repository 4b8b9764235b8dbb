package com.kaa.reports.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds the project's own files (deploy/local scripts, broker jars) from a test JVM. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The repository root: the directory holding deploy/local. */
    public static Path root() {
        String configured = System.getProperty("kaa.project.root");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/local")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory with mvnw and deploy/local)");
    }

    public static Path kafkaLib() {
        String configured = System.getProperty("kaa.kafka.lib");
        Path lib = configured != null ? Path.of(configured) : root().resolve("deploy/local/kafka/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("Kafka broker jars missing at " + lib
                    + "; build them with ./mvnw -f deploy/local/kafka/pom.xml generate-resources");
        }
        return lib;
    }

    /** Runs {@code deploy/local/infra <what>} to start Postgres or Redis on a machine where they are down. */
    public static void ensureInfra(String what) {
        Path script = root().resolve("deploy/local/infra");
        try {
            Process process = new ProcessBuilder(script.toString(), what).inheritIO().start();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + what + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
