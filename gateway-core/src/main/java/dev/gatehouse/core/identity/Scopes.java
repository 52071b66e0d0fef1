package dev.gatehouse.core.identity;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * OAuth scope strings (RFC 6749 section 3.3: space-delimited scope tokens). A step-up asks for the union of what a
 * grant had and what the upstream's challenge names (MCP authorization, "Scope Challenge Handling"), so a wider
 * sign-in never loses a permission the user had.
 */
public final class Scopes {
    /** The longest scope string kept (the column's size). */
    public static final int MAX_LENGTH = 2000;

    private Scopes() {
    }

    /** The union of the scope strings, each token once, in first-seen order; null when there is none. */
    public static String union(String... scopes) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope != null) {
                Arrays.stream(scope.trim().split("\\s+")).filter(t -> !t.isEmpty()).forEach(tokens::add);
            }
        }
        return tokens.isEmpty() ? null : String.join(" ", tokens);
    }

    /**
     * A challenge's scope if it is a well-formed scope string (scope tokens of RFC 6749's characters, at most
     * {@value #MAX_LENGTH} characters in all); else null, and the challenge is treated as naming none.
     */
    public static String wellFormed(String scope) {
        if (scope == null || scope.isBlank() || scope.length() > MAX_LENGTH) {
            return null;
        }
        if (!scope.chars().allMatch(c -> c == ' ' || c == 0x21 || c >= 0x23 && c <= 0x5B || c >= 0x5D && c <= 0x7E)) {
            return null; // a control character, a quote or a backslash: no scope string (String.trim would hide a NUL)
        }
        return String.join(" ", scope.strip().split(" +"));
    }
}
