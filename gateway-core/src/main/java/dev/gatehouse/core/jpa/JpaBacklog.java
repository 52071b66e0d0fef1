package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManager;

/**
 * What waits, cluster-wide, counted in one read for the metrics: live MCP sessions, calls held for an
 * admin's approval, and tool definitions quarantined until reviewed. Three indexed counts.
 */
public final class JpaBacklog {
    /** The counts at one moment. */
    public record Counts(long openSessions, long pendingApprovals, long quarantinedTools) {
    }

    private final Transactions tx;

    public JpaBacklog(Transactions tx) {
        this.tx = tx;
    }

    public Counts read() {
        return tx.read(em -> new Counts(
                count(em, "select count(s) from McpSessionEntity s where s.endedAt is null"),
                count(em, "select count(p) from PendingApprovalEntity p"
                        + " where p.status = dev.gatehouse.core.approval.ApprovalStatus.PENDING"),
                count(em, "select count(t) from ToolApprovalEntity t where t.pendingHash is not null")));
    }

    private static long count(EntityManager em, String jpql) {
        return em.createQuery(jpql, Long.class).getSingleResult();
    }
}
