package com.kaa.reports.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite, started once per test run the way the README starts it: {@code deploy/local/up}
 * on the packaged services (infrastructure included: Postgres, Redis and Kafka are started when they
 * are not running, the SMTP and SMS sinks too), in its own run directory and database, with traces
 * exported to a {@link FakeCollector}. Stopped with {@code deploy/local/down} when the run ends.
 * Needs ports 8080–8084 free: stop a suite you started yourself first.
 */
final class Suite implements BeforeAllCallback, AutoCloseable {

    static final Path ROOT = projectRoot();
    static final Path RUN = ROOT.resolve("system-tests/target/run");
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String DATABASE = "kaa_system_tests";
    static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "report-definition-service", 8081,
            "report-execution-service", 8082, "inventory-service", 8083, "notification-service", 8084);

    private static FakeCollector collector;

    static FakeCollector collector() {
        return collector;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (Suite.class) {
            ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
            if (store.get(Suite.class) != null) {
                return;
            }
            collector = new FakeCollector();
            start();
            store.put(Suite.class, this);
        }
    }

    private void start() throws IOException, InterruptedException {
        Files.createDirectories(RUN);
        // a fresh database and run directory each time: no state from an earlier run
        dropDatabase();
        for (String dir : List.of("pids", "files", "logs")) {
            deleteTree(RUN.resolve(dir));
        }
        int exit = run(List.of(ROOT.resolve("deploy/local/up").toString(), "--no-build", "--no-sample-data"), environment(), 600);
        if (exit != 0) {
            throw new IllegalStateException("deploy/local/up failed (exit " + exit + "); see " + RUN.resolve("up.log")
                    + " and " + RUN.resolve("logs"));
        }
    }

    /** What up passes on to every service: the run directory, the database, and traces to the fake collector. */
    static Map<String, String> environment() {
        return Map.of("KAA_RUN_DIR", RUN.toString(),
                "KAA_DB_NAME", DATABASE,
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
    }

    @Override
    public void close() throws Exception {
        run(List.of(ROOT.resolve("deploy/local/down").toString()), environment(), 180);
        collector.close();
        dropDatabase();
    }

    /** As deploy/local/infra reaches Postgres: the admin role over TCP, else the postgres OS user. */
    private static void dropDatabase() throws IOException, InterruptedException {
        String sql = "drop database if exists " + DATABASE + " with (force)";
        run(List.of("bash", "-c", "psql -h 127.0.0.1 -U \"${KAA_PG_ADMIN:-postgres}\" -d postgres -qc '" + sql + "' 2>/dev/null"
                + " || runuser -u postgres -- psql -qc '" + sql + "' 2>/dev/null || true"), Map.of(), 60);
    }

    static int run(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(RUN.resolve("up.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** Runs a project command and returns what it printed (e.g. deploy/local/token). */
    static String output(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile());
        pb.environment().putAll(environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + new String(p.getErrorStream().readAllBytes()));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/up"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local/up not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
