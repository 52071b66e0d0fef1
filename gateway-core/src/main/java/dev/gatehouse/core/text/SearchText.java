package dev.gatehouse.core.text;

import java.util.Locale;

/**
 * Free text an admin searches the audit for ({@code q} of {@code GET /api/logs} and {@code /api/calls}): matched
 * case-insensitively anywhere in a field, {@code %} and {@code _} as themselves. One definition for the SQL
 * ({@link #likePattern}, with {@code escape '\'}) and for records not yet in the table ({@link #in}).
 */
public final class SearchText {
    /** Longer search text is refused: it could not match a stored column anyway. */
    public static final int MAX = 200;

    private SearchText() {
    }

    /** The text as a {@code like} pattern over lower-cased values: {@code %text%}, wildcards escaped. */
    public static String likePattern(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** Whether {@code value} contains the text, as the {@code like} pattern matches it. */
    public static boolean in(String text, String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text.strip().toLowerCase(Locale.ROOT));
    }
}
