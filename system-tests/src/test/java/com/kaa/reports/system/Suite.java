package com.kaa.reports.system;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole suite, started once per test run the way the README starts it: {@code deploy/local/up}
 * on the packaged services (infrastructure included: Postgres, Redis and Kafka are started when they
 * are not running, the SMTP and SMS sinks too), in its own run directory and database, with traces
 * exported to a {@link FakeCollector}. Stopped with {@code deploy/local/down} when the run ends.
 * Runs two processes of the definition and execution services (8091, 8092: not behind the gateway, but
 * dispatching, working and consuming like the first ones). Needs ports 8080–8084 and 8091–8092 free: stop a
 * suite you started yourself first.
 */
final class Suite implements BeforeAllCallback, AutoCloseable {

    static final Path ROOT = projectRoot();
    static final Path RUN = ROOT.resolve("system-tests/target/run");
    static final String GATEWAY = "http://127.0.0.1:8080";
    static final String DATABASE = "kaa_system_tests";
    static final int DEFINITION_REPLICA = 8091;
    static final int EXECUTION_REPLICA = 8092;
    static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "report-definition-service", 8081,
            "report-execution-service", 8082, "inventory-service", 8083, "notification-service", 8084);

    private static FakeCollector collector;
    /** When this run's suite was started: records older than that on the broker are another run's. */
    private static volatile java.time.Instant started = java.time.Instant.EPOCH;

    static java.time.Instant started() {
        return started;
    }

    static FakeCollector collector() {
        return collector;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RestAssured.baseURI = GATEWAY;
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
        started = java.time.Instant.now();
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
        return Map.ofEntries(Map.entry("KAA_RUN_DIR", RUN.toString()),
                // read and write limits far above what the tests send (the fuzz pass sends thousands of requests);
                // run requests keep their production limit, which the tests honour (Retry-After)
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_READ_PER_USER", "1000000"),
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_READ_PER_ORGANIZATION", "1000000"),
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_READ_BURST", "100000"),
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_WRITE_PER_USER", "1000000"),
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_WRITE_PER_ORGANIZATION", "1000000"),
                Map.entry("KAA_GATEWAY_RATE_LIMITS_CLASSES_WRITE_BURST", "100000"),
                // a second process of the two services that schedule and run: they must share, never double, the work
                Map.entry("KAA_REPLICAS", "report-definition-service:" + DEFINITION_REPLICA + " report-execution-service:" + EXECUTION_REPLICA),
                Map.entry("KAA_DB_NAME", DATABASE),
                // webhooks to the test's own receiver on loopback; a killed sender's deliveries taken over in 20 s
                // (2 min in production), retried after 2 s, and sent faster than the production rates
                Map.entry("KAA_WEBHOOKS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1"),
                Map.entry("KAA_CHAT_ALLOWED_HOSTS", "127.0.0.1"),
                Map.entry("KAA_DELIVERIES_LEASE", "20s"),
                Map.entry("KAA_DELIVERIES_INITIAL_BACKOFF", "2s"),
                Map.entry("KAA_DELIVERIES_RATE_EMAIL", "50"),
                Map.entry("KAA_DELIVERIES_RATE_WEBHOOK", "50"),
                Map.entry("QUARKUS_OTEL_SDK_DISABLED", "false"),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                Map.entry("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"));
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

    /** SIGKILL: the process gets no chance to finish anything (a pod's container killed by the OOM killer). */
    static void kill9(String module) throws Exception {
        long pid = Long.parseLong(Files.readString(RUN.resolve("pids/" + module + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(module + " is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Starts what is not running, as a restarted pod would be: up skips the services that still run. */
    static void start(String module) throws IOException, InterruptedException {
        int exit = run(List.of(ROOT.resolve("deploy/local/up").toString(), "--no-build", "--no-sample-data"), environment(), 300);
        if (exit != 0) {
            throw new IllegalStateException("restarting " + module + " failed; see " + RUN.resolve("up.log"));
        }
    }

    /** Stops the broker this run started (SIGTERM, as Kubernetes stops a pod) and waits until it is gone. */
    static void stopKafka() throws Exception {
        long pid = Long.parseLong(Files.readString(RUN.resolve("pids/kafka.pid")).trim());
        ProcessHandle broker = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("Kafka is not running"));
        broker.destroy();
        broker.onExit().get(60, TimeUnit.SECONDS);
    }

    static void startKafka() throws IOException, InterruptedException {
        if (run(List.of(ROOT.resolve("deploy/local/infra").toString(), "kafka"), environment(), 120) != 0) {
            throw new IllegalStateException("deploy/local/infra kafka failed; see " + RUN.resolve("up.log"));
        }
    }

    static void stopRedis() throws IOException, InterruptedException {
        run(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"), Map.of(), 30);
        for (int i = 0; i < 50 && portOpen(6379); i++) {
            Thread.sleep(100);
        }
    }

    /** As a machine of this kind starts it (deploy/local/infra redis would, but then down would stop it too). */
    static void startRedis() throws IOException, InterruptedException {
        run(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "",
                "--appendonly", "no"), Map.of(), 30);
        for (int i = 0; i < 100 && !portOpen(6379); i++) {
            Thread.sleep(100);
        }
    }

    /** Restarts the local PostgreSQL cluster; returns System.nanoTime() of the moment it accepts connections again. */
    static long restartPostgres() throws IOException, InterruptedException {
        String version = output(List.of("bash", "-c", "ls /etc/postgresql | sort -V | tail -1"));
        int exit = run(List.of("bash", "-c", "pg_ctlcluster --skip-systemctl-redirect " + version + " main restart -m fast"
                + " || runuser -u postgres -- pg_ctlcluster " + version + " main restart -m fast"), Map.of(), 120);
        if (exit != 0) {
            throw new IllegalStateException("could not restart PostgreSQL " + version);
        }
        while (!portOpen(5432)) {
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    static boolean portOpen(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Requests through the gateway as the token's user. */
    static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    /**
     * Run now, as a well-behaved client: run requests keep their production rate limit in the tests, so on 429 it
     * waits the Retry-After the gateway gives and asks again. Returns the 202's body.
     */
    static Response runNow(String token, String report, Map<String, Object> body) throws InterruptedException {
        while (true) {
            Response r = as(token).body(body).post("/api/v1/reports/" + report + "/run");
            if (r.statusCode() != 429) {
                assertThat(r.statusCode()).as("run %s: %s", report, r.asString()).isEqualTo(202);
                return r;
            }
            Thread.sleep(1000L * Long.parseLong(r.header("Retry-After")));
        }
    }

    /** How many of the report's executions have the status; -1 while the gateway answers otherwise (a restart, its breaker). */
    static int executions(String token, String report, String status) {
        Response r = as(token).queryParam("reportId", report).queryParam("status", status).get("/api/v1/executions");
        return r.statusCode() == 200 ? r.<Integer>path("total") : -1;
    }

    /** The HTTP port of every process of the suite, the second replicas included (as Prometheus scrapes every pod). */
    static List<Integer> processPorts() {
        List<Integer> ports = new ArrayList<>(PORTS.values());
        ports.addAll(List.of(DEFINITION_REPLICA, EXECUTION_REPLICA));
        return ports;
    }

    /** The status of a plain GET, without a token (signed links, which carry their own authorization). */
    static int statusOf(String url) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Waits until the gateway is ready and its per-service checks (/q/health/well: each service's own readiness) are
     * UP; a failure names the checks that are down.
     */
    static void awaitReady(Duration within) {
        await().atMost(within).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(RestAssured.given().get("/q/health/ready").statusCode()).as(notReady()).isEqualTo(200);
            assertThat(RestAssured.given().get("/q/health/well").statusCode()).as(notReady()).isEqualTo(200);
        });
    }

    /** The checks that are not UP, of every process (for failure messages). */
    static String notReady() {
        StringBuilder down = new StringBuilder();
        for (int port : processPorts()) {
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    down.append(port).append(": ").append(r.body().replaceAll("\\s+", " ")).append('\n');
                }
            } catch (IOException | InterruptedException e) {
                down.append(port).append(": ").append(e).append('\n');
            }
        }
        return down.toString();
    }

    /** A bearer token from the local runtime's signing key, as deploy/local/token mints it. */
    static String token(String organization, String user, String roles) throws IOException, InterruptedException {
        return output(List.of(ROOT.resolve("deploy/local/token").toString(), "--org", organization, "--roles", roles, "--user", user));
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
