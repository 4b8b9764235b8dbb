package com.kaa.reports.gateway.audit;

import com.kaa.reports.platform.events.Topics;
import com.kaa.reports.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Records audit events: a row in the gateway's schema and an AuditRecorded event on audit.v1, in one
 * transaction (the outbox publishes it when Kafka is reachable, so a broker outage loses nothing). Recording
 * happens after the answer is sent, so it never slows the caller; a failure is logged and counted.
 */
@ApplicationScoped
public class AuditLog {

    public static final String RECORDED = "AuditRecorded.v1";
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** AuditRecorded.v1 (key: organization, so one organization's trail stays in order). */
    public record AuditRecorded(int version, UUID id, OffsetDateTime occurredAt, String organization, String user,
                                String roles, String action, String method, String resource, int outcome, String requestId,
                                String clientIp, String userAgent) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final MeterRegistry registry;
    private final Duration retention;

    public AuditLog(Pool pool, Outbox outbox, MeterRegistry registry, AuditConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.registry = registry;
        this.retention = config.retention();
    }

    public void record(AuditRecorded event) {
        pool.withTransaction(c -> c.preparedQuery("""
                                insert into audit_event (id, occurred_at, organization, user_id, roles, action, method, resource, outcome,
                                                         request_id, client_ip, user_agent)
                                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""")
                        .execute(Tuple.from(Arrays.asList(event.id(), event.occurredAt(), event.organization(), event.user(),
                                event.roles(), event.action(), event.method(), event.resource(), event.outcome(), event.requestId(),
                                event.clientIp(), event.userAgent())))
                        .chain(() -> outbox.write(c, List.of(new Outbox.Pending(Topics.AUDIT,
                                event.organization() == null ? "anonymous" : event.organization(), RECORDED,
                                event.organization() == null ? "unknown" : event.organization(), event)))))
                .subscribe().with(ok -> registry.counter("kaa.audit.events", "outcome", "recorded").increment(),
                        e -> {
                            registry.counter("kaa.audit.events", "outcome", "lost").increment();
                            LOG.errorf("audit event %s (%s %s -> %d) could not be stored: %s", event.id(), event.method(),
                                    event.resource(), event.outcome(), e.getMessage());
                        });
    }

    /** Audit rows older than kaa.gateway.audit.retention (default a year) are deleted nightly. */
    @Scheduled(cron = "${kaa.gateway.audit.retention-cron:0 41 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> enforceRetention() {
        return pool.preparedQuery("delete from audit_event where occurred_at < now() - ($1 * interval '1 second')")
                .execute(Tuple.of(retention.toSeconds()))
                .invoke(rows -> LOG.infof("audit retention: %d events older than %s deleted", rows.rowCount(), retention))
                .replaceWithVoid();
    }
}
