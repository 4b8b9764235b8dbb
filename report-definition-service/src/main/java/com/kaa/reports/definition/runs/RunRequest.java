package com.kaa.reports.definition.runs;

import com.kaa.reports.platform.events.ExecutionRequested;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A run asked for; its id is the ExecutionRequested request id. */
@Entity
@Table(name = "run_request")
public class RunRequest extends PanacheEntityBase {
    @Id
    public UUID id;
    public String organization;
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "requested_by")
    public String requestedBy;
    public int priority;
    @ColumnTransformer(read = "formats::text", write = "?::text::jsonb")
    public String formats;
    @Column(name = "schedule_id")
    public UUID scheduleId;
    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    public String status;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
