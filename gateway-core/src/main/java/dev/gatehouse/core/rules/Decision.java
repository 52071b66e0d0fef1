package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.governance.GovernanceErrors;
import dev.gatehouse.core.jsonrpc.JsonRpcError;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rule engine's answer for one payload. Every variant lists what each matching rule did
 * ({@link #hits()}), observed rules included, for the audit log.
 */
public sealed interface Decision {
    List<RuleHit> hits();

    /** Proceed with {@code payload}: the one given when nothing changed, else a rewritten copy. */
    record Pass(JsonNode payload, boolean modified, List<RuleHit> hits) implements Decision {
        public Pass {
            hits = List.copyOf(hits);
        }
    }

    /** Refuse the call; the client gets {@link #error()}, which names the rule. */
    record Blocked(String ruleId, String ruleName, String reason, List<RuleHit> hits) implements Decision {
        public Blocked {
            Objects.requireNonNull(ruleId, "ruleId");
            hits = List.copyOf(hits);
        }

        /** The JSON-RPC error for the client: the rule's name and, from a webhook, its reason. */
        public JsonRpcError error() {
            return GovernanceErrors.ruleBlocked(ruleName, reason);
        }
    }

    /**
     * Hold the call until an admin approves it (then proceed with {@code payload}) or denies it, or
     * {@code timeout} passes.
     */
    record Held(String ruleId, String ruleName, Duration timeout, JsonNode payload, List<RuleHit> hits)
            implements Decision {
        public Held {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(timeout, "timeout");
            hits = List.copyOf(hits);
        }
    }
}
