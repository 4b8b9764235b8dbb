package com.kaa.reports.execution.executions;

import com.kaa.reports.platform.events.ExecutionRequested;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.inbox.PermanentEventFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Queues each ExecutionRequested once: the inbox drops a redelivered event, and the unique request id drops
 * the same request sent twice under different event ids.
 */
@ApplicationScoped
public class ExecutionIntake {

    private final Inbox inbox;
    private final EventCodec codec;
    private final ExecutionQueue queue;

    public ExecutionIntake(Inbox inbox, EventCodec codec, ExecutionQueue queue) {
        this.inbox = inbox;
        this.codec = codec;
        this.queue = queue;
    }

    @Incoming("execution-requests-in")
    public Uni<Void> onRequest(ConsumerRecord<String, String> record) {
        return inbox.consume("execution-intake", record, event -> {
            if (!ExecutionRequested.TYPE.equals(event.type())) {
                throw new PermanentEventFailure("unexpected event type " + event.type() + " on " + record.topic());
            }
            ExecutionRequested request = codec.data(event, ExecutionRequested.class);
            if (event.organization() == null || event.organization().isBlank()) {
                throw new PermanentEventFailure("ExecutionRequested without organization");
            }
            if (request.requestId() == null || request.reportId() == null || request.dataset() == null
                    || request.querySpec() == null || request.formats() == null || request.formats().isEmpty()
                    || request.timeZone() == null || request.requestedAt() == null) {
                throw new PermanentEventFailure("ExecutionRequested lacks requestId, reportId, dataset, querySpec, formats, timeZone or requestedAt");
            }
            return queue.enqueue(event.organization(), request);
        });
    }
}
