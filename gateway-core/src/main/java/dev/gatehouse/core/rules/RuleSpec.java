package dev.gatehouse.core.rules;

import java.util.List;

/** What an admin submits to create, replace or try a rule; checked by {@link RuleCompiler#validate}. */
public record RuleSpec(String name, String description, boolean enabled, int priority, List<String> hostIds,
                       String toolPattern, Hook hook, Detection detection, boolean includeKeys, RuleAction action,
                       boolean observe) {
    public RuleSpec {
        hostIds = hostIds == null ? List.of() : List.copyOf(hostIds);
    }
}
