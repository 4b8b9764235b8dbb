package com.kaa.reports.execution.ingestion;

import com.kaa.reports.execution.datasets.Datasets;
import com.kaa.reports.platform.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * One batch channel per ingestion topic (configured in application.properties), so a slow or failing
 * dataset never holds the others back.
 */
@ApplicationScoped
public class IngestionChannels {

    private final Ingestion ingestion;
    private final Datasets datasets;

    public IngestionChannels(Ingestion ingestion, Datasets datasets) {
        this.ingestion = ingestion;
        this.datasets = datasets;
    }

    @Incoming("users-in")
    public Uni<Void> users(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.USERS), records);
    }

    @Incoming("properties-in")
    public Uni<Void> properties(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.PROPERTIES), records);
    }

    @Incoming("bookings-in")
    public Uni<Void> bookings(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.BOOKINGS), records);
    }

    @Incoming("payments-in")
    public Uni<Void> payments(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.PAYMENTS), records);
    }

    @Incoming("visit-reports-in")
    public Uni<Void> visitReports(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.VISIT_REPORTS), records);
    }

    @Incoming("hardware-in")
    public Uni<Void> hardware(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.HARDWARE), records);
    }

    @Incoming("recycling-in")
    public Uni<Void> recycling(ConsumerRecords<String, String> records) {
        return ingestion.ingest(datasets.fedBy(Topics.RECYCLING), records);
    }
}
