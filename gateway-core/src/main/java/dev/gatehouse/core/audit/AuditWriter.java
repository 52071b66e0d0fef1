package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The audit log with group commit: one writer thread takes whatever records are waiting, seals them
 * into this node's hash chain and commits them in one transaction, then releases their callers. Under
 * load many callers share a commit, so durability per call stays cheap. If a commit fails, every
 * caller of that batch is told, and the chain head is not advanced.
 */
public final class AuditWriter implements AuditLog, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());
    private static final int MAX_BATCH = 512;
    private static final int QUEUE_CAPACITY = 50_000;
    /** Ids reserved per round trip to the sequence row: one reservation per thousand records. */
    private static final int ID_BLOCK = 1000;

    private final AuditChain chain;
    private final String nodeId;
    private final Duration durableWait;
    private final AuditReader reader;
    private final AuditRows rows;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile boolean running = true;
    private long sequence;
    private String head;

    private record Pending(AuditEvent event, CompletableFuture<AuditEvent> done) {
    }

    public AuditWriter(Transactions tx, AuditChain chain, String nodeId, Duration durableWait) {
        this.chain = chain;
        this.nodeId = nodeId;
        this.durableWait = durableWait;
        this.reader = new AuditReader(tx);
        this.rows = new AuditRows(tx, ID_BLOCK);
        AuditEvent last = reader.chainHead(nodeId).orElse(null);
        this.sequence = last == null ? 0 : last.nodeSequence();
        this.head = last == null ? null : last.hash();
        this.thread = new Thread(this::run, "gatehouse-audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<AuditEvent> append(AuditEvent event) {
        CompletableFuture<AuditEvent> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(event, done))) {
            done.completeExceptionally(new AuditUnavailable("the audit log is not accepting records", null));
        }
        return done;
    }

    @Override
    public AuditEvent appendDurably(AuditEvent event) {
        try {
            return append(event).get(durableWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("interrupted while writing the audit record", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AuditUnavailable au ? au
                    : new AuditUnavailable("the audit record could not be written", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailable("the audit record was not durable within " + durableWait.toMillis() + " ms", e);
        }
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
        return reader.query(query);
    }

    @Override
    public long scan(AuditQuery filters, long maxRows, Consumer<AuditEvent> sink) {
        return reader.scan(filters, maxRows, sink);
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
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    queue.drainTo(batch);
                    commit(batch);
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long seq = sequence;
        String previous = head;
        List<AuditEvent> sealed = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            // fit to the columns first, so the stored row hashes exactly as sealed
            AuditEvent fitted = AuditEventEntity.of(p.event()).toRecord();
            AuditEvent positioned = fitted.sealed(null, nodeId, ++seq, previous, null);
            String hash = chain.hash(positioned, previous);
            sealed.add(positioned.sealed(null, nodeId, seq, previous, hash));
            previous = hash;
        }
        List<AuditEvent> rows;
        try {
            rows = this.rows.insert(sealed);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit batch of " + batch.size() + " records could not be committed: "
                    + e.getClass().getSimpleName());
            AuditUnavailable failure = new AuditUnavailable("the audit log could not commit the record", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        sequence = seq;
        head = previous;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(rows.get(i));
        }
    }

    /** Stops accepting records, commits those already queued, and waits for the writer to finish. */
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
