package dev.gatehouse.bench;

import dev.gatehouse.core.runtime.Gatehouse;

/**
 * Counts {@code call_completed} records in the audit table: the answered calls must all be there. With a journal
 * ({@code --audit process|fsync}) the count waits, bounded, until the shipper has put every record in the table.
 */
final class AuditCount {
    private final Gatehouse gatehouse;

    AuditCount(Gatehouse gatehouse) {
        this.gatehouse = gatehouse;
    }

    long callsCompleted() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (gatehouse.auditLag().unshipped() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return gatehouse.inTransaction(em -> ((Number) em.createNativeQuery(
                "SELECT COUNT(*) FROM gh_audit_event WHERE kind = 'CALL_COMPLETED'").getSingleResult()).longValue());
    }
}
