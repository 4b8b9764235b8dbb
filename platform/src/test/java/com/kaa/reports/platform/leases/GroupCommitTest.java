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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group commit alone (its writers on real Postgres: ExecutionsTest, the delivery tests). */
class GroupCommitTest {

    @Test
    void outcomesThatArriveDuringACommitGoTogetherInTheNextUpToTheBatchSize() {
        List<List<Integer>> commits = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstCommit = new CompletableFuture<>();
        GroupCommit<Integer> group = new GroupCommit<>(3, batch -> {
            commits.add(batch);
            Uni<Set<Integer>> all = Uni.createFrom().item(Set.copyOf(batch));
            return commits.size() == 1 ? Uni.createFrom().completionStage(firstCommit).replaceWith(all) : all;
        });
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(group.submit(i).subscribeAsCompletionStage());
        }
        assertThat(commits).containsExactly(List.of(0));   // the others wait for the commit that runs
        assertThat(group.idle()).isFalse();
        firstCommit.complete(null);
        assertThat(answers).allSatisfy(a -> assertThat(a.join()).isTrue());
        assertThat(commits).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5));
        assertThat(group.idle()).isTrue();
    }

    @Test
    void anOutcomeTheWriterFencedOutIsAnsweredFalse() {
        GroupCommit<Integer> group = new GroupCommit<>(10, batch -> {
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
        GroupCommit<Integer> group = new GroupCommit<>(10, batch -> tries.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException("connection lost"))
                : Uni.createFrom().item(Set.copyOf(batch)));
        assertThat(group.submit(1).await().atMost(Duration.ofSeconds(10))).isTrue();
        assertThat(tries).hasValue(3);
    }

    @Test
    void whenEveryTryFailsTheOutcomesFailAndTheNextOnesStillCommit() {
        AtomicInteger tries = new AtomicInteger();
        GroupCommit<Integer> group = new GroupCommit<>(10, batch -> batch.contains(1)
                ? Uni.createFrom().<Set<Integer>>failure(new IllegalStateException("try " + tries.incrementAndGet()))
                : Uni.createFrom().item(Set.copyOf(batch)));
        assertThatThrownBy(() -> group.submit(1).await().atMost(Duration.ofSeconds(30))).hasMessageContaining("try 6");
        assertThat(group.submit(2).await().atMost(Duration.ofSeconds(5))).isTrue();
        assertThat(group.idle()).isTrue();
    }
}
