package dev.gatehouse.core.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * What a rule does with what it found. {@link Block} refuses the call with a JSON-RPC error naming the
 * rule; {@link RequireApproval} holds it until an admin decides; the others rewrite only the matched
 * characters of the string they were found in, so the payload stays valid JSON of the same shape.
 */
public sealed interface RuleAction {
    /** The wire name, as the admin API and the audit record spell it. */
    String kind();

    /** True for the actions that rewrite text. */
    default boolean rewrites() {
        return false;
    }

    /** Refuses the call; on a request hook the upstream is never called. */
    record Block() implements RuleAction {
        @Override public String kind() { return "block"; }
    }

    /** Replaces each match with {@code [REDACTED:detector]}. */
    record Redact() implements RuleAction {
        @Override public String kind() { return "redact"; }
        @Override public boolean rewrites() { return true; }
    }

    /** Replaces each match with a fixed text. */
    record Replace(String text) implements RuleAction {
        public Replace {
            Objects.requireNonNull(text, "text");
        }
        @Override public String kind() { return "replace"; }
        @Override public boolean rewrites() { return true; }
    }

    /** Replaces each character of a match with {@code *} except the last {@code keepLast}. */
    record Mask(int keepLast) implements RuleAction {
        public Mask {
            if (keepLast < 0 || keepLast > 64) {
                throw new IllegalArgumentException("keepLast must be between 0 and 64");
            }
        }
        @Override public String kind() { return "mask"; }
        @Override public boolean rewrites() { return true; }
    }

    /**
     * Replaces each match with a keyed hash of it ({@code [HMAC:…]}), so equal values stay comparable
     * across calls and nodes without being readable.
     */
    record Hash() implements RuleAction {
        @Override public String kind() { return "hash"; }
        @Override public boolean rewrites() { return true; }
    }

    /** Holds the call until an admin with {@code calls:approve} approves it, or {@code timeout} denies it. */
    record RequireApproval(Duration timeout) implements RuleAction {
        public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

        public RequireApproval {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the approval timeout must be between 1 second and 1 hour");
            }
        }
        @Override public String kind() { return "require_approval"; }
    }
}
