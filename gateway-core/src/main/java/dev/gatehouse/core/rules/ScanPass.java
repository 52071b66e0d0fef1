package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One walk over a payload running consecutive local rules (patterns, built-ins, always) in priority
 * order on every string value, and on member names for rules that ask for it. A rule sees the text as
 * the rules before it left it. Rewrites go to a copy, so the caller's tree is never changed.
 * <p>
 * On a response, the structural members of MCP content items ({@code type}, {@code mimeType}) and
 * binary payloads ({@code data}, {@code blob}: base64) are not scanned, so a rewrite can never turn a
 * result into something that is no longer MCP.
 */
final class ScanPass {
    private static final Set<String> CONTENT_STRUCTURE = Set.of("type", "mimeType", "data", "blob");
    private static final Comparator<Rewriter.Span> BY_START = Comparator.comparingInt(Rewriter.Span::start);

    private enum Role { ROOT, CONTENT_ARRAY, CONTENT_ITEM, OTHER }

    private final List<CompiledRule> rules;
    private final Hook phase;
    private final Rewriter rewriter;
    private final Tally tally;
    private final boolean anyKeys;
    private final Object[] path = new Object[256];
    /** Member names some rule matched: shown as {@code *} in pointers, so a pointer never carries a match. */
    private final boolean[] matchedName = new boolean[256];
    private boolean scanMatched;
    private final List<Rewriter.Span> spans = new ArrayList<>();
    private int depth;

    ScanPass(List<CompiledRule> rules, Hook phase, Rewriter rewriter, Tally tally) {
        this.rules = rules;
        this.phase = phase;
        this.rewriter = rewriter;
        this.tally = tally;
        this.anyKeys = rules.stream().anyMatch(r -> r.rule.includeKeys());
    }

    /** Runs the rules over {@code payload}; returns it, or a rewritten copy. */
    JsonNode run(JsonNode payload) {
        boolean scans = false;
        for (CompiledRule rule : rules) {
            if (rule.always()) {
                always(rule);
                if (tally.blocked()) {
                    return payload;
                }
            } else {
                scans = true;
            }
        }
        if (!scans) {
            return payload;
        }
        JsonNode target = rules.stream().anyMatch(CompiledRule::rewrites) ? payload.deepCopy() : payload;
        if (target.isTextual()) {
            String text = scan(target.textValue(), false);
            return text.equals(target.textValue()) ? payload : TextNode.valueOf(text);
        }
        walk(target, Role.ROOT);
        return target;
    }

    private void always(CompiledRule rule) {
        RuleAction action = rule.rule.action();
        tally.matched(rule, action.kind(), List.of("always"), "", false, 1);
        if (rule.rule.observe()) {
            return;
        }
        if (action instanceof RuleAction.Block) {
            tally.block(rule, null);
        } else if (action instanceof RuleAction.RequireApproval a) {
            tally.hold(rule, a.timeout());
        }
    }

