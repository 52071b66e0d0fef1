package dev.gatehouse.core.rules;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit records of a decision: one per rule that matched, sharing the call's correlation id, naming
 * the rule, the action (and whether it was only observed), the detectors and the JSON pointers where
 * they matched, never the matched text.
 */
public final class RuleAudit {
    private RuleAudit() {
    }

    public static List<AuditEvent> events(RuleContext call, Hook phase, Decision decision) {
        List<AuditEvent> out = new ArrayList<>(decision.hits().size());
        for (RuleHit hit : decision.hits()) {
            boolean blocked = decision instanceof Decision.Blocked b && b.ruleId().equals(hit.ruleId());
            AuditEvent.Builder e = AuditEvent.builder(AuditKind.RULE, blocked ? Outcome.DENIED : Outcome.SUCCESS)
                    .gateway(call.gateway()).hostId(call.hostId()).hostName(call.hostName())
                    .tokenPublicId(call.tokenPublicId()).server(call.server()).tool(call.tool())
                    .method(call.method()).jsonRpcId(call.jsonRpcId()).detail(detail(phase, call.part() == null ? null
                            : (call.method() == null ? "answer" : call.method()) + " " + call.part(), hit));
            if (call.correlationId() != null) {
                e.correlationId(call.correlationId());
            }
            out.add(e.build());
        }
        return out;
    }

    /** {@code rule 'name' (id) on response: redact [observe] by email,card_number at /a/0, /b (3 matches)}. */
    static String detail(Hook phase, RuleHit hit) {
        return detail(phase, null, hit);
    }

    /** With {@code message} (such as {@code notifications/message params}) when it is not the call's own payload. */
    static String detail(Hook phase, String message, RuleHit hit) {
        StringBuilder d = new StringBuilder("rule '").append(hit.ruleName()).append("' (").append(hit.ruleId())
                .append(") on ").append(phase.wireName());
        if (message != null) {
            d.append(" (").append(message).append(')');
        }
        d.append(": ").append(hit.action());
        if (hit.observed()) {
            d.append(" [observe]");
        }
        d.append(" by ").append(String.join(",", hit.detectors()));
        if (!hit.pointers().isEmpty()) {
            d.append(hit.keys() ? " (member names) at " : " at ");
            d.append(String.join(", ", hit.pointers().stream().map(p -> p.isEmpty() ? "(whole payload)" : p).toList()));
        }
        d.append(" (").append(hit.matches()).append(hit.matches() == 1 ? " match)" : " matches)");
        if (hit.note() != null) {
            d.append("; ").append(hit.note());
        }
        return d.toString();
    }
}
