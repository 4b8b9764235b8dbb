package com.kaa.reports.execution.datasets;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Every dataset of the suite (docs/datasets.md is the user-facing list). */
@ApplicationScoped
public class Datasets {

    private final List<Dataset> all;

    public Datasets(DatasetsConfig config) {
        PhoneNumbers phones = new PhoneNumbers(config.piiKey());
        this.all = List.of(KaaDatasets.users(), KaaDatasets.properties(), KaaDatasets.bookings(),
                KaaDatasets.payments(phones), InventoryDatasets.visitReports(), InventoryDatasets.hardware(),
                InventoryDatasets.recycling());
    }

    public List<Dataset> all() {
        return all;
    }

    public Optional<Dataset> named(String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Dataset fedBy(String topic) {
        return all.stream().filter(d -> d.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dataset is fed by " + topic));
    }
}