    private void walk(JsonNode node, Role role) {
        if (node instanceof ObjectNode object) {
            object(object, role);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size() && !tally.blocked(); i++) {
                JsonNode item = array.get(i);
                if (item.isTextual()) {
                    push(i);
                    String text = scan(item.textValue(), false);
                    if (!text.equals(item.textValue())) {
                        array.set(i, TextNode.valueOf(text));
                    }
                    depth--;
                } else if (item.isContainerNode()) {
                    push(i);
                    walk(item, role == Role.CONTENT_ARRAY ? Role.CONTENT_ITEM : Role.OTHER);
                    depth--;
                }
            }
        }
    }

    private void object(ObjectNode object, Role role) {
        Map<String, String> renames = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext() && !tally.blocked(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (role == Role.CONTENT_ITEM && CONTENT_STRUCTURE.contains(name)) {
                continue;
            }
            boolean nameMatched = false;
            if (anyKeys) {
                String renamed = scan(name, true);
                nameMatched = scanMatched;
                if (!renamed.equals(name)) {
                    renames = renames == null ? new LinkedHashMap<>() : renames;
                    renames.put(name, renamed);
                }
            }
            push(name);
            if (depth <= path.length) {
                matchedName[depth - 1] = nameMatched;
            }
            if (value.isTextual()) {
                String text = scan(value.textValue(), false);
                if (!text.equals(value.textValue())) {
                    field.setValue(TextNode.valueOf(text)); // same key: not a structural change
                }
            } else if (value.isContainerNode()) {
                walk(value, childRole(role, name, value));
            }
            depth--;
        }
        if (renames != null && !tally.blocked()) {
            rename(object, renames);
        }
    }

    private Role childRole(Role parent, String name, JsonNode value) {
        if (phase == Hook.RESPONSE && parent == Role.ROOT && name.equals("content") && value.isArray()) {
            return Role.CONTENT_ARRAY;
        }
        if (parent == Role.CONTENT_ITEM && name.equals("resource") && value.isObject()) {
            return Role.CONTENT_ITEM; // an embedded resource has the same structural members
        }
        return Role.OTHER;
    }

    /** Renames members in place, keeping their order; a renamed member never overwrites another. */
    private static void rename(ObjectNode object, Map<String, String> renames) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> members.put(f.getKey(), f.getValue()));
        object.removeAll();
        for (Map.Entry<String, JsonNode> m : members.entrySet()) {
            String name = renames.getOrDefault(m.getKey(), m.getKey());
            String unique = name;
            for (int n = 2; object.has(unique) || (members.containsKey(unique) && !unique.equals(m.getKey())
                    && !renames.containsKey(unique)); n++) {
                unique = name + "~" + n;
            }
            object.set(unique, m.getValue());
        }
    }

    /** Runs every rule on one text in order; returns the text as the rewriting rules left it. */
    private String scan(String text, boolean key) {
        scanMatched = false;
        String current = text;
        for (CompiledRule rule : rules) {
            if (rule.always() || (key && !rule.rule.includeKeys()) || current.isEmpty()) {
                continue;
            }
            spans.clear();
            for (Detector d : rule.detectors) {
                d.find(current, (s, e, det) -> spans.add(new Rewriter.Span(s, e, det.detectorName())));
            }
            if (spans.isEmpty()) {
                continue;
            }
            scanMatched = true;
            List<Rewriter.Span> merged = merge(spans);
            Set<String> detectors = new LinkedHashSet<>();
            merged.forEach(s -> detectors.add(s.detector()));
            RuleAction action = rule.rule.action();
            tally.matched(rule, action.kind(), detectors, tally.wantsPointer(rule) ? pointer(key) : null, key, merged.size());
            if (rule.rule.observe()) {
                continue;
            }
            if (action instanceof RuleAction.Block) {
                tally.block(rule, null);
                return current;
            }
            if (action instanceof RuleAction.RequireApproval a) {
                tally.hold(rule, a.timeout());
            } else {
                current = rewriter.rewrite(current, merged, action);
            }
        }
        return current;
    }

    /** The spans sorted by start, overlapping ones joined (keeping the first one's detector). */
    private static List<Rewriter.Span> merge(List<Rewriter.Span> found) {
        if (found.size() == 1) {
            return List.of(found.get(0));
        }
        List<Rewriter.Span> sorted = new ArrayList<>(found);
        sorted.sort(BY_START);
        List<Rewriter.Span> out = new ArrayList<>(sorted.size());
        Rewriter.Span last = null;
        for (Rewriter.Span s : sorted) {
            if (last != null && s.start() < last.end()) {
                last = new Rewriter.Span(last.start(), Math.max(last.end(), s.end()), last.detector());
                out.set(out.size() - 1, last);
            } else {
                out.add(s);
                last = s;
            }
        }
        return out;
    }

    private void push(Object segment) {
        if (depth < path.length) {
            path[depth] = segment;
            matchedName[depth] = false;
        }
        depth++; // deeper than the path keeps is still counted, so pops stay balanced
    }

    /**
     * The JSON pointer (RFC 6901) of the current value; for a member name, of the object holding it
     * ({@code key} only tells the reader which).
     */
    private String pointer(boolean key) {
        StringBuilder p = new StringBuilder();
        int n = Math.min(depth, path.length);
        for (int i = 0; i < n; i++) {
            String segment = matchedName[i] ? "*" : path[i].toString();
            p.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return p.toString();
    }
}
