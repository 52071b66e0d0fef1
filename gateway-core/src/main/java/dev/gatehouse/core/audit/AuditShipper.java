package dev.gatehouse.core.audit;

import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalCursor;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.model.AuditEvent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;

/**
 * Fills the audit table from this node's journal, behind the callers: large batches in one JDBC batch insert
 * each, on a low-priority thread that lingers briefly so that batches grow under load. Idempotent on
 * ({@code node_id}, {@code node_seq}): before its first batch, and after any failure, it reads the table's
 * head for this node and ships only what comes after it, in chain order (the unique key refuses a duplicate
 * anyway), so a batch the database committed but reported as failed is never stored twice. On start it thereby
 * replays whatever the table lacks. A segment is deleted once every record in it is in the table.
 */
final class AuditShipper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditShipper.class.getName());
    static final int MAX_BATCH = 2000;
    /** Below this many waiting records the shipper waits {@link #LINGER} for more: fewer, larger commits. */
    private static final int FULL_ENOUGH = 1000;
    private static final Duration LINGER = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final AuditJournal journal;
    private final AuditRows rows;
    private final AuditReader reader;
    private final LongConsumer onShipped;
    private final Object signal = new Object();
    private JournalCursor cursor;
    private volatile long shipped = -1;
    private volatile boolean running = true;
    private boolean outage;
    private long gapReportedAt = -1;
    private Thread thread;

    /** @param onShipped told the sequence number up to which the table holds the chain, after every batch */
    AuditShipper(AuditJournal journal, AuditRows rows, AuditReader reader, LongConsumer onShipped) {
        this.journal = journal;
        this.rows = rows;
        this.reader = reader;
        this.onShipped = onShipped;
    }

    void start(ThreadFactory threads) {
        thread = threads.newThread(this::run);
        try {
            thread.setPriority(Thread.MIN_PRIORITY);
        } catch (SecurityException e) {
            // a container that keeps its threads' priority: the lingering still makes the batches large
        }
        thread.start();
    }

    /** The sequence number up to which the table is known to hold this node's chain; -1 before the first look. */
    long shipped() {
        return shipped;
    }

    /** New records are in the journal. */
    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!shipOnce()) {
                    await(RETRY.toMillis());
                }
            } catch (RuntimeException | IOException e) {
                if (!outage) {
                    outage = true;
                    LOG.log(System.Logger.Level.WARNING, "audit shipper: the database does not take this node's records ("
                            + LogText.cause(e) + "); they stay in the journal " + journal.folder()
                            + " and are shipped when it does");
                }
                cursor = null; // the table head is read again: the failed batch may have been committed
                await(RETRY.toMillis());
            }
        }
    }

    /**
     * Ships one batch if there is one.
     *
     * @return false when the journal holds nothing more to ship
     */
    boolean shipOnce() throws IOException {
        if (cursor == null) {
            // never below what this run shipped itself: retention may delete a node's newest rows from the table
            long head = Math.max(shipped, reader.chainHead(journal.nodeId()).map(AuditEvent::nodeSequence).orElse(0L));
            cursor = new JournalCursor(journal, head);
            publish(head);
        }
        long waiting = journal.head().map(AuditJournal.Position::sequence).orElse(0L) - cursor.position();
        if (waiting <= 0) {
            return false;
        }
        if (waiting < FULL_ENOUGH && running) {
            java.util.concurrent.locks.LockSupport.parkNanos(LINGER.toNanos()); // not cut short by the writer's wake-ups
        }
        List<AuditEvent> batch = cursor.next(MAX_BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        long first = batch.get(0).nodeSequence();
        if (first != shipped + 1 && gapReportedAt != first) {
            gapReportedAt = first;
            LOG.log(System.Logger.Level.ERROR, "audit shipper: the table's chain of node " + journal.nodeId()
                    + " ends at record " + shipped + " but the journal goes on at record " + first
                    + ": records in between are in neither (verify reports them missing)");
        }
        rows.insert(batch);
        if (outage) {
            outage = false;
            LOG.log(System.Logger.Level.INFO, "audit shipper: the database takes this node's records again");
        }
        publish(batch.get(batch.size() - 1).nodeSequence());
        return true;
    }

    private void publish(long through) {
        shipped = through;
        journal.deleteShippedThrough(through);
        onShipped.accept(through);
    }

    /** Ships everything written so far, on the caller's thread (before the shipper thread starts). */
    void drain() throws IOException {
        while (shipOnce()) {
            // batch after batch until the journal's head is in the table
        }
    }

    private void await(long millis) {
        synchronized (signal) {
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops after the batch in progress (what is left is shipped on the next start). */
    @Override
    public void close() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
