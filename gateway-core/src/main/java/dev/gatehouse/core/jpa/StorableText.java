package dev.gatehouse.core.jpa;

/**
 * Text as every supported database can store it. PostgreSQL refuses U+0000 in text columns, and a lone
 * surrogate (half of a UTF-16 pair) is not a character at all: UTF-8 cannot encode it, so a driver either
 * refuses it or stores something other than what was hashed. Both are replaced by U+FFFD (the Unicode
 * replacement character), and a value cut to its column's length is cut between characters, never inside
 * a surrogate pair. Applied before an audit record is sealed, so the hash chain covers exactly what is stored.
 */
public final class StorableText {
    /** What stands in for a character no database stores. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code value} with NUL and lone surrogates replaced, cut to at most {@code max} UTF-16 units; null stays null. */
    public static String fit(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = clean(value);
        if (clean.length() <= max) {
            return clean;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // keep the pair whole by leaving it out
        }
        return clean.substring(0, end);
    }

    /** {@code value} with NUL and lone surrogates replaced; the same string when there is none. */
    public static String clean(String value) {
        if (value == null) {
            return null;
        }
        int bad = firstBad(value);
        if (bad < 0) {
            return value;
        }
        StringBuilder s = new StringBuilder(value.length()).append(value, 0, bad);
        for (int i = bad; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                s.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                s.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                s.append(REPLACEMENT);
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static int firstBad(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
