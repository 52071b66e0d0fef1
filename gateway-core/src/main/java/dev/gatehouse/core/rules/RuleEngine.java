package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decides what happens to a {@code tools/call}'s arguments (request hook) or result (response hook):
 * the gateway's rules that apply to the host, tool and phase run in ascending priority, each seeing the
 * payload as the ones before left it. Consecutive local rules share one walk over the payload; a
 * webhook rule is one round trip to its engine. The first rule that blocks decides; otherwise the first
 * that requires approval holds the call; otherwise the call proceeds with the rewritten payload.
 * Rules in observe mode are recorded in the decision's hits and change nothing.
 * <p>
 * Cheap per call: rules are compiled once per change ({@link RuleBook}); a call whose gateway has no
 * rule for the phase costs one map look-up.
 */
public final class RuleEngine {
    private final RuleBook book;
    private final Rewriter rewriter;
    private final WebhookClient webhooks;

    /** @param hashKey the key of the {@code hash} action, shared by every node so hashes compare across nodes */
    public RuleEngine(RuleBook book, byte[] hashKey, WebhookClient webhooks) {
        this.book = book;
        this.rewriter = new Rewriter(hashKey);
        this.webhooks = webhooks;
    }

    /** True when some enabled rule of the gateway hooks {@code phase}, so the caller must parse the payload. */
    public boolean active(String gateway, Hook phase) {
        for (CompiledRule r : book.rules(gateway)) {
            if (r.rule.hook().covers(phase)) {
                return true;
            }
        }
        return false;
    }

    /** The longest approval timeout of the gateway's rules (zero without any), for the exchange's deadline. */
    public java.time.Duration longestHold(String gateway) {
        java.time.Duration longest = java.time.Duration.ZERO;
        for (CompiledRule r : book.rules(gateway)) {
            if (r.rule.action() instanceof RuleAction.RequireApproval a && a.timeout().compareTo(longest) > 0) {
                longest = a.timeout();
            }
        }
        return longest;
    }

    /** The decision for {@code payload}, waiting for webhook rules if there are any. */
    public Decision evaluate(Hook phase, RuleContext context, JsonNode payload) {
        return evaluateAsync(phase, context, payload).join();
    }

    /** The decision for {@code payload}; completes at once unless a webhook rule applies. Never fails. */
    public CompletableFuture<Decision> evaluateAsync(Hook phase, RuleContext context, JsonNode payload) {
        return run(applicable(book.rules(context.gateway()), phase, context), phase, context, payload);
    }

    /**
     * The decision of one rule that is not saved yet, for trying it against a sample payload (the
     * host and tool filters apply as they would).
     */
    public CompletableFuture<Decision> trial(Rule rule, Hook phase, RuleContext context, JsonNode payload) {
        return run(applicable(List.of(RuleCompiler.compile(rule)), phase, context), phase, context, payload);
    }

    private static List<CompiledRule> applicable(List<CompiledRule> rules, Hook phase, RuleContext context) {
        List<CompiledRule> out = null;
        for (CompiledRule r : rules) {
            if (r.appliesTo(phase, context)) {
                if (out == null) {
                    out = new ArrayList<>(rules.size());
                }
                out.add(r);
            }
        }
        return out == null ? List.of() : out;
    }

    private CompletableFuture<Decision> run(List<CompiledRule> rules, Hook phase, RuleContext context, JsonNode payload) {
        if (rules.isEmpty()) {
            return CompletableFuture.completedFuture(new Decision.Pass(payload, false, List.of()));
        }
        return from(rules, 0, phase, context, payload, payload, new Tally());
    }

    private CompletableFuture<Decision> from(List<CompiledRule> rules, int start, Hook phase, RuleContext context,
                                             JsonNode original, JsonNode current, Tally tally) {
        int i = start;
        JsonNode payload = current;
        while (i < rules.size()) {
            CompiledRule rule = rules.get(i);
            if (rule.webhook()) {
                int next = i + 1;
                JsonNode before = payload;
                return webhooks.ask(rule.rule, phase, context, before).thenCompose(answer -> {
                    JsonNode after = apply(rule, answer, before, tally);
                    return tally.blocked() ? CompletableFuture.completedFuture(tally.decide(original, after))
                            : from(rules, next, phase, context, original, after, tally);
                });
            }
            int end = i;
            while (end < rules.size() && !rules.get(end).webhook()) {
                end++;
            }
            payload = new ScanPass(rules.subList(i, end), phase, rewriter, tally).run(payload);
            if (tally.blocked()) {
                break;
            }
            i = end;
        }
        return CompletableFuture.completedFuture(tally.decide(original, payload));
    }

    /** Records a webhook's answer and returns the payload it leaves. */
    private static JsonNode apply(CompiledRule rule, WebhookAnswer answer, JsonNode payload, Tally tally) {
        boolean observe = rule.rule.observe();
        Detection.Webhook hook = (Detection.Webhook) rule.rule.detection();
        if (answer instanceof WebhookAnswer.Pass) {
            tally.answered(rule, "pass", null);
        } else if (answer instanceof WebhookAnswer.Block b) {
            tally.answered(rule, "block", null);
            if (!observe) {
                tally.block(rule, b.reason());
            }
        } else if (answer instanceof WebhookAnswer.Modify m) {
            tally.answered(rule, "modify", null);
            if (!observe) {
                return m.payload();
            }
        } else {
            String why = ((WebhookAnswer.Failed) answer).why();
            tally.answered(rule, hook.failOpen() ? "pass" : "block", (hook.failOpen() ? "fail-open: " : "fail-closed: ") + why);
            if (!observe && !hook.failOpen()) {
                tally.block(rule, "the rule engine did not answer");
            }
        }
        return payload;
    }
}
