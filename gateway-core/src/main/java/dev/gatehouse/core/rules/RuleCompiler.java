package dev.gatehouse.core.rules;

import dev.gatehouse.core.store.RequestRejected;
import dev.gatehouse.core.store.Validate;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a rule specification (every refusal worded for the admin who wrote it) and compiles stored
 * rules once, so that a call pays only for matching.
 */
public final class RuleCompiler {
    public static final int MAX_HOSTS = 100;
    public static final int MAX_TOOL_PATTERN = 256;
    public static final int MAX_REPLACEMENT = 1000;
    public static final int MIN_PRIORITY = -1_000_000;
    public static final int MAX_PRIORITY = 1_000_000;
    private static final Duration MIN_WEBHOOK_TIMEOUT = Duration.ofMillis(50);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private RuleCompiler() {
    }

    /**
     * The specification, normalised, if an admin may save it.
     *
     * @throws RequestRejected INVALID naming the first field that is wrong and why
     */
    public static RuleSpec validate(RuleSpec spec) {
        String name = Validate.text("name", spec.name(), Validate.MAX_NAME);
        String description = Validate.optionalText("description", spec.description(), Validate.MAX_DESCRIPTION);
        if (spec.priority() < MIN_PRIORITY || spec.priority() > MAX_PRIORITY) {
            throw RequestRejected.invalid("'priority' must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY);
        }
        List<String> hosts = hosts(spec.hostIds());
        String tools = spec.toolPattern() == null || spec.toolPattern().isBlank() ? "*"
                : Validate.text("tools", spec.toolPattern(), MAX_TOOL_PATTERN);
        if (spec.hook() == null) {
            throw RequestRejected.invalid("'hook' is required: request, response or both");
        }
        Detection detection = detection(spec.detection());
        RuleAction action = action(detection, spec.action());
        if (action instanceof RuleAction.RequireApproval && spec.hook() != Hook.REQUEST) {
            throw RequestRejected.invalid("'require_approval' holds a call before it is sent: only on the request hook");
        }
        boolean keys = spec.includeKeys() && (detection instanceof Detection.Patterns || detection instanceof Detection.BuiltIns);
        return new RuleSpec(name, description, spec.enabled(), spec.priority(), hosts, tools, spec.hook(), detection,
                keys, action, spec.observe());
    }

    /** Compiles a stored (hence valid) rule. */
    static CompiledRule compile(Rule rule) {
        List<Detector> detectors = new ArrayList<>();
        if (rule.detection() instanceof Detection.Patterns p) {
            p.patterns().forEach(regex -> detectors.add(RegexDetector.compile(regex)));
        } else if (rule.detection() instanceof Detection.BuiltIns b) {
            detectors.addAll(b.detectors());
        }
        return new CompiledRule(rule, detectors);
    }

    private static List<String> hosts(List<String> ids) {
        if (ids.size() > MAX_HOSTS) {
            throw RequestRejected.invalid("'hosts' may name at most " + MAX_HOSTS + " hosts");
        }
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String h = Validate.text("hosts[]", id, 64);
            if (!out.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    private static Detection detection(Detection d) {
        if (d == null) {
            throw RequestRejected.invalid("'detect' is required: regex, builtin, always or webhook");
        }
        if (d instanceof Detection.Patterns p) {
            if (p.patterns().isEmpty() || p.patterns().size() > Detection.Patterns.MAX_PATTERNS) {
                throw RequestRejected.invalid("'detect.patterns' must hold 1 to " + Detection.Patterns.MAX_PATTERNS
                        + " regular expressions");
            }
            for (String regex : p.patterns()) {
                if (regex == null || regex.isEmpty() || regex.length() > Detection.Patterns.MAX_PATTERN_LENGTH) {
                    throw RequestRejected.invalid("each of 'detect.patterns' must be 1 to "
                            + Detection.Patterns.MAX_PATTERN_LENGTH + " characters");
                }
                try {
                    RegexDetector.compile(regex);
                } catch (IllegalArgumentException e) {
                    throw RequestRejected.invalid("'detect.patterns' holds an expression RE2 does not accept: "
                            + e.getMessage());
                }
            }
            return p;
        }
        if (d instanceof Detection.BuiltIns b && b.detectors().isEmpty()) {
            throw RequestRejected.invalid("'detect.detectors' must name at least one detector");
        }
        if (d instanceof Detection.Webhook w) {
            return webhook(w);
        }
        return d;
    }

    private static Detection.Webhook webhook(Detection.Webhook w) {
        URI url = w.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || host.isEmpty() || url.getUserInfo() != null
                || !(scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host)))) {
            throw RequestRejected.invalid("'detect.url' must be an https URL (plain http only to this machine's"
                    + " loopback address), without user information");
        }
        if (w.timeout().compareTo(MIN_WEBHOOK_TIMEOUT) < 0 || w.timeout().compareTo(Detection.Webhook.MAX_TIMEOUT) > 0) {
            throw RequestRejected.invalid("'detect.timeoutMs' must be between " + MIN_WEBHOOK_TIMEOUT.toMillis() + " and "
                    + Detection.Webhook.MAX_TIMEOUT.toMillis());
        }
        if (w.signed() && (w.signingKey().length() < SigningKey.MIN_LENGTH || w.signingKey().length() > SigningKey.MAX_LENGTH)) {
            throw RequestRejected.invalid("'detect.secret' must be " + SigningKey.MIN_LENGTH + " to "
                    + SigningKey.MAX_LENGTH + " characters");
        }
        return w;
    }

    private static RuleAction action(Detection detection, RuleAction action) {
        if (detection instanceof Detection.Webhook) {
            if (action != null) {
                throw RequestRejected.invalid("a webhook rule takes no 'action': the webhook answers pass, block or modify");
            }
            return null;
        }
        if (action == null) {
            throw RequestRejected.invalid("'action' is required: block, redact, replace, mask, hash or require_approval");
        }
        if (detection instanceof Detection.Always && action.rewrites()) {
            throw RequestRejected.invalid("a rule that detects 'always' can only block or require_approval");
        }
        if (action instanceof RuleAction.Replace r) {
            Validate.text("action.text", r.text(), MAX_REPLACEMENT);
            return new RuleAction.Replace(r.text()); // as written: spaces may be meant
        }
        return action;
    }
}
