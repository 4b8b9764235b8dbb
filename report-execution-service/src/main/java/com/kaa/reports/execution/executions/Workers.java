package com.kaa.reports.execution.executions;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import com.kaa.reports.platform.leases.ClaimLoop;
import com.kaa.reports.platform.leases.LeaseTable;
import com.kaa.reports.platform.leases.WorkSignals;
import com.kaa.reports.platform.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * This replica's worker pool: {@code kaa.executions.concurrency} workers fed by one claimer, which claims as many
 * due executions as there are free workers in one statement (replicas' claims stay apart by SKIP LOCKED). An empty
 * queue is not polled hard: the claimer sleeps until the queue's trigger notifies (LISTEN/NOTIFY, {@link WorkSignals})
 * or, as the fallback, for a second. One heartbeat statement renews the leases of every running execution of the
 * replica; another replica takes over executions whose lease expired.
 */
@ApplicationScoped
public class Workers {

    private static final Logger LOG = Logger.getLogger(Workers.class);

    private final ExecutionQueue queue;
    private final ExecutionRun run;
    private final ExecutionConfig config;
    private final String owner;
    private final ExecutorService pool;
    private final ClaimLoop<Execution> claimer;
    private final ScheduledExecutorService heartbeats;
    private final Map<UUID, RunningAttempt> attempts = new ConcurrentHashMap<>();
    private final Traces traces;
    private final WorkSignals signals;
    /** Outcomes handed to the group commit and not recorded yet (one party each, plus the pool's own). */
    private final Phaser recording = new Phaser(1);
    /** Runs this short or shorter on average let the replica claim ahead of its workers. */
    private static final long SHORT_RUN_NANOS = Duration.ofMillis(100).toNanos();
    /** A moving average of recent runs (racy updates lose a sample now and then, which is harmless); long until measured. */
    private volatile long averageRunNanos = SHORT_RUN_NANOS;

    public Workers(ExecutionQueue queue, ExecutionRun run, ExecutionConfig config, Traces traces, WorkSignals signals) {
        this.traces = traces;
        this.signals = signals;
        this.queue = queue;
        this.run = run;
        this.config = config;
        this.owner = LeaseTable.newOwner();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> daemon(r, "execution-worker-" + n.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "execution-heartbeat"));
        this.claimer = new ClaimLoop<>("execution-claimer", this::slots, Duration.ofSeconds(1),
                max -> queue.claim(owner, max).await().indefinitely(), this::accept);
    }

    /**
     * Workers, plus as many executions claimed ahead while runs are short: a worker that finishes one then starts the
     * next without waiting for a claim's round trip and commit, and claims come in batches. Long runs claim none
     * ahead, so that no execution waits behind them here while another replica has a free worker.
     */
    private int slots() {
        return config.concurrency() + (config.claimAhead() && averageRunNanos < SHORT_RUN_NANOS ? config.concurrency() : 0);
    }

    /** A claimed execution: in the heartbeat from now on (its lease is renewed while it waits for a worker), then run. */
    private void accept(Execution e) {
        attempts.put(e.id, new RunningAttempt(e));
        pool.execute(() -> work(e));
    }

    /** Tests: the moving average as after runs of this length (claims run ahead of the workers below 100 ms). */
    void assumeRecentRunsTook(Duration average) {
        averageRunNanos = average.toNanos();
    }

    public String owner() {
        return owner;
    }

    /** Stops claiming new executions (running ones finish); when it returns, no claim is in flight. */
    public void pause() {
        claimer.pause();
    }

    public void resume() {
        claimer.resume();
    }

    void start(@Observes StartupEvent start) {
        signals.listen(ExecutionQueue.QUEUED, claimer::wakeUp);
        long period = config.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        claimer.start();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> takeOverStalled() {
        return queue.requeueExpired().invoke(n -> {
            if (n > 0) {
                LOG.warnf("took over %d executions whose worker stopped heartbeating", n);
            }
        }).replaceWithVoid();
    }

    private void work(Execution e) {
        try {
            execute(e);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "execution %s: unexpected failure of its worker", e.id);
        } finally {
            claimer.done();
        }
    }

    /** One heartbeat for every running attempt of this replica: one statement renews their leases and saves progress. */
    private void beat() {
        List<RunningAttempt> running = List.copyOf(attempts.values());
        if (running.isEmpty()) {
            return;
        }
        // the deadline holds between rows too, where the driver's query timeout (it covers a fetch) does not reach
        running.forEach(RunningAttempt::stopIfOverdue);
        try {
            List<ExecutionQueue.Beat> beats = running.stream().map(RunningAttempt::beat).toList();
            Map<UUID, ExecutionQueue.Lease> leases = queue.heartbeat(owner, beats).await().atMost(config.lease());
            for (int i = 0; i < running.size(); i++) {
                running.get(i).heard(leases.getOrDefault(beats.get(i).execution().id, ExecutionQueue.Lease.LOST), beats.get(i));
            }
        } catch (Exception e) {
            // Postgres unreachable: keep working; if it stays away the leases expire and another replica takes over
            LOG.debugf("heartbeat of %d executions failed: %s", running.size(), e.getMessage());
        }
    }

    /** One attempt, as a span in the trace of the request that queued it (the worker thread has no other). */
    private void execute(Execution e) {
        Span span = traces.start("execute report", SpanKind.INTERNAL, e.traceParent)
                .setAttribute("kaa.execution.id", e.id.toString()).setAttribute("kaa.dataset", e.dataset)
                .setAttribute("kaa.execution.attempt", e.attempts);
        try (Scope ignored = span.makeCurrent()) {
            attempt(e);
        } catch (RuntimeException failure) {
            span.recordException(failure).setStatus(StatusCode.ERROR);
            throw failure;
        } finally {
            span.end();
        }
    }

    private void attempt(Execution e) {
        RunningAttempt attempt = attempts.computeIfAbsent(e.id, id -> new RunningAttempt(e));
        long started = System.nanoTime();
        try {
            ExecutionRun.Result result;
            try {
                attempt.begin();
                result = run.run(e, queue.formats(e), attempt);
            } finally {
                // out of the heartbeat once the run ended, before its outcome is recorded
                attempts.remove(e.id, attempt);
                averageRunNanos = (averageRunNanos * 7 + (System.nanoTime() - started)) / 8;
            }
            record(e, result);
        } catch (ExecutionFailure failure) {
            finishAfter(e, attempt, failure);
        } catch (Exception error) {
            LOG.warnf("execution %s attempt %d failed: %s", e.id, e.attempts, error.toString());
            await(() -> queue.fail(e, owner, error, true, false, attempt.rows));
        }
    }

    /**
     * Hands a finished run to the queue's group commit without waiting for it: the worker takes its next execution
     * while the outcome commits (a commit waits for the disk; a no-row run takes less). Shutdown waits for these.
     */
    private void record(Execution e, ExecutionRun.Result result) {
        recording.register();
        queue.complete(e, owner, result.rows(), result.truncated(), result.noRows(), result.outputs(), result.alert())
                .onFailure().recoverWithUni(error -> {
                    LOG.warnf("execution %s attempt %d: its outcome could not be recorded: %s", e.id, e.attempts, error.toString());
                    return queue.fail(e, owner, error, true, false, result.rows()).replaceWith(true);
                })
                .onTermination().invoke(recording::arriveAndDeregister)
                .subscribe().with(recorded -> {
                    if (!recorded) {
                        LOG.warnf("execution %s finished after its lease was taken over; the other worker's outcome stands", e.id);
                    }
                }, failure -> LOG.warnf("execution %s: neither its outcome nor a retry could be recorded (%s); its lease expires "
                        + "and another worker runs it again", e.id, failure.toString()));
    }

    private void finishAfter(Execution e, RunningAttempt attempt, ExecutionFailure failure) {
        switch (failure.kind()) {
            case CANCELLED -> await(() -> queue.cancelled(e, owner, attempt.rows));
            case LEASE_LOST -> LOG.warnf("execution %s: lease lost to another worker, stopping", e.id);
            case TIMED_OUT -> await(() -> queue.fail(e, owner, failure, false, true, attempt.rows));
            case PERMANENT -> await(() -> queue.fail(e, owner, failure, false, false, attempt.rows));
        }
    }

    /** Progress, heartbeat and stop signals of one attempt, shared by its worker and the heartbeat thread. */
    private final class RunningAttempt implements ExecutionRun.Attempt {
        private final Execution execution;
        /** Set when a worker starts the run: waiting for a worker does not count against the timeout. */
        private volatile long deadline = Long.MAX_VALUE;
        private volatile long rows;
        private volatile Long estimate;
        // what the last heartbeat published: the Started event already said 0 rows, no estimate
        private volatile long published;
        private volatile Long publishedEstimate;
        private volatile ExecutionFailure stop;
        private volatile Runnable onStop = () -> { };

        RunningAttempt(Execution execution) {
            this.execution = execution;
        }

        /** A worker starts the run; a cancel or a lost lease heard while it waited stops it here. */
        void begin() {
            deadline = System.nanoTime() + config.timeout().toNanos();
            check();
        }

        @Override
        public void progress(long rowsDone) {
            rows = rowsDone;
            check();
        }

        @Override
        public void estimate(Long rowsEstimated) {
            estimate = rowsEstimated;
        }

        @Override
        public void onStop(Runnable action) {
            onStop = action;
        }

        @Override
        public void check() {
            if (stop != null) {
                throw stop;
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionFailure(ExecutionFailure.Kind.TIMED_OUT, "the execution ran longer than its timeout of " + config.timeout());
            }
        }

        @Override
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }

        /**
         * What the next heartbeat reports for this attempt: ExecutionProgress only when rows or the planner's estimate
         * changed since the last one, and not while it waits for a worker (a storm of short runs claimed ahead had
         * every execution publish a Progress of 0 rows, 10,000 events more for every consumer of the topic).
         */
        ExecutionQueue.Beat beat() {
            long now = rows;
            Long estimated = estimate;
            boolean changed = now != published || (estimated != null && !estimated.equals(publishedEstimate));
            return new ExecutionQueue.Beat(execution, now, estimated, begun() && changed);
        }

        /** A worker took it (its deadline runs from then); before, it waits claimed ahead. */
        private boolean begun() {
            return deadline != Long.MAX_VALUE;
        }

        void stopIfOverdue() {
            if (System.nanoTime() > deadline) {
                stop(new ExecutionFailure(ExecutionFailure.Kind.TIMED_OUT, "the execution ran longer than its timeout of " + config.timeout()));
            }
        }

        /** What the heartbeat answered: the lease is still held, a cancel was asked, or the lease is lost. */
        void heard(ExecutionQueue.Lease lease, ExecutionQueue.Beat beat) {
            if (lease != ExecutionQueue.Lease.LOST && beat.publishProgress()) {
                published = beat.rowsDone();
                publishedEstimate = beat.estimate();
            }
            if (lease == ExecutionQueue.Lease.CANCEL_REQUESTED) {
                stop(new ExecutionFailure(ExecutionFailure.Kind.CANCELLED, "cancelled on request"));
            } else if (lease == ExecutionQueue.Lease.LOST) {
                stop(new ExecutionFailure(ExecutionFailure.Kind.LEASE_LOST, "lease lost"));
            }
        }

        private void stop(ExecutionFailure reason) {
            if (stop == null) {
                stop = reason;
                onStop.run();
            }
        }
    }

    void onStop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        claimer.stop();
        pool.shutdown();
        // running executions get a moment to finish; the rest are taken over when their leases expire
        pool.awaitTermination(10, TimeUnit.SECONDS);
        try {
            recording.awaitAdvanceInterruptibly(recording.arrive(), 10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("stopping with outcomes not yet recorded: their executions run again elsewhere when their leases expire");
        }
        heartbeats.shutdownNow();
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
