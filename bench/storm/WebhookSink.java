import com.sun.net.httpserver.HttpServer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storm bench's webhook receiver: answers 204 at once and writes "delivery-id,epoch-millis" per POST it got
 * (repeats included) to a CSV file; GET /stats answers "distinct total" for the bench's progress line.
 *   java WebhookSink.java port file.csv
 */
public class WebhookSink {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]));
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        AtomicLong total = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hooks", exchange -> {
            long millis = System.currentTimeMillis();
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Kaa-Delivery-Id");
            if (id == null) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            distinct.add(id);
            total.incrementAndGet();
            synchronized (out) {
                out.write(id + "," + millis + "\n");
                out.flush();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/stats", exchange -> {
            byte[] body = (distinct.size() + " " + total.get()).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
