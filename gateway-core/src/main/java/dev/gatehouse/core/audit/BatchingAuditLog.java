package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The audit log's one writer thread: it takes whatever records are waiting and hands them to {@link #write} as
 * one batch, so under load many callers share one commit (to the database) or one {@code write} (to the journal).
 * Callers that must not act before their record is written wait for it ({@link #appendDurably}), bounded.
 */
public abstract class BatchingAuditLog implements AuditLog, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BatchingAuditLog.class.getName());
    static final int MAX_BATCH = 512;
    private static final int QUEUE_CAPACITY = 50_000;

    private final Duration durableWait;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private Thread thread;
    private volatile boolean running = true;

    /** A record waiting for the writer, and its caller's future. */
    record Pending(AuditEvent event, CompletableFuture<AuditEvent> done) {
    }

    BatchingAuditLog(Duration durableWait) {
        this.durableWait = durableWait;
    }

    /** Starts the writer thread; subclasses call it once their state is ready. */
    final void startWriter(ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.start();
    }

    /** Daemon threads named {@code name}, for a log made outside a running node (tests, commands). */
    static ThreadFactory plainThreads(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Writes one batch and completes (or fails) every caller's future. Runs on the writer thread only. */
    abstract void write(List<Pending> batch);

    @Override
    public CompletableFuture<AuditEvent> append(AuditEvent event) {
        CompletableFuture<AuditEvent> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(event, done))) {
            done.completeExceptionally(new AuditUnavailable("the audit log is not accepting records", null));
        }
        return done;
    }

    @Override
    public AuditEvent appendDurably(AuditEvent event, UnaryOperator<AuditEvent> ifLate) {
        CompletableFuture<AuditEvent> stored = append(event);
        try {
            return stored.get(durableWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            whenLate(stored, ifLate);
            throw new AuditUnavailable("interrupted while writing the audit record", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AuditUnavailable au ? au
                    : new AuditUnavailable("the audit record could not be written", e.getCause());
        } catch (TimeoutException e) {
            whenLate(stored, ifLate);
            throw new AuditUnavailable("the audit record was not durable within " + durableWait.toMillis() + " ms", e);
        }
    }

    /** The caller gave up on {@code stored}; if it is written after all, its terminal record follows it. */
    private void whenLate(CompletableFuture<AuditEvent> stored, UnaryOperator<AuditEvent> ifLate) {
        if (ifLate != null) {
            stored.thenAccept(late -> append(ifLate.apply(late)));
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                    if (!batch.isEmpty()) {
                        write(batch);
                    }
                    return;
                }
            } catch (RuntimeException e) {
                // never let the writer thread die: fail whoever is still waiting, go on with the next batch
                LOG.log(System.Logger.Level.ERROR, "audit writer: unexpected failure", e);
                fail(batch, new AuditUnavailable("the audit log failed: " + e, e));
            } finally {
                batch.clear();
            }
        }
    }

    static void complete(List<Pending> batch, List<AuditEvent> written) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(written.get(i));
        }
    }

    static void fail(List<Pending> batch, AuditUnavailable failure) {
        batch.forEach(p -> p.done().completeExceptionally(failure));
    }

    static String correlation(Pending p) {
        return LogText.escape(p.event().correlationId());
    }

    /** Stops accepting records, writes those already queued, and waits for the writer to finish. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
