package dev.gatehouse.core.revocation;

import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.text.LogText;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's side of the one revocation signal. Every path that ends a credential calls {@link #raise}
 * inside its own transaction: that raises the revocation version row ({@code gh_revocation_version}),
 * which every node reads every {@link #DEFAULT_POLL} (one primary-key read, whatever the load; the
 * request path reads nothing more than before). A node that sees the number move, and the node that
 * made the change at once ({@link #wake}), tells its listeners, which re-check what they hold open.
 * The listeners are also told of every poll, for what ends by time (expiry, a rotation's overlap).
 */
public final class Revocations implements RevocationSignal, AutoCloseable {
    /** How often each node reads the version row: well inside the one second revocation promises. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(250);
    /** How soon after {@link #raise} this node looks, in case its caller's transaction commits without a {@link #wake}. */
    private static final long AFTER_RAISE_MILLIS = 50;
    private static final System.Logger LOG = System.getLogger(Revocations.class.getName());

    /** Told after each poll of the version row. */
    public interface Listener {
        /**
         * @param moved true when the version moved since the last poll (a credential may have ended anywhere)
         */
        void polled(boolean moved);
    }

    private final Transactions tx;
    private final ScheduledExecutorService thread;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile long seen;
    private volatile long movedAtNanos = System.nanoTime();

    /** @param threads the factory of its one polling thread */
    public Revocations(Transactions tx, Duration poll, ThreadFactory threads) {
        this.tx = tx;
        this.thread = Executors.newSingleThreadScheduledExecutor(threads);
        this.seen = readSafely(-1);
        thread.scheduleWithFixedDelay(this::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Raises the signal inside the caller's transaction (the one that ends the credentials): every node
     * re-checks what it holds open once that transaction commits. Call {@link #wake} after the commit for
     * this node to act at once; otherwise it acts within a poll.
     */
    @Override
    public void raise(EntityManager em, Revocation revocation) {
        if (em.createNativeQuery("UPDATE gh_revocation_version SET version = version + 1 WHERE id = 1").executeUpdate() != 1) {
            throw new IllegalStateException("the revocation version row is missing");
        }
        LOG.log(System.Logger.Level.INFO, () -> "credentials revoked: " + revocation);
        thread.schedule(this::poll, AFTER_RAISE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** This node looks at once (a change it made has committed). */
    @Override
    public void wake() {
        try {
            thread.execute(this::poll);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing left to cut
        }
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** {@link System#nanoTime()} when this node last saw the version move. */
    public long movedAtNanos() {
        return movedAtNanos;
    }

    void poll() {
        long now = readSafely(seen);
        boolean moved = now != seen;
        if (moved) {
            seen = now;
            movedAtNanos = System.nanoTime();
        }
        for (Listener l : listeners) {
            try {
                l.polled(moved);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a revocation listener failed", e);
            }
        }
    }

    private long readSafely(long fallback) {
        try {
            return tx.read(em -> ((Number) em.createNativeQuery(
                    "SELECT version FROM gh_revocation_version WHERE id = 1").getSingleResult()).longValue());
        } catch (RuntimeException e) {
            // the database is briefly away: the next poll sees what was missed (the row only grows); polled
            // every 250 ms, so an outage is told by the requests that fail, this only at DEBUG
            LOG.log(System.Logger.Level.DEBUG, "revocation version could not be read: " + LogText.cause(e));
            return fallback;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
