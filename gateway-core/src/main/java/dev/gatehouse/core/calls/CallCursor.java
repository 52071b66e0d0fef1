package dev.gatehouse.core.calls;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of calls ends: the sort key and record id of its last call (keyset paging). The next page
 * starts strictly after it, so calls recorded meanwhile neither repeat nor shift the pages, however deep
 * the reader goes. Opaque on the wire (base64url), but not secret: it only names a position.
 *
 * @param key epoch microseconds of the call's end for {@code TIME}, its duration in microseconds for {@code DURATION}
 */
public record CallCursor(CallQuery.Sort sort, long key, long id) {
    /** 9999-12-31T23:59:59.999999Z in epoch microseconds: the last call end a time cursor can name. */
    private static final long LATEST_TIME_KEY = 253_402_300_799_999_999L;

    public String encode() {
        String text = (sort == CallQuery.Sort.TIME ? "t" : "d") + "." + key + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a reader sent back; empty for anything this class did not write. */
    public static Optional<CallCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length != 3 || !(parts[0].equals("t") || parts[0].equals("d"))) {
                return Optional.empty();
            }
            long key = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            // no cursor this class wrote names a negative key or id, or a time a database cannot hold (year 9999 on)
            if (key < 0 || id < 0 || parts[0].equals("t") && key > LATEST_TIME_KEY) {
                return Optional.empty();
            }
            return Optional.of(new CallCursor(parts[0].equals("t") ? CallQuery.Sort.TIME : CallQuery.Sort.DURATION, key, id));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // NumberFormatException too
        }
    }
}
