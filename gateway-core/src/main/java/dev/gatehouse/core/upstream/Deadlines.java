package dev.gatehouse.core.upstream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every upstream exchange's deadlines on one ticking timer: nothing is scheduled per exchange. A deadline
 * joins a set; each tick (every {@link #TICK}) hands those that are due to the workers; a deadline that is
 * no longer needed just leaves the set. Deadlines fire up to one tick late, which the seconds-long connect
 * and read timeouts of servers do not notice.
 */
final class Deadlines implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(25);

    /** One deadline; {@link #cancel} when the exchange no longer needs it. */
    final class Deadline {
        private final long dueNanos;
        private final Runnable action;

        private Deadline(long dueNanos, Runnable action) {
            this.dueNanos = dueNanos;
            this.action = action;
        }

        void cancel() {
            pending.remove(this);
        }
    }

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final Executor workers;
    private final ScheduledFuture<?> ticking;

    /** @param workers where due actions run (never on the timer itself, which must keep ticking) */
    Deadlines(ScheduledExecutorService timer, Executor workers) {
        this.workers = workers;
        this.ticking = timer.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels each of the deadlines that is set (null: none was set). */
    static void cancel(Deadline... deadlines) {
        for (Deadline d : deadlines) {
            if (d != null) {
                d.cancel();
            }
        }
    }

    /** Runs {@code action} on a worker once {@code after} has passed, unless cancelled first. */
    Deadline after(Duration after, Runnable action) {
        Deadline d = new Deadline(System.nanoTime() + after.toNanos(), action);
        pending.add(d);
        return d;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Deadline d : pending) {
            if (now - d.dueNanos >= 0 && pending.remove(d)) {
                try {
                    workers.execute(d.action);
                } catch (RejectedExecutionException e) {
                    return; // the client is closing: its exchanges end with it
                }
            }
        }
    }

    @Override
    public void close() {
        ticking.cancel(false);
        pending.clear();
    }
}
