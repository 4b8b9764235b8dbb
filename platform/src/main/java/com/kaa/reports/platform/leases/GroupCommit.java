package com.kaa.reports.platform.leases;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Records the outcomes of claimed work together: the outcomes that arrive while one commit runs go into the next, up
 * to {@code maxBatch}, written by one transaction ({@code writer}). Each commit waits for the disk once, for all of
 * them, instead of once per outcome: under load the batches grow by themselves, an idle replica commits at once.
 *
 * <p>The writer fences every outcome with its lease ({@link LeaseTable#held}) and answers those it recorded; an
 * outcome whose lease was taken over changed nothing and is answered false. A commit that fails for a passing reason
 * (a deadlock, a lost connection, a timeout) is tried again: the fence makes a repeat of a commit that did happen change
 * nothing twice. The work stays claimed meanwhile; if every try fails, its lease runs out and it is claimed again.
 *
 * @param <T> an outcome
 */
public final class GroupCommit<T> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Waiting<T>(T outcome, CompletableFuture<Boolean> recorded) {
    }

    private final int maxBatch;
    private final Function<List<T>, Uni<Set<T>>> writer;
    private final ConcurrentLinkedQueue<Waiting<T>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    /** @param writer writes a batch in one transaction and answers the outcomes it recorded (the others were fenced out) */
    public GroupCommit(int maxBatch, Function<List<T>, Uni<Set<T>>> writer) {
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    /** Queues the outcome for the next commit: true once recorded, false when its lease was lost, a failure when no try committed. */
    public Uni<Boolean> submit(T outcome) {
        return Uni.createFrom().deferred(() -> {
            Waiting<T> w = new Waiting<>(outcome, new CompletableFuture<>());
            waiting.add(w);
            commitNext();
            return Uni.createFrom().completionStage(w.recorded());
        });
    }

    /** Outcomes submitted and not committed yet (a stopping replica waits for them). */
    public boolean idle() {
        return waiting.isEmpty() && !committing.get();
    }

    /** Starts a commit of what is waiting unless one runs (whose end starts the next). */
    private void commitNext() {
        if (waiting.isEmpty() || !committing.compareAndSet(false, true)) {
            return;
        }
        List<Waiting<T>> batch = new ArrayList<>();
        for (Waiting<T> next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {   // another commit took them between the check and the flag
            committing.set(false);
            commitNext();
            return;
        }
        List<T> outcomes = batch.stream().map(Waiting::outcome).toList();
        Uni.createFrom().deferred(() -> writer.apply(outcomes)).ifNoItem().after(TIMEOUT).fail()
                .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(2)).atMost(5)
                .subscribe().with(recorded -> {
                    committing.set(false);
                    batch.forEach(w -> w.recorded().complete(recorded.contains(w.outcome())));
                    commitNext();
                }, failure -> {
                    committing.set(false);
                    batch.forEach(w -> w.recorded().completeExceptionally(failure));
                    commitNext();
                });
    }
}
