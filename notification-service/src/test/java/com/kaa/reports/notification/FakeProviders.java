package com.kaa.reports.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What the notification service talks to, for real, in the tests: an SMTP server (GreenMail) on 28025 and one
 * HTTP server on 28090 playing the SMS provider (/version1/messaging), the file downloads of finished reports
 * (/files/...) and webhook receivers (/hooks/...). Responses can be scripted; every request is recorded.
 */
public final class FakeProviders {

    public static final String BASE = "http://127.0.0.1:28090";

    /** One recorded HTTP request. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private static GreenMail smtp;
    private static HttpServer http;
    private static final Deque<Integer> SMS_STATUSES = new ConcurrentLinkedDeque<>();
    private static final Map<String, Deque<Integer>> HOOK_STATUSES = new ConcurrentHashMap<>();
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final Map<String, java.time.Duration> HOOK_DELAYS = new ConcurrentHashMap<>();
    public static final List<Request> SMS = Collections.synchronizedList(new ArrayList<>());
    public static final List<Request> HOOKS = Collections.synchronizedList(new ArrayList<>());
    /** Requests to the Slack- and Teams-shaped receivers (/slack/..., /teams/...). */
    public static final List<Request> CHATS = Collections.synchronizedList(new ArrayList<>());

    private FakeProviders() {
    }

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(28025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            startHttp();
        }
        return smtp;
    }

    /** The next SMS provider answers, in order (then 201 again). */
    public static void smsAnswers(Integer... statuses) {
        SMS_STATUSES.addAll(List.of(statuses));
    }

    public static void hookAnswers(String name, Integer... statuses) {
        HOOK_STATUSES.computeIfAbsent(name, n -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    /** The receiver at /hooks/name takes this long to answer (a slow customer endpoint). */
    public static void hookDelay(String name, java.time.Duration delay) {
        HOOK_DELAYS.put(name, delay);
    }

    /** Serves bytes at BASE + /files/name (a report output's signed link); null bytes answer 403 (an expired link). */
    public static String file(String name, byte[] bytes) {
        FILES.put(name, bytes == null ? new byte[0] : bytes);
        if (bytes == null) {
            FILES.remove(name);
        }
        return BASE + "/files/" + name + "?sig=test";
    }

    private static void startHttp() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 28090), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        http.createContext("/version1/messaging", exchange -> {
            Request request = record(exchange);
            SMS.add(request);
            Integer status = SMS_STATUSES.poll();
            int code = status == null ? 201 : status;
            respond(exchange, code, code == 201
                    ? "{\"SMSMessageData\":{\"Message\":\"Sent to 1/1\",\"Recipients\":[{\"statusCode\":101,\"status\":\"Success\",\"messageId\":\"ATXid_1\"}]}}"
                    : "{\"error\":\"scripted " + code + "\"}");
        });
        http.createContext("/files/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            byte[] bytes = FILES.get(name);
            if (bytes == null) {
                respond(exchange, 403, "{\"title\":\"Forbidden\",\"detail\":\"link expired\"}");
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        http.createContext("/hooks/", exchange -> {
            Request request = record(exchange);
            HOOKS.add(request);
            String name = request.path().substring("/hooks/".length());
            java.time.Duration delay = HOOK_DELAYS.get(name);
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Integer status = HOOK_STATUSES.getOrDefault(name, new ConcurrentLinkedDeque<>()).poll();
            respond(exchange, status == null ? 200 : status, "{}");
        });
        // chat webhooks answer as Slack and Teams do: 200 "ok" / 202, or 400 naming what is wrong with the shape
        http.createContext("/slack/", exchange -> {
            Request request = record(exchange);
            CHATS.add(request);
            List<String> problems = com.kaa.reports.platform.testing.ChatPayloads.slack(request.body());
            respond(exchange, problems.isEmpty() ? 200 : 400, problems.isEmpty() ? "ok" : "invalid_payload: " + problems);
        });
        http.createContext("/teams/", exchange -> {
            Request request = record(exchange);
            CHATS.add(request);
            List<String> problems = com.kaa.reports.platform.testing.ChatPayloads.teams(request.body());
            respond(exchange, problems.isEmpty() ? 202 : 400, problems.isEmpty() ? "" : "{\"error\":\"" + problems + "\"}");
        });
        // a slow receiver must not hold back the others
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
    }

    private static Request record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
