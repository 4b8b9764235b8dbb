package com.kaa.reports.platform.sample;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import java.util.UUID;

@Entity
public class Note extends PanacheEntityBase {
    @Id
    public UUID id;
    public String organization;
    public String text;
    @Version
    public int version;
    public int edits;
}
