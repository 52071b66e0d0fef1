package dev.gatehouse.core.store;

import java.util.regex.Pattern;

/** Field checks shared by every store, so the same input is refused with the same words everywhere. */
public final class Validate {
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2000;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private Validate() {
    }

    /** A trimmed, non-blank text of at most {@code max} characters without control characters. */
    public static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw RequestRejected.invalid("'" + field + "' is required");
        }
        return optionalText(field, value, max);
    }

    /** Like {@link #text} but null or blank becomes null. */
    public static String optionalText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw RequestRejected.invalid("'" + field + "' must be at most " + max + " characters");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw RequestRejected.invalid("'" + field + "' must not contain control characters");
            }
        }
        return trimmed;
    }

    /**
     * A caller's value as an error message quotes it: at most 80 characters ({@code …} marks a cut), so a refusal
     * names what it refused without echoing a huge input back.
     */
    public static String shown(String value) {
        return value == null || value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }

    /** A URL segment: lower-case letters, digits and inner hyphens, at most 64 characters. */
    public static String slug(String field, String value) {
        String s = text(field, value, 64);
        if (!SLUG.matcher(s).matches()) {
            throw RequestRejected.invalid("'" + field + "' must be lower-case letters, digits and hyphens (at most 64)");
        }
        return s;
    }

    /** A slug derived from a display name, for callers that did not give one. */
    public static String slugOf(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 64) {
            s = s.substring(0, 64).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "gateway" : s;
    }
}
