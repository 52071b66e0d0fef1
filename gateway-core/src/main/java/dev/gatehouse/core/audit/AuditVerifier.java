package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.runtime.Gatehouse;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Walks every node's audit chain in sequence order and reports where it breaks: a record whose
 * content no longer matches its HMAC (edited, or inserted by someone who does not hold the chain key),
 * a record whose previous-hash link does not match its predecessor, and gaps in the sequence (deleted
 * records). Reads page by page, keeping one record per chain in memory, so it runs over any size of log.
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
    private final AuditChain chain;
    private final int pageSize;

    public AuditVerifier(Transactions tx, AuditChain chain) {
        this(tx, chain, PAGE);
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
        return new AuditVerifier(reads, new AuditChain(runtime.settings().auditChainKey()));
    }

    AuditVerifier(Transactions tx, AuditChain chain, int pageSize) {
        this.tx = tx;
        this.chain = chain;
        this.pageSize = pageSize;
    }

    public AuditVerification verify() {
        List<String> nodes = tx.read(em -> em.createQuery(
                "select distinct a.nodeId from AuditEventEntity a order by a.nodeId", String.class).getResultList());
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
        long count = 0;
        long first = 0;
        AuditEvent previous = null;
        while (true) {
            List<AuditEvent> page = page(node, previous == null ? 0 : previous.nodeSequence());
            for (AuditEvent e : page) {
                if (count++ == 0) {
                    first = e.nodeSequence();
                }
                check(e, previous, breaks);
                previous = e;
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        return new AuditVerification.Chain(node, count, first, previous == null ? 0 : previous.nodeSequence(),
                previous == null ? null : previous.hash());
    }

    private void check(AuditEvent e, AuditEvent previous, List<AuditVerification.Break> breaks) {
        long expected = previous == null ? 1 : previous.nodeSequence() + 1;
        String expectedLink = previous == null ? null : previous.hash();
        if (e.nodeSequence() > expected) {
            // the link is then broken too; the gap is what an operator needs to know
            add(breaks, new AuditVerification.Break(e.nodeId(), expected, e.id(), AuditVerification.Problem.MISSING,
                    e.nodeSequence() - expected));
        } else if (!Objects.equals(e.previousHash(), expectedLink)) {
            add(breaks, new AuditVerification.Break(e.nodeId(), e.nodeSequence(), e.id(),
                    AuditVerification.Problem.BROKEN_LINK, 0));
        }
        // the content is checked against the record's own link, so an edit shows apart from a broken link
        if (!chain.hash(e, e.previousHash()).equals(e.hash())) {
            add(breaks, new AuditVerification.Break(e.nodeId(), e.nodeSequence(), e.id(),
                    AuditVerification.Problem.ALTERED, 0));
        }
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
