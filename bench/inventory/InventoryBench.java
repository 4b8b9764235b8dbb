import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP side of bench/inventory-throughput (the script runs the references: pgbench, COPY).
 *   load  BASE SECRET ORGS SECONDS THREADS PATHS   GETs random paths as a random organization of ORGS (comma list)
 *   mix   BASE SECRET ORGS SECONDS THREADS PATHS IDS  reads (pages, ids) with 2% writes (a device added to a visit)
 *   paced BASE SECRET ORGS SECONDS RATE PATHS       GETs at a fixed RATE per second (open loop: each latency counts
 *                                                   from when the request was due, so a stall is not hidden)
 *   bulk  BASE SECRET ORG VISIT N CSV               POSTs N devices to /hardware/bulk; writes N other rows to CSV for COPY
 * SECRET signs identity headers (straight to a service) or, as file:PATH, names a bearer token (through the gateway).
 */
public class InventoryBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(args[1], args[2], args[3].split(","), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Files.readAllLines(Path.of(args[6])), List.of());
            case "mix" -> load(args[1], args[2], args[3].split(","), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Files.readAllLines(Path.of(args[6])), Files.readAllLines(Path.of(args[7])));
            case "paced" -> paced(args[1], args[2], args[3].split(","), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Files.readAllLines(Path.of(args[6])));
            case "bulk" -> bulk(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]), Path.of(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Identity headers signed, as the gateway signs them, for one request: its method and target (path and query). */
    static String[] identity(String secret, String organization, String method, String target) throws Exception {
        if (secret.startsWith("file:")) {
            // through the gateway: a bearer token (minted for the organization by the script), no identity headers
            return new String[] {"Authorization", "Bearer " + Files.readString(Path.of(secret.substring(5))).trim()};
        }
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(String.join("\n", organization, "bench", "admin", timestamp, method, target)
                .getBytes(StandardCharsets.UTF_8)));
        return new String[] {"X-Kaa-Organization", organization, "X-Kaa-User", "bench", "X-Kaa-Roles", "admin",
                "X-Kaa-Identity-Timestamp", timestamp, "X-Kaa-Identity-Signature", signature};
    }

    /** paths: "org<TAB>/path"; ids: "org<TAB>visit report id" for gets and writes (mix only). */
    static void load(String base, String secret, String[] orgs, int seconds, int threads, List<String> paths, List<String> ids)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            running.add(pool.submit(() -> {
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        HttpRequest request;
                        double dice = random.nextDouble();
                        if (!ids.isEmpty() && dice < 0.02) {
                            // a write (a device found on a visit): the organization's cache epoch changes
                            String[] id = ids.get(random.nextInt(ids.size())).split("\t");
                            request = HttpRequest.newBuilder(URI.create(base + "/hardware")).headers(identity(secret, id[0], "POST", "/hardware"))
                                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"visitReportId\":\"" + id[1] + "\",\"category\":\"monitor\",\"status\":\"in_use\",\"serialNumber\":\"MIX-"
                                                    + java.util.UUID.randomUUID() + "\"}")).build();
                            writes.incrementAndGet();
                        } else if (!ids.isEmpty() && dice < 0.40) {
                            // a read by id, skewed: a few reports are opened far more often (the hot ones)
                            int index = (int) Math.min(ids.size() - 1, Math.floor(Math.pow(random.nextDouble(), 3) * ids.size()));
                            String[] id = ids.get(index).split("\t");
                            request = HttpRequest.newBuilder(URI.create(base + "/visit-reports/" + id[1])).headers(identity(secret, id[0], "GET", "/visit-reports/" + id[1])).build();
                        } else {
                            String[] path = paths.get(random.nextInt(paths.size())).split("\t");
                            request = HttpRequest.newBuilder(URI.create(base + path[1])).headers(identity(secret, path[0], "GET", path[1])).build();
                        }
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        mine[n++] = System.nanoTime() - start;
                        if (response.statusCode() >= 500 || (response.statusCode() >= 400 && request.method().equals("GET"))) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                mine[mine.length - 1] = n;
            }));
        }
        for (var f : running) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%s errors=%d writes=%d%n", latencySummary(latencies, seconds), errors.get(), writes.get());
    }

    /**
     * "requests=N rps=R p50=..ms p99=..ms" of per-thread latency arrays (nanoseconds; each array's last slot holds
     * how many of its slots are used).
     */
    static String latencySummary(List<long[]> latencies, int seconds) {
        long count = latencies.stream().mapToLong(l -> l[l.length - 1]).sum();
        long[] all = new long[(int) count];
        int k = 0;
        for (long[] l : latencies) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        return String.format("requests=%d rps=%.0f p50=%.2fms p99=%.2fms", count, count / (double) seconds,
                all[(int) (count * 0.50)] / 1e6, all[(int) Math.min(count - 1, count * 0.99)] / 1e6);
    }

    /** A fixed rate well below saturation: the latency a hop adds, not the queueing of a machine at its limit. */
    static void paced(String base, String secret, String[] orgs, int seconds, int rate, List<String> paths) throws Exception {
        int threads = 16;
        long interval = threads * 1_000_000_000L / rate;
        long begin = System.nanoTime() + 100_000_000L;
        // the first seconds warm this JVM's HTTP client (and its connections) and are not counted
        long counted = begin + Math.max(3, seconds / 3) * 1_000_000_000L;
        long end = counted + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<long[]>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long first = begin + t * interval / threads;
            running.add(pool.submit(() -> {
                long[] mine = new long[(int) ((end - begin) / interval) + 2];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (long due = first; due < end && n < mine.length - 1; due += interval) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String[] path = paths.get(random.nextInt(paths.size())).split("\t");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path[1])).headers(identity(secret, path[0], "GET", path[1])).build();
                    HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (due >= counted) {
                        mine[n++] = System.nanoTime() - due;
                    }
                    if (response.statusCode() >= 400) {
                        errors.incrementAndGet();
                    }
                }
                mine[mine.length - 1] = n;
                return mine;
            }));
        }
        List<long[]> latencies = new ArrayList<>();
        for (var f : running) {
            latencies.add(f.get());
        }
        pool.shutdown();
        System.out.printf("%s errors=%d%n", latencySummary(latencies, seconds), errors.get());
    }

    static String ip(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    static String mac(int i) {
        return String.format("02:00:00:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255);
    }

    static void bulk(String base, String secret, String organization, String visit, int n, Path csv) throws Exception {
        StringBuilder json = new StringBuilder("{\"mode\":\"atomic\",\"items\":[");
        StringBuilder rows = new StringBuilder();
        String run = Long.toString(System.nanoTime(), 36);
        LocalDate warranty = LocalDate.now().plusYears(2);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"visitReportId\":\"").append(visit).append("\",\"category\":\"laptop\",\"deviceName\":\"Dell Latitude 5440\",")
                    .append("\"manufacturer\":\"Dell\",\"model\":\"Latitude 5440\",\"serialNumber\":\"BULK-").append(run).append('-').append(i)
                    .append("\",\"assetTag\":\"AT-").append(i).append("\",\"status\":\"in_use\",\"warrantyExpiry\":\"").append(warranty)
                    .append("\",\"building\":\"Block A\",\"floor\":\"2\",\"room\":\"Room 12\"")
                    // the seed's fields (issue 28): network identity, condition, a specifications object, the cost
                    .append(",\"ipAddress\":\"").append(ip(i)).append("\",\"macAddress\":\"").append(mac(i))
                    .append("\",\"conditionRating\":").append(1 + i % 5)
                    .append(",\"specifications\":{\"cpu\":\"i5-1345U\",\"ramGb\":16,\"disk\":\"512 GB SSD\"},\"purchaseCost\":145000.00}");
            rows.append(java.util.UUID.randomUUID()).append(',').append(organization).append(',').append(visit)
                    .append(",laptop,Dell Latitude 5440,Dell,Latitude 5440,COPY-").append(run).append('-').append(i)
                    .append(",AT-").append(i).append(",in_use,").append(warranty).append(",Block A,2,Room 12,")
                    .append(ip(i)).append(',').append(mac(i)).append(',').append(1 + i % 5)
                    .append(",\"{\"\"cpu\"\":\"\"i5-1345U\"\",\"\"ramGb\"\":16,\"\"disk\"\":\"\"512 GB SSD\"\"}\",145000.00\n");
        }
        json.append("]}");
        Files.writeString(csv, rows);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/hardware/bulk")).headers(identity(secret, organization, "POST", "/hardware/bulk"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200 || !response.body().contains("\"succeeded\":" + n)) {
            throw new IllegalStateException("bulk create failed: " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        System.out.printf("%.3f%n", seconds);
    }
}
