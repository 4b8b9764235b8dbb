package com.kaa.reports.execution.executions;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One stored file of a completed execution. */
@Entity
@Table(name = "execution_output")
@IdClass(ExecutionOutput.Key.class)
public class ExecutionOutput extends PanacheEntityBase {

    public record Key(UUID executionId, String format) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "execution_id")
    public UUID executionId;
    @Id
    public String format;
    @Column(name = "storage_key")
    public String storageKey;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public long sizeBytes;
    public String sha256;
    @Column(name = "row_count")
    public long rowCount;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    public boolean expired;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
