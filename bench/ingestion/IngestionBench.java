import com.kaa.reports.sampledata.Kaa;
import com.kaa.reports.sampledata.KaaGenerator;
import com.kaa.reports.sampledata.Publisher;
import com.kaa.reports.sampledata.SampleEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Helper of bench/ingestion-throughput.
 *   publish BOOTSTRAP TOPIC ORG N [PROPERTY_TOPIC P] : creates TOPIC (12 partitions) and publishes N
 *                                 PaymentRecorded events; and P PropertyUpserted events to PROPERTY_TOPIC
 *   consume BOOTSTRAP TOPIC N     : reads N records with a plain consumer; prints records/s (the reference)
 */
public class IngestionBench {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        String topic = args[2];
        if (args[0].equals("publish")) {
            String org = args[3];
            int n = Integer.parseInt(args[4]);
            String propertyTopic = args.length > 5 ? args[5] : null;
            int p = args.length > 6 ? Integer.parseInt(args[6]) : 0;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(propertyTopic == null ? List.of(new NewTopic(topic, 12, (short) 1))
                        : List.of(new NewTopic(topic, 12, (short) 1), new NewTopic(propertyTopic, 6, (short) 1))).all().get();
            }
            KaaGenerator generator = new KaaGenerator(11, Instant.now(), 90);
            List<Kaa.Property> properties = generator.properties(Math.max(p, 20_000), generator.users(5_000));
            List<Kaa.Booking> bookings = generator.bookings(20_000, properties, List.of());
            long started = System.nanoTime();
            try (Publisher publisher = new Publisher(bootstrap)) {
                for (Kaa.Property property : properties.subList(0, p)) {
                    SampleEvent e = SampleEvent.property(org, property);
                    publisher.send(new SampleEvent(propertyTopic, e.key(), e.value()));
                }
                for (int done = 0; done < n; done += 100_000) {
                    for (Kaa.Payment payment : generator.payments(Math.min(100_000, n - done), bookings)) {
                        SampleEvent e = SampleEvent.payment(org, payment);
                        publisher.send(new SampleEvent(topic, e.key(), e.value()));
                    }
                }
            }
            System.out.printf("published %d payments and %d properties in %.1f s%n", n, p, (System.nanoTime() - started) / 1e9);
        } else {
            int n = Integer.parseInt(args[3]);
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of(topic));
                long read = 0;
                long bytes = 0;
                long started = 0;
                while (read < n) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (started == 0 && !records.isEmpty()) {
                        started = System.nanoTime();
                    }
                    for (var r : records) {
                        bytes += r.value().length();
                    }
                    read += records.count();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("raw %d %.3f%n", read, read / seconds);
                System.err.printf("plain consumer: %d records (%.0f MB) in %.2f s%n", read, bytes / 1e6, seconds);
            }
        }
    }
}
