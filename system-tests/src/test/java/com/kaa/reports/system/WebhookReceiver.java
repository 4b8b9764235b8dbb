package com.kaa.reports.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver as a customer would write one: checks each POST's signature with the secret it was given at
 * registration and keeps what arrived by delivery id, so the test counts repeats and losses at the receiver.
 */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    /** Per delivery id (X-Kaa-Delivery-Id), the Idempotency-Key of every copy received. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger withoutId = new AtomicInteger();
    private volatile String secret;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/hooks", this::receive);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The signing secret the registration answered (whsec_…). */
    void secret(String secret) {
        this.secret = secret;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Kaa-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Signature");
            if (secret == null || timestamp == null || !("sha256=" + hmac(secret, timestamp + "." + body)).equals(signature)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("X-Kaa-Delivery-Id");
            if (id == null) {
                withoutId.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                    .add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Distinct deliveries received. */
    int distinct() {
        return received.size();
    }

    /** Copies received beyond the first of each delivery. */
    int repeats() {
        return received.values().stream().mapToInt(copies -> copies.size() - 1).sum();
    }

    /** Whether every copy of each delivery carried the same Idempotency-Key, naming that delivery. */
    boolean repeatsCarryTheirKey() {
        return received.entrySet().stream().allMatch(e -> e.getValue().stream().allMatch(k -> k.equals("\"" + e.getKey() + "\"")));
    }

    int badSignatures() {
        return badSignatures.get();
    }

    /** Signed POSTs that named no delivery (X-Kaa-Delivery-Id), answered 400. */
    int withoutId() {
        return withoutId.get();
    }

    private static String hmac(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
