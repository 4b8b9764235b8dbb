package com.kaa.reports.definition.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;

/** The latest declaration of one dataset, as received on reports.datasets.v1. */
@Entity
@Table(name = "dataset_catalog")
public class DatasetEntry extends PanacheEntityBase {
    @Id
    public String name;

    @ColumnTransformer(read = "declaration::text", write = "?::text::jsonb")
    public String declaration;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
