package dev.gatehouse.core.approval;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Objects;

/**
 * A call a rule holds for an admin's approval: who makes it, to which tool, under which rule, with which
 * arguments (as the request rules left them, so what is shown to the approver is what will be sent).
 */
public record HeldCall(String gateway, String hostId, String hostName, String connectionId, String tokenPublicId,
                       String server, String tool, String ruleId, String ruleName, JsonNode arguments,
                       Duration timeout, String correlationId) {
    public HeldCall {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(timeout, "timeout");
    }
}
