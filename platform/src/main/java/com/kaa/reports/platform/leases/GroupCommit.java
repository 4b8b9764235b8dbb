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
 * (a deadlock, a lost connection, a timeout) is tried again with backoff: the fence makes a repeat of a commit that did
 * happen change nothing twice. The work stays claimed meanwhile. When every try of a batch failed, its outcomes are
 * committed one by one, so that one outcome the database refuses does not fail the others with it; an outcome that
 * fails alone too is answered with the failure (its lease runs out and the work is claimed again).
 *
 * @param <T> an outcome
 */
public final class GroupCommit<T> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private record Waiting<T>(T outcome, CompletableFuture<Boolean> recorded) {
    }

    private final int maxBatch;
    private final int retries;
    private final Backoff backoff;
    private final Function<List<T>, Uni<Set<T>>> writer;
    private final ConcurrentLinkedQueue<Waiting<T>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    /**
     * @param retries how often a failed commit is tried again, waiting as {@code backoff} says (long enough in all to
     *                outlast what the work's lease should outlast: a failover)
     * @param writer  writes a batch in one transaction and answers the outcomes it recorded (the others were fenced out)
     */
    public GroupCommit(int maxBatch, int retries, Backoff backoff, Function<List<T>, Uni<Set<T>>> writer) {
        this.maxBatch = maxBatch;
        this.retries = retries;
        this.backoff = backoff;
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

    /** Whether nothing waits for a commit and none runs. */
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
        write(batch, retries).onFailure().recoverWithUni(failure -> batch.size() == 1 ? Uni.createFrom().failure(failure) : alone(batch))
                .subscribe().with(done -> {
                    committing.set(false);
                    commitNext();
                }, failure -> {
                    committing.set(false);
                    batch.forEach(w -> w.recorded().completeExceptionally(failure));
                    commitNext();
                });
    }

    /**
     * Each outcome of a batch that failed in its own transaction, once (when the database itself is gone they all fail
     * at once, and a batch does not wait its retries once per outcome).
     */
    private Uni<Void> alone(List<Waiting<T>> batch) {
        Uni<Void> each = Uni.createFrom().voidItem();
        for (Waiting<T> w : batch) {
            each = each.chain(() -> write(List.of(w), 0).onFailure().recoverWithItem(failure -> {
                w.recorded().completeExceptionally(failure);
                return null;
            }));
        }
        return each;
    }

    /** One transaction for the outcomes, tried again on failure; completes each one's answer when it committed. */
    private Uni<Void> write(List<Waiting<T>> batch, int retries) {
        List<T> outcomes = batch.stream().map(Waiting::outcome).toList();
        Uni<Set<T>> written = Uni.createFrom().deferred(() -> writer.apply(outcomes)).ifNoItem().after(TIMEOUT).fail();
        return (retries == 0 ? written : written.onFailure().retry().withBackOff(backoff.initial(), backoff.max()).withJitter(Backoff.JITTER).atMost(retries))
                .invoke(recorded -> batch.forEach(w -> w.recorded().complete(recorded != null && recorded.contains(w.outcome()))))
                .replaceWithVoid();
    }
}
