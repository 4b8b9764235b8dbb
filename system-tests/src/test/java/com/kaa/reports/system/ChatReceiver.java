package com.kaa.reports.system;

import com.kaa.reports.platform.testing.ChatPayloads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Slack incoming webhook as Slack answers one: "ok" for a message in the documented shape, 400 invalid_payload
 * with the problems otherwise. Keeps every body by path (one path per channel webhook).
 */
final class ChatReceiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    ChatReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/services/", this::receive);
        server.start();
    }

    /** A webhook URL of this receiver, shaped like Slack's. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T0KAA/B0KAA/" + name;
    }

    /** The bodies Slack accepted at the webhook {@code name}. */
    List<String> messages(String name) {
        return received.getOrDefault("/services/T0KAA/B0KAA/" + name, List.of());
    }

    List<String> refused() {
        return refused;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            List<String> problems = ChatPayloads.slack(body);
            byte[] answer = (problems.isEmpty() ? "ok" : "invalid_payload " + problems).getBytes(StandardCharsets.UTF_8);
            if (problems.isEmpty()) {
                received.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new CopyOnWriteArrayList<>()).add(body);
            } else {
                refused.add(body);
            }
            exchange.sendResponseHeaders(problems.isEmpty() ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
