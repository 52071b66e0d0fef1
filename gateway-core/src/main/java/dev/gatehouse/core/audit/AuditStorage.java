package dev.gatehouse.core.audit;

import dev.gatehouse.core.runtime.SettingsSource;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how this node keeps its audit records before the database has them.
 *
 * @param durability   when a record counts as written ({@code audit-durability}, default {@code process})
 * @param folder       the journal folder ({@code audit-journal}); each node's chain has a folder of its own
 *                     inside it. Null only with {@link AuditDurability#DATABASE}
 * @param maxBytes     journal bytes not yet shipped to the database beyond which calls are refused (503)
 *                     ({@code audit-journal-max-mb}, default 1024)
 * @param segmentBytes size at which a segment file is closed and the next one begun
 */
public record AuditStorage(AuditDurability durability, Path folder, long maxBytes, long segmentBytes) {
    public static final long DEFAULT_MAX_MB = 1024;
    public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;

    public AuditStorage {
        Objects.requireNonNull(durability, "durability");
        if (durability != AuditDurability.DATABASE) {
            Objects.requireNonNull(folder, "the audit journal needs a folder (setting audit-journal)");
        }
        if (maxBytes < 1 || segmentBytes < 1) {
            throw new IllegalArgumentException("audit journal sizes must be positive");
        }
    }

    /** No journal: today's group commit to the database. */
    public static AuditStorage database() {
        return new AuditStorage(AuditDurability.DATABASE, null, DEFAULT_MAX_MB << 20, DEFAULT_SEGMENT_BYTES);
    }

    /** A journal in {@code folder} with the default sizes. */
    public static AuditStorage journal(AuditDurability durability, Path folder) {
        return new AuditStorage(durability, folder, DEFAULT_MAX_MB << 20, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * From the settings {@code audit-durability}, {@code audit-journal} and {@code audit-journal-max-mb}; the
     * journal lives in {@code defaultFolder} unless {@code audit-journal} names another. The folder is kept
     * even in database mode, so a journal left by an earlier run is shipped before anything else.
     */
    public static AuditStorage from(SettingsSource source, Path defaultFolder) {
        AuditDurability durability = source.get("audit-durability").map(AuditDurability::parse).orElse(AuditDurability.PROCESS);
        Path folder = source.get("audit-journal").map(v -> Path.of(v.strip())).orElse(defaultFolder);
        long maxMb = source.get("audit-journal-max-mb").map(v -> {
            try {
                return Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gatehouse audit-journal-max-mb is not a whole number: " + v);
            }
        }).orElse(DEFAULT_MAX_MB);
        if (maxMb < 1 || maxMb > (Long.MAX_VALUE >> 20)) {
            throw new IllegalArgumentException("gatehouse audit-journal-max-mb must be at least 1: " + maxMb);
        }
        return new AuditStorage(durability, folder == null ? null : folder.toAbsolutePath().normalize(),
                maxMb << 20, DEFAULT_SEGMENT_BYTES);
    }

    /** True when calls wait for the local journal rather than for the database. */
    public boolean journaled() {
        return durability != AuditDurability.DATABASE;
    }

    /** The same storage with other sizes (tests fill a small journal). */
    public AuditStorage withSizes(long newMaxBytes, long newSegmentBytes) {
        return new AuditStorage(durability, folder, newMaxBytes, newSegmentBytes);
    }
}
