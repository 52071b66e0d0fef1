package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

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
 * whole batch fails at once (fail closed). This is {@code audit-durability=database}; the other modes write to
 * a local journal first ({@link JournaledAuditLog}).
 */
public final class AuditWriter extends BatchingAuditLog {
    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());
    /** Ids reserved per round trip to the sequence row: one reservation per thousand records. */
    static final int ID_BLOCK = 1000;

    private final ChainSealer sealer;
    private final AuditReader reader;
    private final AuditRows rows;
    private long sequence;
    private String head;
    /** False after a failed commit until the head has been read back from the database. */
    private boolean headKnown;

    public AuditWriter(Transactions tx, AuditChain chain, String nodeId, Duration durableWait) {
        this(tx, chain, nodeId, durableWait, plainThreads("gatehouse-audit-writer"));
    }

    /** @param threads where the writer thread comes from (the container's managed threads in an application server) */
    public AuditWriter(Transactions tx, AuditChain chain, String nodeId, Duration durableWait, ThreadFactory threads) {
        super(durableWait);
        this.sealer = new ChainSealer(chain, nodeId);
        this.reader = new AuditReader(tx);
        this.rows = new AuditRows(tx, ID_BLOCK);
        readHead();
        this.headKnown = true;
        startWriter(threads);
    }

    @Override
    public List<AuditEvent> page(AuditQuery query, AuditCursor after, boolean oldestFirst) {
        return reader.page(query, after, oldestFirst);
    }

    @Override
    public long scan(AuditQuery filters, long maxRows, Consumer<AuditEvent> sink) {
        return reader.scan(filters, maxRows, sink);
    }

    @Override
    void write(List<Pending> batch) {
        commit(batch);
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (!headKnown && !tryReadHead()) {
            fail(batch, new AuditUnavailable("the audit log cannot reach its database", null));
            return;
        }
        List<AuditEvent> sealed = sealer.seal(batch.stream().map(Pending::event).toList(), sequence, head);
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
        AuditEvent last = reader.chainHead(sealer.nodeId()).orElse(null);
        sequence = last == null ? 0 : last.nodeSequence();
        head = last == null ? null : last.hash();
    }
}
