package dev.gatehouse.core.audit;

import dev.gatehouse.core.model.AuditEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where a page of audit records ends: the time (epoch microseconds, as the table stores it) and id of a record
 * (keyset paging). The next page starts strictly beyond it, so records written meanwhile neither repeat nor
 * shift the pages however deep a reader goes, in either direction. Opaque on the wire (base64url), not secret.
 * A record still only in a node's journal has no id yet: it stands as the last id of its microsecond, so a page
 * that ends on it and is continued after the record was shipped may show it once more (with its id) at the top.
 */
public record AuditCursor(long micros, long id) {
    /** 9999-12-31T23:59:59.999999Z in epoch microseconds: the last time a database holds. */
    private static final long LATEST = 253_402_300_799_999_999L;
    private static final String PREFIX = "a.";

    /** Newest first, as the audit log is read; records without an id (not in the table yet) after their microsecond's others. */
    public static final Comparator<AuditEvent> NEWEST_FIRST = Comparator.comparing(AuditEvent::time).reversed()
            .thenComparing(AuditCursor::idOf, Comparator.reverseOrder());

    /** The position of {@code record}. */
    public static AuditCursor of(AuditEvent record) {
        return new AuditCursor(ChronoUnit.MICROS.between(Instant.EPOCH, record.time()), idOf(record));
    }

    public Instant time() {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** Whether {@code record} lies strictly beyond this position, reading newest first or oldest first. */
    public boolean beyond(AuditEvent record, boolean oldestFirst) {
        AuditCursor at = of(record);
        int c = at.micros != micros ? Long.compare(at.micros, micros) : Long.compare(at.id, id);
        return oldestFirst ? c > 0 : c < 0;
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a reader sent back; empty for anything this class did not write. */
    public static Optional<AuditCursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!plain.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = plain.substring(PREFIX.length()).split("\\.");
            if (parts.length != 2) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[0]);
            long id = Long.parseLong(parts[1]);
            // no cursor this class wrote names a time before 1970, after what a database holds, or a negative id
            return micros < 0 || micros > LATEST || id < 0 ? Optional.empty() : Optional.of(new AuditCursor(micros, id));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // NumberFormatException too
        }
    }

    private static long idOf(AuditEvent record) {
        return record.id() == null ? Long.MAX_VALUE : record.id();
    }
}
