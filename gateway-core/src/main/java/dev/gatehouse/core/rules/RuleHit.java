package dev.gatehouse.core.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one rule did to one payload: the action (or what it would have done, when {@code observed}), the
 * detectors that fired, and where, as JSON pointers (RFC 6901) into the payload: the first
 * {@link #MAX_POINTERS} of {@code matches}. Never the matched text itself. A match in a member name is
 * reported at the object holding it, with {@code keys} set. {@code note} says why a webhook rule
 * decided as it did when it did not answer (timeout, invalid modification), else null.
 */
public record RuleHit(String ruleId, String ruleName, String action, boolean observed, Set<String> detectors,
                      List<String> pointers, int matches, boolean keys, String note) {
    public static final int MAX_POINTERS = 10;

    public RuleHit {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(action, "action");
        detectors = Set.copyOf(detectors);
        pointers = List.copyOf(pointers);
    }
}
