package dev.gatehouse.core.rules;

import dev.gatehouse.core.model.TokenGrant;

import java.util.Objects;

/**
 * The message a rule is evaluated for: which gateway, on behalf of which host and connection, which tool
 * (as the client named it; empty for messages that belong to no tool call) on which server, and which
 * part of which message. The attribution fields go into the decision's audit records.
 *
 * @param method the JSON-RPC method the message belongs to (for a response, its request's), for the audit record;
 *               null for a client's answer to a server request (its method is not in it)
 * @param part   null for a {@code tools/call}'s own arguments or result; else which part of which other message
 *               the rules see ({@code "params"}, {@code "_meta"}, {@code "error"}, {@code "result"}), where
 *               {@code always} and {@code require_approval} rules do not apply
 */
public record RuleContext(String gateway, String hostId, String hostName, String connectionId, String tokenPublicId,
                          String tool, String server, String correlationId, String jsonRpcId, String method, String part) {
    public static final String CALL = "tools/call";

    public RuleContext {
        Objects.requireNonNull(gateway, "gateway");
        method = method == null && part == null ? CALL : method;
    }

    /** The context of a {@code tools/call}'s own arguments or result. */
    public RuleContext(String gateway, String hostId, String hostName, String connectionId, String tokenPublicId,
                       String tool, String server, String correlationId, String jsonRpcId) {
        this(gateway, hostId, hostName, connectionId, tokenPublicId, tool, server, correlationId, jsonRpcId, CALL, null);
    }

    /** The context of a call made with {@code grant}. */
    public static RuleContext of(TokenGrant grant, String tool, String server, String correlationId, String jsonRpcId) {
        return new RuleContext(grant.gatewaySlug(), grant.hostId(), grant.hostName(), grant.connectionId(),
                grant.tokenPublicId(), tool, server, correlationId, jsonRpcId);
    }

    /** This context for {@code part} of a message of {@code method} (see {@link #part()}). */
    public RuleContext message(String messageMethod, String messagePart) {
        return new RuleContext(gateway, hostId, hostName, connectionId, tokenPublicId, tool == null || tool.isEmpty()
                ? null : tool, server, correlationId, jsonRpcId, messageMethod, messagePart);
    }
}
