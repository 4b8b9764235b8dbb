package com.kaa.reports.platform.leases;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The group commit alone (its writers on real Postgres: ExecutionsTest, the delivery tests). */
class GroupCommitTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2));

    @Test
    void outcomesThatArriveDuringACommitGoTogetherInTheNextUpToTheBatchSize() {
        FirstCommitHeld writer = new FirstCommitHeld(batch -> Uni.createFrom().item(Set.copyOf(batch)));
        GroupCommit<Integer> group = new GroupCommit<>(3, 5, BACKOFF, writer::write);
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(group.submit(i).subscribeAsCompletionStage());
        }
        assertThat(writer.commits).containsExactly(List.of(0));   // the others wait for the commit that runs
        assertThat(group.idle()).isFalse();
        writer.release();
        assertThat(answers).allSatisfy(a -> assertThat(a.join()).isTrue());
        assertThat(writer.commits).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
        assertThat(group.idle()).isTrue();
    }

    @Test
    void anOutcomeTheWriterFencedOutIsAnsweredFalse() {
        GroupCommit<Integer> group = new GroupCommit<>(10, 5, BACKOFF, batch -> {
            Set<Integer> held = new HashSet<>(batch);
            held.remove(7);   // its lease was taken over
            return Uni.createFrom().item(held);
        });
        assertThat(group.submit(7).await().atMost(Duration.ofSeconds(5))).isFalse();
        assertThat(group.submit(8).await().atMost(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aCommitThatFailsForAPassingReasonIsTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        GroupCommit<Integer> group = new GroupCommit<>(10, 5, BACKOFF, batch -> tries.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("connection lost"))
                : Uni.createFrom().item(Set.copyOf(batch)));
        assertThat(group.submit(1).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThat(tries).hasValue(3);
    }

    @Test
    void anOutcomeTheDatabaseRefusesFailsAloneTheOthersOfItsBatchCommit() {
        FirstCommitHeld writer = new FirstCommitHeld(batch -> batch.contains(2)
                ? Uni.createFrom().failure(new IllegalArgumentException("invalid byte sequence 0x00"))
                : Uni.createFrom().item(Set.copyOf(batch)));
        GroupCommit<Integer> group = new GroupCommit<>(10, 2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)), writer::write);
        CompletableFuture<Boolean> first = group.submit(0).subscribeAsCompletionStage();
        List<CompletableFuture<Boolean>> batch = List.of(1, 2, 3).stream().map(i -> group.submit(i).subscribeAsCompletionStage()).toList();
        writer.release();
        assertThat(first.join()).isTrue();
        assertThat(batch.get(0).join()).isTrue();
        assertThatThrownBy(() -> batch.get(1).join()).hasMessageContaining("0x00");
        assertThat(batch.get(2).join()).isTrue();
        // the batch three times (a try and two retries), then each once on its own
        assertThat(writer.commits).containsExactly(List.of(0), List.of(1, 2, 3), List.of(1, 2, 3), List.of(1, 2, 3), List.of(1), List.of(2), List.of(3));
        // answered before the commit's end clears its flag (on the timer's thread)
        await().atMost(Duration.ofSeconds(5)).until(group::idle);
    }

    @Test
    void whenEveryTryFailsTheOutcomesFailAndTheNextOnesStillCommit() {
        AtomicInteger tries = new AtomicInteger();
        GroupCommit<Integer> group = new GroupCommit<>(10, 5, BACKOFF, batch -> batch.contains(1)
                ? Uni.createFrom().<Set<Integer>>failure(new IllegalStateException("try " + tries.incrementAndGet()))
                : Uni.createFrom().item(Set.copyOf(batch)));
        assertThatThrownBy(() -> group.submit(1).await().atMost(Duration.ofSeconds(30))).hasMessageContaining("try 6");
        assertThat(group.submit(2).await().atMost(Duration.ofSeconds(5))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(group::idle);
    }

    /** A writer whose first commit stays open until released (the next outcomes queue behind it), recording each batch. */
    private static final class FirstCommitHeld {
        final List<List<Integer>> commits = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> first = new CompletableFuture<>();
        private final Function<List<Integer>, Uni<Set<Integer>>> after;

        FirstCommitHeld(Function<List<Integer>, Uni<Set<Integer>>> after) {
            this.after = after;
        }

        Uni<Set<Integer>> write(List<Integer> batch) {
            commits.add(batch);
            return commits.size() == 1 ? Uni.createFrom().completionStage(first).replaceWith(Set.copyOf(batch)) : after.apply(batch);
        }

        void release() {
            first.complete(null);
        }
    }
}
