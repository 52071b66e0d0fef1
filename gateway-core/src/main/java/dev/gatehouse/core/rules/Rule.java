package dev.gatehouse.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One governance rule of a gateway, as stored.
 *
 * @param hostIds     the hosts it applies to; empty for every host
 * @param toolPattern a glob over the tool name as the client calls it ({@code *} any run, {@code ?} one character)
 * @param includeKeys also look at member names, not only string values
 * @param action      what to do with a finding; null for webhook rules (the webhook decides)
 * @param observe     alert-only: record what the rule would have done, change nothing
 * @param priority    rules run in ascending priority; equal priorities by creation
 */
public record Rule(String id, String gateway, String name, String description, boolean enabled, int priority,
                   List<String> hostIds, String toolPattern, Hook hook, Detection detection, boolean includeKeys,
                   RuleAction action, boolean observe, String createdBy, Instant createdAt, Instant updatedAt) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(detection, "detection");
        hostIds = hostIds == null ? List.of() : List.copyOf(hostIds);
        toolPattern = toolPattern == null || toolPattern.isEmpty() ? "*" : toolPattern;
    }

    /** The rule as a specification, for an update that changes a few fields. */
    public RuleSpec spec() {
        return new RuleSpec(name, description, enabled, priority, hostIds, toolPattern, hook, detection, includeKeys,
                action, observe);
    }
}
