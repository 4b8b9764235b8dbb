package com.kaa.reports.platform.sample;

import com.kaa.reports.platform.events.EventCodec;
import com.kaa.reports.platform.inbox.Inbox;
import com.kaa.reports.platform.tracing.Traces;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consumes NoteCreated through the inbox; a note whose text is "poison" always fails, "outage" fails six times as a lost database would. */
@ApplicationScoped
public class NoteCopier {

    static final java.util.Map<java.util.UUID, String> TRACE_AFTER_WRITE = new java.util.concurrent.ConcurrentHashMap<>();
    static final java.util.Map<java.util.UUID, Integer> OUTAGE_FAILURES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Inbox inbox;
    private final EventCodec codec;

    public NoteCopier(Inbox inbox, EventCodec codec) {
        this.inbox = inbox;
        this.codec = codec;
    }

    @Incoming("notes-in")
    public Uni<Void> onNote(ConsumerRecord<String, String> record) {
        return inbox.consume("note-copier", record, event -> {
            if (!NoteEvents.NoteCreated.TYPE.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            NoteEvents.NoteCreated created = codec.data(event, NoteEvents.NoteCreated.class);
            if ("poison".equals(created.text())) {
                return Uni.createFrom().failure(new IllegalStateException("poison note " + created.noteId()));
            }
            if ("outage".equals(created.text()) && OUTAGE_FAILURES.merge(created.noteId(), 1, Integer::sum) <= 6) {
                // the database unreachable for longer than the inbox's max attempts
                return Uni.createFrom().failure(new java.net.ConnectException("simulated database outage"));
            }
            NoteCopy copy = new NoteCopy();
            copy.noteId = created.noteId();
            copy.eventId = event.id();
            // what the effect's later steps see as the current trace (TracePropagationTest reads it)
            return copy.persist().invoke(() -> TRACE_AFTER_WRITE.put(created.noteId(), String.valueOf(Traces.current())))
                    .replaceWithVoid();
        });
    }
}
