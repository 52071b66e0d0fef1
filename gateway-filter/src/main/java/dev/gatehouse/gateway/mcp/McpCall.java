package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.SessionRef;
import dev.gatehouse.core.session.UpstreamScope;

import java.util.Objects;

/**
 * One accepted client message: who sent it, to which gateway, the message itself (parsed for the
 * gateway's decisions and kept as received bytes for forwarding), the Gatehouse session it belongs to
 * (null without one) and, once routed, the server it goes to (null while none is chosen, and for
 * messages Gatehouse answers itself or merges from every server).
 */
public record McpCall(Inbound inbound, Gateway gateway, UpstreamServer server, TransportHeaders headers,
                      JsonRpcMessage message, byte[] body, SessionRef session) {
    public McpCall {
        Objects.requireNonNull(inbound, "inbound");
        Objects.requireNonNull(gateway, "gateway");
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

    /** The tool a {@code tools/call} names ({@code params.name}), as the client named it. */
    public String tool() {
        return message instanceof JsonRpcMessage.Request r && McpMethods.TOOLS_CALL.equals(r.method())
                ? r.params().text("name").orElse(null) : null;
    }

    /** The negotiated (or, without a session, the declared) protocol revision of this message. */
    public String protocolVersion() {
        if (session != null) {
            return session.state().protocolVersion();
        }
        return headers.protocolVersion() == null ? McpMethods.ASSUMED_VERSION : headers.protocolVersion();
    }

    /** Whose upstream sessions carry this message: its session's, else its connection's (never another's). */
    public UpstreamScope scope() {
        return UpstreamScope.of(session, inbound.grant() == null ? null : inbound.grant().connectionId());
    }

    public boolean stateless() {
        return McpMethods.STATELESS_VERSION.equals(headers.protocolVersion());
    }

    public AuditPlan plan() {
        return AuditPlan.of(message);
    }

    public McpCall inSession(SessionRef s) {
        return new McpCall(inbound, gateway, server, headers, message, body, s);
    }

    public McpCall routedTo(UpstreamServer s) {
        return new McpCall(inbound, gateway, s, headers, message, body, session);
    }
}
