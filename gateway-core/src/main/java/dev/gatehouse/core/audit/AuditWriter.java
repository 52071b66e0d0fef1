package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The audit log with group commit: one writer thread takes whatever records are waiting, seals them
 * into this node's hash chain and commits them in one transaction, then releases their callers. Under
 * load many callers share a commit, so durability per call stays cheap.
 * <p>
 * When a commit fails the writer reads its chain head back from the database before anything else: a
 * commit the database made but reported as failed (a connection lost at commit) is then recognised and its
 * callers are told the truth, and the next batch links to what is really stored. A batch the database
 * refused is retried in halves, so one record it cannot store (whatever slipped past {@link
 * dev.gatehouse.core.jpa.StorableText}) fails alone, with the database's error and its correlation id in
 * the log, and every other caller of the batch is served. When the database cannot be reached at all the
 * whole batch fails at once (fail closed).
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
    /** False after a failed commit until the head has been read back from the database. */
    private boolean headKnown;

    private record Pending(AuditEvent event, CompletableFuture<AuditEvent> done) {
    }

    public AuditWriter(Transactions tx, AuditChain chain, String nodeId, Duration durableWait) {
        this.chain = chain;
        this.nodeId = nodeId;
        this.durableWait = durableWait;
        this.reader = new AuditReader(tx);
        this.rows = new AuditRows(tx, ID_BLOCK);
        readHead();
        this.headKnown = true;
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

    /** The caller gave up on {@code stored}; if it commits after all, its terminal record follows it. */
    private void whenLate(CompletableFuture<AuditEvent> stored, UnaryOperator<AuditEvent> ifLate) {
        if (ifLate != null) {
            stored.thenAccept(late -> append(ifLate.apply(late)));
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
            } catch (RuntimeException e) {
                // never let the writer thread die: fail whoever is still waiting, go on with the next batch
                LOG.log(System.Logger.Level.ERROR, "audit writer: unexpected failure", e);
                fail(batch, new AuditUnavailable("the audit log failed: " + e, e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (!headKnown && !tryReadHead()) {
            fail(batch, new AuditUnavailable("the audit log cannot reach its database", null));
            return;
        }
        List<AuditEvent> sealed = seal(batch);
        List<AuditEvent> numbered = null;
        try {
            numbered = rows.number(sealed);
            rows.store(numbered);
        } catch (RuntimeException e) {
            recover(batch, sealed, numbered, e);
            return;
        }
        advance(sealed);
        complete(batch, numbered);
    }

    /** After a failed commit: was it made after all, or which records did the database refuse? */
    private void recover(List<Pending> batch, List<AuditEvent> sealed, List<AuditEvent> numbered, RuntimeException failure) {
        headKnown = false;
        if (!tryReadHead()) {
            LOG.log(System.Logger.Level.ERROR, "audit batch of " + batch.size() + " records (first "
                    + correlation(batch.get(0)) + ") not committed, database unreachable: " + LogText.cause(failure));
            fail(batch, new AuditUnavailable("the audit log could not commit the record", failure));
            return;
        }
        AuditEvent last = sealed.get(sealed.size() - 1);
        if (numbered != null && Objects.equals(head, last.hash()) && sequence == last.nodeSequence()) {
            // the database committed and then reported a failure: the callers' records are stored
            LOG.log(System.Logger.Level.WARNING, "audit batch of " + batch.size() + " records (first "
                    + correlation(batch.get(0)) + ") was committed although the commit reported: " + LogText.cause(failure));
            complete(batch, numbered);
            return;
        }
        if (batch.size() == 1) {
            AuditEvent e = batch.get(0).event();
            LOG.log(System.Logger.Level.ERROR, "audit record " + correlation(batch.get(0)) + " (" + e.kind().wireName()
                    + ") refused by the database: " + LogText.cause(failure));
            fail(batch, new AuditUnavailable("the audit log could not commit the record", failure));
            return;
        }
        // the database is there but refused the batch: halve it, so a record it cannot store fails alone
        int half = batch.size() / 2;
        commit(new ArrayList<>(batch.subList(0, half)));
        commit(new ArrayList<>(batch.subList(half, batch.size())));
    }

    private List<AuditEvent> seal(List<Pending> batch) {
        long seq = sequence;
        String previous = head;
        List<AuditEvent> sealed = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            // made storable and fitted to the columns first, so the stored row hashes exactly as sealed
            AuditEvent fitted = AuditEventEntity.of(p.event()).toRecord();
            AuditEvent positioned = fitted.sealed(null, nodeId, ++seq, previous, null);
            String hash = chain.hash(positioned, previous);
            sealed.add(positioned.sealed(null, nodeId, seq, previous, hash));
            previous = hash;
        }
        return sealed;
    }

    private void advance(List<AuditEvent> sealed) {
        AuditEvent last = sealed.get(sealed.size() - 1);
        sequence = last.nodeSequence();
        head = last.hash();
    }

    private boolean tryReadHead() {
        try {
            readHead();
            headKnown = true;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void readHead() {
        AuditEvent last = reader.chainHead(nodeId).orElse(null);
        sequence = last == null ? 0 : last.nodeSequence();
        head = last == null ? null : last.hash();
    }

    private static void complete(List<Pending> batch, List<AuditEvent> stored) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(stored.get(i));
        }
    }

    private static void fail(List<Pending> batch, AuditUnavailable failure) {
        batch.forEach(p -> p.done().completeExceptionally(failure));
    }

    private static String correlation(Pending p) {
        return LogText.escape(p.event().correlationId());
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
