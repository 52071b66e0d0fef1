package dev.gatehouse.core.audit;

/**
 * How far this node's audit table is behind what its callers were promised, for {@code /gatehouse/health}.
 *
 * @param durability     the node's {@code audit-durability}
 * @param unshipped      records in the journal that the table does not hold yet
 * @param oldestMillis   age of the oldest of them, in milliseconds (0 when none)
 * @param journalBytes   bytes in the journal's segment files
 * @param setAside       where a journal of another database was set aside at start, never shipped into this one
 *                       (docs/audit.md); null when none was
 */
public record AuditLag(AuditDurability durability, long unshipped, long oldestMillis, long journalBytes, String setAside) {
    /** No journal: every record was in the table before its caller went on. */
    public static final AuditLag NONE = new AuditLag(AuditDurability.DATABASE, 0, 0, 0, null);
}
