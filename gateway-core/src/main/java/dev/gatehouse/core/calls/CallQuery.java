package dev.gatehouse.core.calls;

import dev.gatehouse.core.model.Outcome;

import java.time.Instant;

/**
 * Which calls to list and in which order: filters (null does not filter), free text, the sort and where the
 * page starts ({@code after}, a cursor from the page before; null for the first page).
 *
 * @param text matched, case-insensitively and as a substring, against the tool, the host's name, the user who
 *             generated the token, the error text and the text of every record of the call (rule hits name the
 *             JSON pointers they matched), or equal to the correlation id
 */
public record CallQuery(String gateway, String server, String tool, String host, String user, Outcome outcome,
                        Instant from, Instant to, String text, Sort sort, boolean ascending, CallCursor after,
                        int limit) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    /** Longer search text is refused: it could not match a stored column anyway. */
    public static final int MAX_TEXT = dev.gatehouse.core.text.SearchText.MAX;

    /** What the calls are ordered by; ties are broken by the record id, so every order is total. */
    public enum Sort { TIME, DURATION }

    public CallQuery {
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        limit = Math.min(limit, MAX_LIMIT);
        sort = sort == null ? Sort.TIME : sort;
        if (after != null && after.sort() != sort) {
            throw new IllegalArgumentException("the cursor belongs to another sort order");
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the search text may be at most " + MAX_TEXT + " characters");
        }
    }
}
