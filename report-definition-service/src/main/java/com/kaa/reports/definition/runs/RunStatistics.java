package com.kaa.reports.definition.runs;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps runCount, lastRunAt and lastRunStatus current from the execution service's terminal events.
 * A run counts once (its run_request is finished once), and a late event never overwrites a newer run.
 */
@ApplicationScoped
public class RunStatistics {

    /** Terminal execution events and the run status they mean. */
    static final Map<String, String> TERMINAL = Map.of(
            "ExecutionCompleted.v1", "completed",
            "ExecutionFailed.v1", "failed",
            "ExecutionCancelled.v1", "cancelled");

    private static final String FINISH_RUN = """
            update run_request set status = :status, finished_at = :finished
             where id = :request and finished_at is null""";
    private static final String COUNT_RUN = """
            update report_definition set
                   run_count = run_count + 1,
                   last_run_status = case when last_run_at is null or last_run_at <= :finished then :status else last_run_status end,
                   last_run_at = greatest(last_run_at, :finished)
             where id = :report""";

    /** The fields of the execution events this consumer reads (a tolerant reader: others are ignored). */
    public record ExecutionOutcome(UUID requestId, UUID reportId, String status, OffsetDateTime finishedAt) {
    }

    private final Inbox inbox;
    private final EventCodec codec;

    public RunStatistics(Inbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("executions-in")
    public Uni<Void> onExecutionEvent(ConsumerRecord<String, String> record) {
        return inbox.consume("run-statistics", record, TERMINAL.keySet(), event -> {
            String status = TERMINAL.get(event.type());   // one of them: the inbox passes only TERMINAL's types
            ExecutionOutcome outcome = codec.data(event, ExecutionOutcome.class);
            if (outcome.requestId() == null || outcome.reportId() == null || outcome.finishedAt() == null) {
                throw new PermanentEventFailure(event.type() + " lacks requestId, reportId or finishedAt");
            }
            String runStatus = outcome.status() != null ? outcome.status() : status;
            return Panache.getSession().flatMap(session -> session.createNativeQuery(FINISH_RUN)
                    .setParameter("status", runStatus).setParameter("finished", outcome.finishedAt())
                    .setParameter("request", outcome.requestId()).executeUpdate()
                    .flatMap(finished -> finished == 0 ? Uni.createFrom().item(0)
                            : session.createNativeQuery(COUNT_RUN).setParameter("status", runStatus)
                            .setParameter("finished", outcome.finishedAt()).setParameter("report", outcome.reportId())
                            .executeUpdate()))
                    .replaceWithVoid();
        });
    }
}
