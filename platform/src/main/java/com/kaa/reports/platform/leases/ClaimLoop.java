package com.kaa.reports.platform.leases;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * A replica's loop that hands out leased work ({@link LeaseTable}) to a number of slots: one thread waits for
 * a free slot, claims as many due rows as there are free slots in one statement, and starts each; when the table had
 * fewer than it asked for, it sleeps until {@link #wakeUp} (a {@link WorkSignals} notification) or, as the fallback
 * for work that falls due later, until the poll interval has passed. The work started must call {@link #done} once
 * it finished, however it finished.
 *
 * @param <T> a claimed row
 */
public final class ClaimLoop<T> {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    /** Claims up to {@code max} due rows for this replica (an empty list when none is due). */
    public interface Claim<T> {
        List<T> claim(int max) throws Exception;
    }

    private final String name;
    private final Duration poll;
    private final Claim<T> claim;
    private final Consumer<T> start;
    private final IntSupplier slots;
    private final Object slotsTaken = new Object();
    /** Claimed (or being claimed) and not done yet; guarded by {@link #slotsTaken}. */
    private int outstanding;
    private final ReentrantReadWriteLock claims = new ReentrantReadWriteLock();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean signalled;
    private volatile boolean paused;
    private volatile boolean running = true;

    /**
     * @param name  the loop's thread name
     * @param slots how much claimed work may run at once
     * @param poll  the longest sleep without a signal
     * @param claim the claim statement
     * @param start starts one claimed row (without blocking for long); its end calls {@link #done}
     */
    public ClaimLoop(String name, int slots, Duration poll, Claim<T> claim, Consumer<T> start) {
        this(name, () -> slots, poll, claim, start);
    }

    /**
     * @param slots how much claimed work may be started and not done at once, asked before each claim (it may vary:
     *              a pool that runs short work claims ahead of its free workers)
     */
    public ClaimLoop(String name, IntSupplier slots, Duration poll, Claim<T> claim, Consumer<T> start) {
        this.name = name;
        this.poll = poll;
        this.claim = claim;
        this.start = start;
        this.slots = slots;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A slot is free again: the work it ran finished. */
    public void done() {
        synchronized (slotsTaken) {
            outstanding--;
            slotsTaken.notifyAll();
        }
    }

    /** New work may be due: claim now rather than at the end of the sleep. */
    public void wakeUp() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Stops claiming (started work goes on); when it returns, no claim is in flight. */
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

    /**
     * Stops the loop for good, after the claim in flight (if any) committed and its work started: nothing claimed is
     * left unstarted. Started work is not waited for.
     */
    public void stop() {
        pause();
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            int slots;
            try {
                slots = reserveFreeSlots();
            } catch (InterruptedException e) {
                return;
            }
            List<T> claimed = List.of();
            signalled = false;
            // claimed work is handed over under the lock too: once pause() returns, all of it has started
            claims.readLock().lock();
            try {
                if (!paused) {
                    claimed = claim.claim(slots);
                }
            } catch (Exception e) {
                LOG.warnf("%s: cannot claim work: %s", name, e.getMessage());
            } finally {
                release(slots - claimed.size());
                for (T work : claimed) {
                    try {
                        start.accept(work);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "%s: work could not start", name);
                        done();
                    }
                }
                claims.readLock().unlock();
            }
            if (claimed.size() < slots) {
                sleep();
            }
        }
    }

    /** Waits until at least one slot is free, then reserves every free one for the next claim. */
    private int reserveFreeSlots() throws InterruptedException {
        synchronized (slotsTaken) {
            int free;
            while ((free = slots.getAsInt() - outstanding) <= 0) {
                slotsTaken.wait(poll.toMillis());
            }
            outstanding += free;
            return free;
        }
    }

    private void release(int unused) {
        synchronized (slotsTaken) {
            outstanding -= unused;
            slotsTaken.notifyAll();
        }
    }

    private void sleep() {
        synchronized (signal) {
            try {
                if (!signalled) {
                    signal.wait(poll.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
