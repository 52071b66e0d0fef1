package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.rules.RuleContext;
import dev.gatehouse.core.telemetry.CallTrace;

import java.util.Objects;

/**
 * A {@code tools/call} as governance sees it: who makes it (the token's grant), to which server and tool
 * ({@code tool} as the client named it, {@code upstreamTool} as the server knows it), under which
 * correlation id and JSON-RPC id, with which arguments; {@code trace} gets a child span per governance step.
 */
public record GovernedCall(TokenGrant grant, String serverId, String serverSlug, String tool, String upstreamTool,
                           String correlationId, String jsonRpcId, JsonNode arguments, CallTrace trace) {
    public GovernedCall {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(tool, "tool");
        trace = trace == null ? CallTrace.NONE : trace;
    }

    /** A call outside any trace. */
    public GovernedCall(TokenGrant grant, String serverId, String serverSlug, String tool, String upstreamTool,
                        String correlationId, String jsonRpcId, JsonNode arguments) {
        this(grant, serverId, serverSlug, tool, upstreamTool, correlationId, jsonRpcId, arguments, CallTrace.NONE);
    }

    public String gateway() {
        return grant.gatewaySlug();
    }

    RuleContext context() {
        return RuleContext.of(grant, tool, serverSlug, correlationId, jsonRpcId);
    }
}
