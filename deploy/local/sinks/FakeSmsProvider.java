import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A local stand-in for an SMS provider in the style of Africa's Talking, for deploy/local only:
 *   POST /version1/messaging   (form: username, to, message, from; header apiKey) answers 201 like the real one
 *   GET  /messages             every message received so far, as JSON lines (newest last)
 * Each message is also printed to stdout (.run/logs/sms.log).
 *   java FakeSmsProvider.java [port=3090]
 */
public class FakeSmsProvider {

    static final List<String> MESSAGES = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3090;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/version1/messaging", FakeSmsProvider::send);
        server.createContext("/messages", exchange -> respond(exchange, 200, String.join("\n", MESSAGES) + "\n"));
        server.start();
        System.out.println("fake SMS provider on http://127.0.0.1:" + port + "/version1/messaging; messages at /messages");
    }

    static void send(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder json = new StringBuilder("{\"at\":\"" + Instant.now() + "\"");
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            json.append(",\"").append(URLDecoder.decode(kv[0], StandardCharsets.UTF_8)).append("\":\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        String line = json.append('}').toString();
        MESSAGES.add(line);
        System.out.println(line);
        respond(exchange, 201, "{\"SMSMessageData\":{\"Message\":\"Sent to 1/1 Total Cost: KES 0.8000\",\"Recipients\":"
                + "[{\"statusCode\":101,\"number\":\"local\",\"status\":\"Success\",\"cost\":\"KES 0.8000\",\"messageId\":\"ATXid_"
                + MESSAGES.size() + "\"}]}}");
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
