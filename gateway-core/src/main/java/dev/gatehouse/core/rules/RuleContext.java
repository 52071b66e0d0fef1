package dev.gatehouse.core.rules;

import dev.gatehouse.core.model.TokenGrant;

import java.util.Objects;

/**
 * The call a rule is evaluated for: which gateway, on behalf of which host and connection, which tool
 * (as the client named it) on which server. The attribution fields go into the decision's audit records.
 */
public record RuleContext(String gateway, String hostId, String hostName, String connectionId, String tokenPublicId,
                          String tool, String server, String correlationId, String jsonRpcId) {
    public RuleContext {
        Objects.requireNonNull(gateway, "gateway");
    }

    /** The context of a call made with {@code grant}. */
    public static RuleContext of(TokenGrant grant, String tool, String server, String correlationId, String jsonRpcId) {
        return new RuleContext(grant.gatewaySlug(), grant.hostId(), grant.hostName(), grant.connectionId(),
                grant.tokenPublicId(), tool, server, correlationId, jsonRpcId);
    }
}
