package com.kaa.reports.sampledata;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy/local/generate-data [--org acme] [--users N] [--properties N] [--bookings N] [--payments N]
 * [--visit-reports N] [--hardware N] [--days N] [--seed N] [--bootstrap host:port]}: publishes realistic
 * events to the ingestion topics, as the Kaa platform and the inventory service would.
 */
public final class GenerateData {

    private GenerateData() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>(Map.of("org", "acme", "users", "1000", "properties", "5000",
                "bookings", "5000", "payments", "50000", "visit-reports", "200", "hardware", "2000", "days", "90",
                "seed", "42", "bootstrap", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")));
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (!options.containsKey(name) || i + 1 >= args.length) {
                System.err.println("usage: generate-data " + options.keySet().stream().sorted().map(k -> "[--" + k + " " + options.get(k) + "]").toList());
                System.exit(2);
            }
            options.put(name, args[++i]);
        }
        String org = options.get("org");
        long seed = Long.parseLong(options.get("seed"));
        Instant now = Instant.now();
        KaaGenerator kaa = new KaaGenerator(seed, now, Integer.parseInt(options.get("days")));
        InventoryGenerator inventory = new InventoryGenerator(seed, LocalDate.now(KaaGenerator.NAIROBI));
        long started = System.nanoTime();
        try (Publisher publisher = new Publisher(options.get("bootstrap"))) {
            List<Kaa.User> users = kaa.users(count(options, "users"));
            users.forEach(u -> publisher.send(SampleEvent.user(org, u)));
            List<Kaa.Property> properties = kaa.properties(count(options, "properties"), users);
            properties.forEach(p -> publisher.send(SampleEvent.property(org, p)));
            List<Kaa.Booking> bookings = kaa.bookings(count(options, "bookings"), properties, users);
            bookings.forEach(b -> publisher.send(SampleEvent.booking(org, b)));
            int payments = count(options, "payments");
            // payments in slices, so a million of them never sit in memory at once
            for (int done = 0; done < payments; done += 100_000) {
                kaa.payments(Math.min(100_000, payments - done), bookings).forEach(p -> publisher.send(SampleEvent.payment(org, p)));
            }
            List<Inventory.VisitReport> reports = inventory.visitReports(count(options, "visit-reports"), now);
            reports.forEach(r -> publisher.send(SampleEvent.visitReport(org, r)));
            List<Inventory.Hardware> hardware = inventory.hardware(count(options, "hardware"), reports, now);
            hardware.forEach(h -> publisher.send(SampleEvent.hardware(org, h)));
            inventory.recycling(hardware, now).forEach(r -> publisher.send(SampleEvent.recycling(org, r)));
            long sent = publisher.flush();
            System.out.printf("published %d events for organization %s in %.1f s%n", sent, org, (System.nanoTime() - started) / 1e9);
        }
    }

    private static int count(Map<String, String> options, String name) {
        return Integer.parseInt(options.get(name));
    }
}
