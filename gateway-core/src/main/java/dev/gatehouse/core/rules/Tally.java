package dev.gatehouse.core.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules of one evaluation found and decided, as it happens: per rule, the detectors that fired
 * and where; the first blocking rule; the first rule that requires approval.
 */
final class Tally {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private CompiledRule blockedBy;
    private String blockReason;
    private CompiledRule heldBy;
    private Duration holdTimeout;

    private static final class Entry {
        final Rule rule;
        final Set<String> detectors = new LinkedHashSet<>();
        final List<String> pointers = new ArrayList<>();
        String action;
        String note;
        boolean keys;
        int matches;

        Entry(Rule rule, String action) {
            this.rule = rule;
            this.action = action;
        }
    }

    /** True while the rule has room for more pointers, so callers build one only when it is kept. */
    boolean wantsPointer(CompiledRule rule) {
        Entry e = entries.get(rule.rule.id());
        return e == null || e.pointers.size() < RuleHit.MAX_POINTERS;
    }

    void matched(CompiledRule rule, String action, Iterable<String> detectors, String pointer, boolean key, int count) {
        Entry e = entries.computeIfAbsent(rule.rule.id(), id -> new Entry(rule.rule, action));
        detectors.forEach(e.detectors::add);
        if (pointer != null && e.pointers.size() < RuleHit.MAX_POINTERS && !e.pointers.contains(pointer)) {
            e.pointers.add(pointer);
        }
        e.keys |= key;
        e.matches += count;
    }

    /** A webhook rule's answer: {@code action} as it was applied (or observed), {@code note} why, if it failed. */
    void answered(CompiledRule rule, String action, String note) {
        Entry e = entries.computeIfAbsent(rule.rule.id(), id -> new Entry(rule.rule, action));
        e.action = action;
        e.note = note;
        e.detectors.add("webhook");
        e.matches++;
        if (e.pointers.isEmpty()) {
            e.pointers.add("");
        }
    }

    void block(CompiledRule rule, String reason) {
        if (blockedBy == null) {
            blockedBy = rule;
            blockReason = reason;
        }
    }

    void hold(CompiledRule rule, Duration timeout) {
        if (heldBy == null) {
            heldBy = rule;
            holdTimeout = timeout;
        }
    }

    boolean blocked() {
        return blockedBy != null;
    }

    List<RuleHit> hits() {
        List<RuleHit> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(new RuleHit(e.rule.id(), e.rule.name(), e.action, e.rule.observe(), e.detectors, e.pointers,
                    e.matches, e.keys, e.note));
        }
        return out;
    }

    Decision decide(com.fasterxml.jackson.databind.JsonNode original, com.fasterxml.jackson.databind.JsonNode current) {
        if (blockedBy != null) {
            return new Decision.Blocked(blockedBy.rule.id(), blockedBy.rule.name(), blockReason, hits());
        }
        if (heldBy != null) {
            return new Decision.Held(heldBy.rule.id(), heldBy.rule.name(), holdTimeout, current, hits());
        }
        return new Decision.Pass(current, current != original, hits());
    }
}
