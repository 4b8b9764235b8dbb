package com.kaa.reports.execution.executions;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import com.kaa.reports.platform.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * This replica's worker pool: {@code kaa.executions.concurrency} workers, each claiming the next due execution
 * as soon as it finished the previous one (claims run in parallel: SKIP LOCKED keeps them apart), idling
 * until the next second when the queue is empty. Each running execution heartbeats to keep its lease;
 * another replica takes over executions whose lease expired.
 */
@ApplicationScoped
public class Workers {

    private static final Logger LOG = Logger.getLogger(Workers.class);

    private final ExecutionQueue queue;
    private final ExecutionRun run;
    private final ExecutionConfig config;
    private final String owner;
    private final ExecutorService pool;
    private final ScheduledExecutorService heartbeats;
    private final AtomicInteger busy = new AtomicInteger();
    private final java.util.concurrent.locks.ReentrantReadWriteLock claims = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Object signal = new Object();
    private volatile boolean paused;
    private volatile boolean running = true;

    private final Traces traces;

    public Workers(ExecutionQueue queue, ExecutionRun run, ExecutionConfig config, Traces traces) {
        this.traces = traces;
        this.queue = queue;
        this.run = run;
        this.config = config;
        this.owner = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> daemon(r, "execution-worker-" + n.incrementAndGet()));
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "execution-heartbeat"));
    }

    public String owner() {
        return owner;
    }

    /** Stops claiming new executions (running ones finish); when it returns, no claim is in flight. */
    public void pause() {
        claims.writeLock().lock();
        try {
            paused = true;
        } finally {
            claims.writeLock().unlock();
        }
    }

    public void resume() {
        paused = false;
        wakeUp();
    }

    void start(@Observes StartupEvent start) {
        for (int i = 0; i < config.concurrency(); i++) {
            pool.execute(this::loop);
        }
    }

    /** Wakes idle workers every second: new work is found within a second of becoming due. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> takeOverStalled() {
        return queue.requeueExpired().invoke(n -> {
            if (n > 0) {
                LOG.warnf("took over %d executions whose worker stopped heartbeating", n);
            }
        }).replaceWithVoid();
    }

    /** One worker: claims the next due execution and runs it, again and again; idles until woken when there is none. */
    private void loop() {
        while (running) {
            Execution claimed = null;
            claims.readLock().lock();
            try {
                if (!paused) {
                    claimed = await(() -> queue.claim(owner));
                }
            } catch (Exception e) {
                LOG.warnf("cannot claim executions: %s", e.getMessage());
            } finally {
                claims.readLock().unlock();
            }
            if (claimed == null) {
                idle();
                continue;
            }
            busy.incrementAndGet();
            try {
                execute(claimed);
            } catch (RuntimeException e) {
                LOG.errorf(e, "execution %s: unexpected failure of its worker", claimed.id);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void idle() {
        synchronized (signal) {
            try {
                signal.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void wakeUp() {
        synchronized (signal) {
            signal.notifyAll();
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
        RunningAttempt attempt = new RunningAttempt(e);
        long period = config.heartbeat().toMillis();
        ScheduledFuture<?> beat = heartbeats.scheduleAtFixedRate(attempt::beat, period, period, TimeUnit.MILLISECONDS);
        try {
            List<String> formats = queue.formats(e);
            ExecutionRun.Result result = run.run(e, formats, attempt);
            beat.cancel(false);
            if (!await(() -> queue.complete(e, owner, result.rows(), result.truncated(), result.noRows(), result.outputs()))) {
                LOG.warnf("execution %s finished after its lease was taken over; the other worker's outcome stands", e.id);
            }
        } catch (ExecutionFailure failure) {
            beat.cancel(false);
            finishAfter(e, attempt, failure);
        } catch (Exception error) {
            beat.cancel(false);
            LOG.warnf("execution %s attempt %d failed: %s", e.id, e.attempts, error.toString());
            await(() -> queue.fail(e, owner, error, true, false, attempt.rows));
        }
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
        private final long deadline;
        private volatile long rows;
        private volatile Long estimate;
        private volatile long published = -1;
        private volatile ExecutionFailure stop;
        private volatile Runnable onStop = () -> { };

        RunningAttempt(Execution execution) {
            this.execution = execution;
            this.deadline = System.nanoTime() + config.timeout().toNanos();
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

        void beat() {
            try {
                long now = rows;
                ExecutionQueue.Lease lease = await(() -> queue.heartbeat(execution, owner, now, estimate, now != published));
                published = now;
                if (lease == ExecutionQueue.Lease.CANCEL_REQUESTED) {
                    stop(new ExecutionFailure(ExecutionFailure.Kind.CANCELLED, "cancelled on request"));
                } else if (lease == ExecutionQueue.Lease.LOST) {
                    stop(new ExecutionFailure(ExecutionFailure.Kind.LEASE_LOST, "lease lost"));
                }
            } catch (Exception e) {
                // Postgres unreachable: keep working; if it stays away the lease expires and another replica takes over
                LOG.debugf("heartbeat of %s failed: %s", execution.id, e.getMessage());
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
        paused = true;
        running = false;
        wakeUp();
        pool.shutdown();
        // running executions get a moment to finish; the rest are taken over when their leases expire
        pool.awaitTermination(10, TimeUnit.SECONDS);
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

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }
}
