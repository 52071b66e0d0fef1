package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.Objects;

/**
 * One accepted client message on its way upstream: who sent it, where it goes, and the message itself,
 * parsed for the gateway's decisions and kept as received bytes for forwarding.
 */
public record McpCall(Inbound inbound, Gateway gateway, UpstreamServer server, TransportHeaders headers,
                      JsonRpcMessage message, byte[] body) {
    public McpCall {
        Objects.requireNonNull(inbound, "inbound");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(body, "body");
    }

    /** True for a request, which gets a response; false for notifications and client responses (202). */
    public boolean expectsReply() {
        return message instanceof JsonRpcMessage.Request;
    }

    /** The request id, or the null id for messages without one. */
    public JsonRpcId id() {
        return message instanceof JsonRpcMessage.Request r ? r.id() : JsonRpcId.NULL;
    }

    public String method() {
        if (message instanceof JsonRpcMessage.Request r) {
            return r.method();
        }
        return message instanceof JsonRpcMessage.Notification n ? n.method() : null;
    }

    /** The tool a {@code tools/call} names ({@code params.name}). */
    public String tool() {
        return message instanceof JsonRpcMessage.Request r && McpMethods.TOOLS_CALL.equals(r.method())
                ? r.params().text("name").orElse(null) : null;
    }

    public boolean isInitialize() {
        return McpMethods.INITIALIZE.equals(method());
    }

    /** True when the client brought its own session; else the gateway's session is used (or, for initialize, none). */
    public boolean clientSession() {
        return headers.sessionId() != null;
    }

    public AuditPlan plan() {
        return AuditPlan.of(message);
    }
}
