package dev.gatehouse.core.siem;

import dev.gatehouse.core.jpa.AuditEventEntity;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads one node's audit chain forward from a sequence number: what sinks stream and alerts watch. */
public final class ChainTail {
    private final Transactions tx;

    public ChainTail(Transactions tx) {
        this.tx = tx;
    }

    /** Up to {@code max} records of {@code nodeId} after {@code sequence}, in sequence order. */
    public List<AuditEvent> after(String nodeId, long sequence, int max) {
        return tx.read(em -> em.createQuery("select a from AuditEventEntity a where a.nodeId = :node"
                        + " and a.nodeSequence > :after order by a.nodeSequence", AuditEventEntity.class)
                .setParameter("node", nodeId).setParameter("after", sequence).setMaxResults(max)
                .getResultStream().map(AuditEventEntity::toRecord).toList());
    }

    /** The highest sequence of the node's chain, 0 when it has none. */
    public long head(String nodeId) {
        Long head = tx.read(em -> em.createQuery("select max(a.nodeSequence) from AuditEventEntity a where a.nodeId = :node",
                Long.class).setParameter("node", nodeId).getSingleResult());
        return head == null ? 0 : head;
    }

    /** The highest sequence written before {@code time}, where a sink that starts "now" begins. */
    long lastBefore(String nodeId, Instant time) {
        Long last = tx.read(em -> em.createQuery("select max(a.nodeSequence) from AuditEventEntity a"
                + " where a.nodeId = :node and a.time < :time", Long.class)
                .setParameter("node", nodeId).setParameter("time", time).getSingleResult());
        return last == null ? 0 : last;
    }

    /** When the first record after {@code sequence} was written, if there is one: how far behind a sink is. */
    Optional<Instant> firstTimeAfter(String nodeId, long sequence) {
        return after(nodeId, sequence, 1).stream().findFirst().map(AuditEvent::time);
    }
}
