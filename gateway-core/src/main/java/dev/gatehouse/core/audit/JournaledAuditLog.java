package dev.gatehouse.core.audit;

import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalOwner;
import dev.gatehouse.core.jpa.AuditRows;
import dev.gatehouse.core.jpa.DatabaseIdentity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The audit log of {@code audit-durability} {@code process} and {@code fsync} (the Vault audit-device model): a
 * record counts as written once it is in this node's journal ({@link AuditJournal}), sealed into the node's
 * hash chain; the table is a copy that {@link AuditShipper} fills behind the callers. Reads see the table plus
 * the records not shipped yet, so a call made a moment ago is in the logs. While the database does not take the
 * records, calls go on into the journal until it holds {@link AuditStorage#maxBytes()}, then fail closed.
 */
public final class JournaledAuditLog extends BatchingAuditLog {
    private static final System.Logger LOG = System.getLogger(JournaledAuditLog.class.getName());
    /** Unshipped records kept in memory for reads; older unshipped ones are read once shipped. */
    static final int RECENT_MAX = 20_000;

    private final ChainSealer sealer;
    private final AuditReader reader;
    private final AuditJournal journal;
    private final AuditShipper shipper;
    private final AuditStorage storage;
    private final Clock clock;
    private final ConcurrentLinkedDeque<AuditEvent> unshipped = new ConcurrentLinkedDeque<>();
    private final AtomicInteger unshippedKept = new AtomicInteger();
    private final String databaseId;
    private final Optional<Path> setAside;
    private AuditJournal.Position head;
    private boolean fullReported;

    public JournaledAuditLog(Transactions tx, AuditChain chain, String nodeId, Duration durableWait, AuditStorage storage,
                             Clock clock) {
        this(tx, chain, nodeId, durableWait, storage, clock, plainThreads("gatehouse-audit-journal"),
                plainThreads("gatehouse-audit-shipper"));
    }

    /**
     * @param writerThreads  where the writer thread comes from (the container's managed threads in a server)
     * @param shipperThreads where the shipper's thread comes from
     */
    public JournaledAuditLog(Transactions tx, AuditChain chain, String nodeId, Duration durableWait, AuditStorage storage,
                             Clock clock, ThreadFactory writerThreads, ThreadFactory shipperThreads) {
        super(durableWait);
        this.sealer = new ChainSealer(chain, nodeId);
        this.reader = new AuditReader(tx);
        this.storage = storage;
        this.clock = clock;
        this.databaseId = databaseIdentity(tx);
        this.setAside = JournalOwner.claim(storage.folder(), nodeId, databaseId, storage.segmentBytes());
        this.journal = AuditJournal.open(storage.folder(), nodeId, storage.durability() == AuditDurability.FSYNC,
                storage.segmentBytes());
        this.head = establishHead().orElse(null);
        this.shipper = new AuditShipper(journal, new AuditRows(tx, AuditWriter.ID_BLOCK), reader, this::shippedThrough);
        shipper.start(shipperThreads);
        startWriter(writerThreads);
    }

    /** The database this node's journal ships into: a journal of another database is never shipped into it. */
    static String databaseIdentity(Transactions tx) {
        try {
            return DatabaseIdentity.of(tx);
        } catch (RuntimeException e) {
            throw new AuditUnavailable("the audit journal cannot tell which database it ships into: "
                    + LogText.cause(e), e);
        }
    }

    /** The journal of another database set aside at start (never shipped here), if there was one. */
    public Optional<Path> setAside() {
        return setAside;
    }

    /** The journal's head, unless the table is further along (a journal left from a run whose records all shipped). */
    private Optional<AuditJournal.Position> establishHead() {
        Optional<AuditJournal.Position> inJournal = journal.head();
        Optional<AuditJournal.Position> inTable;
        try {
            inTable = Optional.of(tableHead());
        } catch (RuntimeException e) {
            inTable = Optional.empty(); // the database is away: the journal knows, or the first batch asks again
        }
        if (inJournal.isPresent() && inTable.isPresent() && inTable.get().sequence() > inJournal.get().sequence()) {
            try {
                LOG.log(System.Logger.Level.INFO, "audit journal " + journal.folder() + " ends at record "
                        + inJournal.get().sequence() + ", the table at " + inTable.get().sequence() + ": the journal is shipped and starts afresh");
                journal.restartAfter(inTable.get());
            } catch (IOException e) {
                throw new AuditUnavailable("the audit journal " + journal.folder() + " could not be restarted", e);
            }
            return inTable;
        }
        return inJournal.isPresent() ? inJournal : inTable;
    }

    private AuditJournal.Position tableHead() {
        return reader.chainHead(sealer.nodeId()).map(e -> new AuditJournal.Position(e.nodeSequence(), e.hash()))
                .orElse(new AuditJournal.Position(0, null));
    }

    @Override
    void write(List<Pending> batch) {
        if (head == null) {
            try {
                head = tableHead();
            } catch (RuntimeException e) {
                fail(batch, new AuditUnavailable("the audit log does not know its chain head: the database is unreachable", e));
                return;
            }
        }
        List<Pending> admitted = admitted(batch, journal.bytes());
        if (admitted.isEmpty()) {
            return;
        }
        batch = admitted;
        List<AuditEvent> sealed = sealer.seal(batch.stream().map(Pending::event).toList(), head.sequence(), head.hash());
        try {
            journal.append(sealed);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit batch of " + batch.size() + " records (first "
                    + correlation(batch.get(0)) + ") not written to the journal " + journal.folder() + ": " + LogText.cause(e));
            fail(batch, new AuditUnavailable("the audit journal could not write the record", e));
            return;
        }
        AuditEvent last = sealed.get(sealed.size() - 1);
        head = new AuditJournal.Position(last.nodeSequence(), last.hash());
        keep(sealed);
        shippedThrough(shipper.shipped()); // the shipper may have read them from the journal before they were kept
        shipper.wake();
        complete(batch, sealed);
    }

    /**
     * The records the journal takes at its size: all below {@link AuditStorage#maxBytes()}; beyond it only the
     * completion records of calls already forwarded (at most one per call in flight), up to a headroom of an eighth
     * more, so that a call answered while the journal fills keeps its end; everything else is refused (503 for a
     * new call: fail closed). The refused callers are told here.
     */
    private List<Pending> admitted(List<Pending> batch, long bytes) {
        long max = storage.maxBytes();
        if (bytes < max) {
            fullReported = false;
            return batch;
        }
        if (!fullReported) {
            fullReported = true;
            LOG.log(System.Logger.Level.ERROR, "audit journal " + journal.folder() + " holds " + bytes
                    + " bytes not yet in the database (limit " + max + "): audited calls are refused until the database"
                    + " takes them");
        }
        boolean headroom = bytes < max + Math.max(max / 8, 64 * 1024);
        List<Pending> admitted = new ArrayList<>(batch.size());
        List<Pending> refused = new ArrayList<>();
        for (Pending p : batch) {
            (headroom && p.event().kind() == AuditKind.CALL_COMPLETED ? admitted : refused).add(p);
        }
        fail(refused, new AuditUnavailable("the audit journal is full: the database has not taken its records", null));
        return admitted;
    }

    private void keep(List<AuditEvent> sealed) {
        unshipped.addAll(sealed);
        if (unshippedKept.addAndGet(sealed.size()) > RECENT_MAX) {
            while (unshippedKept.get() > RECENT_MAX && unshipped.pollFirst() != null) {
                unshippedKept.decrementAndGet();
            }
        }
    }

    /** The table holds the chain through {@code sequence}: those records are read from it now. */
    private void shippedThrough(long sequence) {
        AuditEvent first;
        while ((first = unshipped.peekFirst()) != null && first.nodeSequence() <= sequence) {
            if (unshipped.pollFirst() != null) {
                unshippedKept.decrementAndGet();
            }
        }
    }

    /** The records written but not in the table yet that match, newest first. */
    private List<AuditEvent> tail(AuditQuery q) {
        return tail(q, null, false);
    }

    /** The records written but not in the table yet that match and lie beyond {@code after}, newest first. */
    private List<AuditEvent> tail(AuditQuery q, AuditCursor after, boolean oldestFirst) {
        List<AuditEvent> matching = new ArrayList<>();
        unshipped.descendingIterator().forEachRemaining(e -> {
            if (AuditReader.matches(q, e) && (after == null || after.beyond(e, oldestFirst))) {
                matching.add(e);
            }
        });
        return matching;
    }

    @Override
    public List<AuditEvent> page(AuditQuery query, AuditCursor after, boolean oldestFirst) {
        // the tail first: a record shipped meanwhile is then in both, never in neither
        List<AuditEvent> tail = tail(query, after, oldestFirst);
        List<AuditEvent> table = reader.page(query, after, oldestFirst);
        Set<Long> stored = sequences(table.stream().filter(this::ours).toList());
        List<AuditEvent> merged = new ArrayList<>(table); // the table's copy, with its id, where it has one
        tail.stream().filter(e -> !stored.contains(e.nodeSequence())).forEach(merged::add);
        merged.sort(oldestFirst ? AuditCursor.NEWEST_FIRST.reversed() : AuditCursor.NEWEST_FIRST);
        return merged.size() > query.limit() ? List.copyOf(merged.subList(0, query.limit())) : merged;
    }

    @Override
    public long scan(AuditQuery filters, long maxRows, Consumer<AuditEvent> sink) {
        List<AuditEvent> tail = tail(filters);
        long handed = 0;
        for (AuditEvent e : tail) {
            if (handed >= maxRows) {
                return handed;
            }
            sink.accept(e);
            handed++;
        }
        Set<Long> seen = sequences(tail);
        long[] more = {0};
        reader.scan(filters, maxRows - handed, e -> {
            if (!ours(e) || !seen.contains(e.nodeSequence())) {
                sink.accept(e);
                more[0]++;
            }
        });
        return handed + more[0];
    }

    private boolean ours(AuditEvent e) {
        return sealer.nodeId().equals(e.nodeId());
    }

    private static Set<Long> sequences(List<AuditEvent> records) {
        Set<Long> s = new HashSet<>();
        records.forEach(e -> s.add(e.nodeSequence()));
        return s;
    }

    /** This node's journal, for verification (journal and table together). */
    public AuditJournal journal() {
        return journal;
    }

    /** How far the table is behind the journal. */
    public AuditLag lag() {
        long written = journal.head().map(AuditJournal.Position::sequence).orElse(0L);
        long shipped = Math.max(shipper.shipped(), 0);
        AuditEvent oldest = unshipped.peekFirst();
        // instant(), not millis(): a clock ticking in microseconds cannot give millis() (JDK TickClock divides by zero)
        long age = oldest == null ? 0 : Math.max(0, clock.instant().toEpochMilli() - oldest.time().toEpochMilli());
        return new AuditLag(storage.durability(), Math.max(0, written - shipped), age, journal.bytes(),
                setAside.map(Path::toString).orElse(null));
    }

    /** Stops taking records, writes those queued, ships what it can in the moments left, and closes the journal. */
    @Override
    public void close() {
        super.close();
        shipper.close();
        journal.close();
        try { // how far this database holds the journal: a later start against another database resets it, then
            JournalOwner.write(journal.folder(), new JournalOwner.Owner(databaseId, shipper.shipped()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "audit journal " + journal.folder() + ": how far it is shipped not recorded ("
                    + e.getMessage() + "): a start against another database sets it aside rather than resetting it");
        }
    }
}
