package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;

import java.util.Optional;

/**
 * Only {@code notifications/...} methods may arrive without an id (MCP "Base Protocol": every notification
 * method is in that namespace). A request method sent as a notification, such as a {@code tools/call}
 * without an id, would run upstream with no reply and no audit record of its outcome; it is refused as an
 * invalid request instead, and the refusal is audited like any other.
 */
final class NotificationRule {
    static final String PREFIX = "notifications/";

    private NotificationRule() {
    }

    static Optional<McpError> check(JsonRpcMessage message) {
        if (message instanceof JsonRpcMessage.Notification n && !n.method().startsWith(PREFIX)) {
            return Optional.of(McpError.badMessage(JsonRpcId.NULL,
                    JsonRpcError.invalidRequest("only '" + PREFIX + "' methods may be sent without an 'id'")));
        }
        return Optional.empty();
    }

    /** The method to audit for a refused message: the name as sent, cut to what the audit column keeps. */
    static String method(JsonRpcMessage message) {
        String m = ((JsonRpcMessage.Notification) message).method();
        return m.length() <= 128 ? m : m.substring(0, 128);
    }
}
