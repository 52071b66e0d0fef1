package dev.gatehouse.core.audit;

import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalCursor;
import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.runtime.Gatehouse;
import jakarta.persistence.EntityManager;

import dev.gatehouse.core.retention.ArchivedRun;
import dev.gatehouse.core.retention.ManifestSigner;
import dev.gatehouse.core.retention.RetentionStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Walks every node's audit chain in sequence order and reports where it breaks: a record whose
 * content no longer matches its HMAC (edited, or inserted by someone who does not hold the chain key),
 * a record whose previous-hash link does not match its predecessor, and gaps in the sequence (deleted
 * records). Reads page by page, keeping one record per chain in memory, so it runs over any size of log.
 * <p>
 * Records that retention archived and deleted are stepped over when signed archive runs cover them exactly
 * ({@link #withArchives}); the archive files themselves are checked by {@code ArchiveVerifier}.
 * <p>
 * A node that keeps a journal ({@code audit-durability} {@code process} or {@code fsync}) has records the table
 * does not hold yet: its walk goes on from the table's last record into the journal, so the chain is checked
 * across both, and a record missing between them shows as a gap.
 * <p>
 * What a chain cannot show: records removed from the very end of a chain (the head is not stored
 * elsewhere; compare {@link AuditVerification.Chain#lastHash()} with an earlier walk for that), and
 * anything done by someone who holds the chain key.
 */
public final class AuditVerifier {
    /** Breaks reported at most; past that the log is plainly compromised and the count is enough. */
    public static final int MAX_BREAKS = 100;
    private static final int PAGE = 1000;

    private final Transactions tx;
    private final AuditKeys keys;
    private final int pageSize;
    /** Checks the signatures of archived runs; null: archives are not consulted (every gap is a break). */
    private final ManifestSigner archives;
    /** The journals whose unshipped records are walked after the table's, by node. */
    private final Map<String, AuditJournal> journals;

    public AuditVerifier(Transactions tx, AuditChain chain) {
        this(tx, AuditKeys.only(chain), PAGE);
    }

    /** A verifier holding the current and the retired audit chain keys: records verify under the key they name. */
    public AuditVerifier(Transactions tx, AuditKeys keys) {
        this(tx, keys, PAGE);
    }

    /** A verifier of the table and of these nodes' journals together. */
    public AuditVerifier(Transactions tx, AuditChain chain, List<AuditJournal> journals) {
        this(tx, AuditKeys.only(chain), journals);
    }

    /** A verifier of the table and of these nodes' journals, holding the current and the retired audit chain keys. */
    public AuditVerifier(Transactions tx, AuditKeys keys, List<AuditJournal> journals) {
        this(tx, keys, PAGE, null, byNode(journals));
    }

    /** A verifier over the running node's database, with its chain key. */
    public static AuditVerifier of(Gatehouse runtime) {
        Transactions reads = new Transactions() {
            @Override
            public <T> T inTransaction(Function<EntityManager, T> work) {
                return runtime.inTransaction(work);
            }

            @Override
            public <T> T read(Function<EntityManager, T> work) {
                return runtime.inTransaction(work);
            }
        };
        AuditKeys keys = AuditKeys.of(runtime.settings());
        return new AuditVerifier(reads, keys, PAGE, null, byNode(runtime.auditJournal().stream().toList()))
                .withArchives(keys);
    }

    AuditVerifier(Transactions tx, AuditChain chain, int pageSize) {
        this(tx, AuditKeys.only(chain), pageSize);
    }

    AuditVerifier(Transactions tx, AuditKeys keys, int pageSize) {
        this(tx, keys, pageSize, null, Map.of());
    }

    private AuditVerifier(Transactions tx, AuditKeys keys, int pageSize, ManifestSigner archives,
                          Map<String, AuditJournal> journals) {
        this.tx = tx;
        this.keys = keys;
        this.pageSize = pageSize;
        this.archives = archives;
        this.journals = journals;
    }

    private static Map<String, AuditJournal> byNode(List<AuditJournal> journals) {
        Map<String, AuditJournal> map = new TreeMap<>();
        journals.forEach(j -> map.put(j.nodeId(), j));
        return map;
    }

    /**
     * This verifier, stepping over records that retention archived and deleted: a gap in a chain is no break
     * when signed archived runs ({@code gh_audit_archive_run}, signed under a key derived from the chain key)
     * cover exactly its sequence numbers and link the record before it to the record after it. A run whose
     * signature does not hold counts as absent.
     */
    public AuditVerifier withArchives(byte[] auditChainKey) {
        return new AuditVerifier(tx, keys, pageSize, new ManifestSigner(auditChainKey), journals);
    }

    /** As {@link #withArchives(byte[])}, with runs signed under any of these keys (the current or a retired one) holding. */
    public AuditVerifier withArchives(AuditKeys signers) {
        return new AuditVerifier(tx, keys, pageSize, signers.manifestSigner(), journals);
    }

    public AuditVerification verify() {
        List<String> stored = tx.read(em -> em.createQuery(
                "select distinct a.nodeId from AuditEventEntity a order by a.nodeId", String.class).getResultList());
        TreeSet<String> nodes = new TreeSet<>(stored);
        nodes.addAll(journals.keySet());
        List<AuditVerification.Chain> chains = new ArrayList<>(nodes.size());
        List<AuditVerification.Break> breaks = new ArrayList<>();
        long records = 0;
        for (String node : nodes) {
            AuditVerification.Chain walked = walk(node, breaks);
            chains.add(walked);
            records += walked.records();
        }
        return new AuditVerification(chains, records, breaks.size() > MAX_BREAKS ? breaks.subList(0, MAX_BREAKS) : breaks);
    }

    private AuditVerification.Chain walk(String node, List<AuditVerification.Break> breaks) {
        Map<Long, ArchivedRun> runs = new HashMap<>();
        if (archives != null) {
            new RetentionStore(tx).runs(node).stream().filter(archives::verifies)
                    .forEach(r -> runs.putIfAbsent(r.firstSequence(), r));
        }
        long count = 0;
        long first = 0;
        AuditEvent previous = null;
        AuditJournal journal = journals.get(node);
        while (true) {
            long after = previous == null ? 0 : previous.nodeSequence();
            List<AuditEvent> page = page(node, after);
            if (page.isEmpty() && journal != null) {
                page = unshipped(journal, node, after);
            }
            for (AuditEvent e : page) {
                if (count++ == 0) {
                    first = e.nodeSequence();
                }
                check(e, previous, runs, breaks);
                previous = e;
            }
            if (page.isEmpty()) {
                break;
            }
        }
        return new AuditVerification.Chain(node, count, first, previous == null ? 0 : previous.nodeSequence(),
                previous == null ? null : previous.hash());
    }

    /**
     * The journal's records after {@code after}. When the journal no longer holds the next one, it was shipped (and
     * its segment deleted) while the table was walked: the table is read again before a gap is reported.
     */
    private List<AuditEvent> unshipped(AuditJournal journal, String node, long after) {
        List<AuditEvent> records;
        try {
            records = new JournalCursor(journal, after).next(pageSize);
        } catch (IOException e) {
            records = List.of(); // a segment deleted under the read: shipped, so in the table now
        }
        if (records.isEmpty() || records.get(0).nodeSequence() != after + 1) {
            List<AuditEvent> shipped = page(node, after);
            if (!shipped.isEmpty()) {
                return shipped;
            }
        }
        return records;
    }

    private void check(AuditEvent e, AuditEvent previous, Map<Long, ArchivedRun> runs, List<AuditVerification.Break> breaks) {
        long expected = previous == null ? 1 : previous.nodeSequence() + 1;
        String expectedLink = previous == null ? null : previous.hash();
        boolean gap = e.nodeSequence() > expected;
        if (gap) {
            Optional<String> across = acrossArchives(runs, expected, e.nodeSequence() - 1, expectedLink);
            if (across.isPresent()) {
                gap = false;
                expectedLink = across.get().isEmpty() ? null : across.get();
            }
        }
        if (gap) {
            // the link is then broken too; the gap is what an operator needs to know
            add(breaks, new AuditVerification.Break(e.nodeId(), expected, e.id(), AuditVerification.Problem.MISSING,
                    e.nodeSequence() - expected));
        } else if (!Objects.equals(e.previousHash(), expectedLink)) {
            add(breaks, new AuditVerification.Break(e.nodeId(), e.nodeSequence(), e.id(),
                    AuditVerification.Problem.BROKEN_LINK, 0));
        }
        // the content is checked against the record's own link, so an edit shows apart from a broken link
        if (e.keyId() != null && keys.byId(e.keyId()).isEmpty()) {
            add(breaks, new AuditVerification.Break(e.nodeId(), e.nodeSequence(), e.id(),
                    AuditVerification.Problem.UNKNOWN_KEY, 0, e.keyId()));
        } else if (!keys.verifies(e, e.previousHash())) {
            add(breaks, new AuditVerification.Break(e.nodeId(), e.nodeSequence(), e.id(),
                    AuditVerification.Problem.ALTERED, 0));
        }
    }

    /**
     * The hash of the last record of archived runs that cover {@code from..to} exactly, one after another,
     * the first linked to {@code link}: what the record after the gap must link to ("" for none); empty when
     * the archives do not cover the gap.
     */
    private static Optional<String> acrossArchives(Map<Long, ArchivedRun> runs, long from, long to, String link) {
        long next = from;
        String last = link;
        while (next <= to) {
            ArchivedRun run = runs.get(next);
            if (run == null || run.lastSequence() > to || !Objects.equals(run.firstPreviousHash(), last)) {
                return Optional.empty();
            }
            last = run.lastHash();
            next = run.lastSequence() + 1;
        }
        return Optional.of(last == null ? "" : last);
    }

    private static void add(List<AuditVerification.Break> breaks, AuditVerification.Break b) {
        if (breaks.size() <= MAX_BREAKS) {
            breaks.add(b);
        }
    }

    private List<AuditEvent> page(String node, long after) {
        return tx.read(em -> em.createQuery("select a from AuditEventEntity a where a.nodeId = :node"
                        + " and a.nodeSequence > :after order by a.nodeSequence", AuditEventEntity.class)
                .setParameter("node", node).setParameter("after", after).setMaxResults(pageSize)
                .getResultStream().map(AuditEventEntity::toRecord).toList());
    }
}
