package dev.gatehouse.core.rules;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Set;

/**
 * A rule ready to run: its detectors compiled once, its tool glob as an anchored RE2 pattern, its host
 * list as a set. Immutable and shared by every call.
 */
final class CompiledRule {
    final Rule rule;
    final List<Detector> detectors;
    private final Pattern tools;
    private final boolean allTools;
    private final Set<String> hosts;

    CompiledRule(Rule rule, List<Detector> detectors) {
        this.rule = rule;
        this.detectors = List.copyOf(detectors);
        this.allTools = "*".equals(rule.toolPattern());
        this.tools = Pattern.compile(glob(rule.toolPattern()));
        this.hosts = Set.copyOf(rule.hostIds());
    }

    /**
     * True when the rule is on and applies to this phase, host and tool. A rule that decides without
     * looking ({@code always}) or holds for approval applies to a call's own arguments and result only:
     * the other messages are scanned, and cannot be held.
     */
    boolean appliesTo(Hook phase, RuleContext context) {
        return rule.enabled() && rule.hook().covers(phase)
                && (context.part() == null || !(always() || rule.action() instanceof RuleAction.RequireApproval))
                && (hosts.isEmpty() || (context.hostId() != null && hosts.contains(context.hostId())))
                && (allTools || (context.tool() != null && tools.matches(context.tool())));
    }

    boolean webhook() {
        return rule.detection() instanceof Detection.Webhook;
    }

    boolean always() {
        return rule.detection() instanceof Detection.Always;
    }

    /** True when this rule may change the payload (so the pass must work on a copy). */
    boolean rewrites() {
        return !rule.observe() && rule.action() != null && rule.action().rewrites();
    }

    /** A glob ({@code *} any run, {@code ?} one character, all else literal) as an RE2 pattern. */
    static String glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? "(?s:.*)" : "(?s:.)");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return "rule " + rule.id() + " '" + rule.name() + "'";
    }
}
