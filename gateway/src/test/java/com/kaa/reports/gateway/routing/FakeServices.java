package com.kaa.reports.gateway.routing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * Stand-ins for the services behind the gateway (the real ones are started together in the system
 * tests): real HTTP servers on loopback that echo what reached them, stream large bodies, and can be
 * stopped and started to test an upstream outage.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    static final Vertx VERTX = Vertx.vertx();
    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final long SSE_GAP_MS = 1_000;
    static int echoPort;
    static int flakyPort;
    private static HttpServer echo;
    private static HttpServer flaky;

    @Override
    public Map<String, String> start() {
        echoPort = freePort();
        flakyPort = freePort();
        echo = listen(echoPort);
        startFlaky();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] {"report-definition-service", "report-execution-service", "inventory-service"}) {
            config.put("kaa.gateway.upstreams." + service + ".url", "http://127.0.0.1:" + echoPort);
        }
        // notification-service can be stopped and started by tests
        config.put("kaa.gateway.upstreams.notification-service.url", "http://127.0.0.1:" + flakyPort);
        config.put("kaa.gateway.upstreams.report-execution-service.timeout", "2s");
        return config;
    }

    @Override
    public void stop() {
        VERTX.close();
    }

    public static synchronized void startFlaky() {
        if (flaky == null) {
            flaky = listen(flakyPort);
        }
    }

    public static synchronized void stopFlaky() {
        if (flaky != null) {
            await(flaky.close().toCompletionStage().toCompletableFuture());
            flaky = null;
        }
    }

    private static HttpServer listen(int port) {
        HttpServer server = VERTX.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (path.equals("/q/health/ready")) {
                request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
            } else if (path.equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(
                        "{\"openapi\":\"3.1.0\",\"paths\":{\"/reports/{id}\":{\"get\":{\"summary\":\"Get a report\"}},"
                                + "\"/visit-reports\":{\"get\":{\"summary\":\"List visits\"}}},"
                                + "\"components\":{\"schemas\":{\"Problem\":{\"type\":\"object\"}}}}");
            } else if (path.startsWith("/reports/drop-once/")) {
                // the first request of each key finds its connection closed unanswered, as a pooled connection
                // the service closed while idle would be; later ones are echoed
                if (ATTEMPTS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet() == 1) {
                    request.connection().close();
                } else {
                    request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("uri", request.uri()).put("method", request.method().name()).encode());
                }
            } else if (path.startsWith("/downloads/forged")) {
                // the execution service refuses a link whose signature does not verify
                request.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end("{\"status\":403,\"title\":\"Forbidden\"}");
            } else if (path.startsWith("/executions/sse")) {
                // two server-sent events SSE_GAP_MS apart: the first must reach the client before the second is written
                request.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write("data: one\n\n");
                VERTX.setTimer(SSE_GAP_MS, t -> request.response().end("data: two\n\n"));
            } else if (path.startsWith("/executions/own-headers")) {
                // a service that sets headers the gateway also sets on every answer (attachments, downloads)
                request.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "private, max-age=60")
                        .putHeader("Content-Type", "text/plain").end("file");
            } else if (path.startsWith("/executions/slow")) {
                // never answers: the gateway must time out
            } else if (path.startsWith("/executions/big")) {
                long bytes = Long.parseLong(request.getParam("bytes"));
                request.response().putHeader("Content-Length", Long.toString(bytes));
                Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
                writeChunks(request.response(), chunk, bytes);
            } else {
                MessageDigest sha = sha256();
                long[] size = {0};
                request.handler(buffer -> {
                    size[0] += buffer.length();
                    sha.update(buffer.getBytes());
                });
                request.endHandler(v -> {
                    JsonObject headers = new JsonObject();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("method", request.method().name()).put("uri", request.uri()).put("headers", headers)
                            .put("bodyBytes", size[0]).put("bodySha256", HexFormat.of().formatHex(sha.digest())).encode());
                });
            }
        });
        await(server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture());
        return server;
    }

    /** Writes zeros with back-pressure: the next chunk only when the socket has drained. */
    private static void writeChunks(io.vertx.core.http.HttpServerResponse response, Buffer chunk, long remaining) {
        while (remaining > 0 && !response.writeQueueFull()) {
            int n = (int) Math.min(chunk.length(), remaining);
            response.write(n == chunk.length() ? chunk : chunk.getBuffer(0, n));
            remaining -= n;
        }
        if (remaining == 0) {
            response.end();
        } else {
            long left = remaining;
            response.drainHandler(v -> writeChunks(response, chunk, left));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
