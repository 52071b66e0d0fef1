package dev.gatehouse.core.audit;

import java.util.Locale;

/**
 * When a {@code tools/call} may be forwarded: once its audit record is in this node's journal in the operating
 * system ({@link #PROCESS}), once the journal is on the disk ({@link #FSYNC}), or once the record is committed
 * to the database ({@link #DATABASE}, no local journal). The setting {@code audit-durability} (docs/audit.md).
 */
public enum AuditDurability {
    /** One {@code write} per batch before the upstream sees the call: survives {@code kill -9} of the JVM. */
    PROCESS,
    /** One {@code write} and one {@code force} per batch: survives a power cut too. */
    FSYNC,
    /** No journal: every batch is committed to the database (group commit) before the calls go on. */
    DATABASE;

    /** The setting's value, lower case as written in the settings. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code process}, {@code fsync} or {@code database}; anything else fails the start, naming the setting. */
    public static AuditDurability parse(String value) {
        for (AuditDurability d : values()) {
            if (d.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("gatehouse audit-durability must be process, fsync or database: " + value);
    }
}
