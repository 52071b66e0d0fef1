package dev.gatehouse.bench;

import dev.gatehouse.core.runtime.Gatehouse;

/** Counts {@code call_completed} records in the audit table: the answered calls must all be there. */
final class AuditCount {
    private final Gatehouse gatehouse;

    AuditCount(Gatehouse gatehouse) {
        this.gatehouse = gatehouse;
    }

    long callsCompleted() {
        return gatehouse.inTransaction(em -> ((Number) em.createNativeQuery(
                "SELECT COUNT(*) FROM gh_audit_event WHERE kind = 'CALL_COMPLETED'").getSingleResult()).longValue());
    }
}
