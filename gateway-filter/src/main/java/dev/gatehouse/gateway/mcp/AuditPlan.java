package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;

/** Which audit records a message gets. */
public enum AuditPlan {
    /** {@code tools/call}: a durable CALL_STARTED before forwarding, a CALL_COMPLETED before the reply ends. */
    CALL,
    /** {@code tools/list}: one LIST record with the outcome. */
    LIST,
    /** Any other request: one REQUEST record with the outcome. */
    REQUEST,
    /** {@code ping}, notifications and client responses: too frequent and content-free to record. */
    NONE;

    public static AuditPlan of(JsonRpcMessage message) {
        if (!(message instanceof JsonRpcMessage.Request r)) {
            return NONE;
        }
        return switch (r.method()) {
            case McpMethods.TOOLS_CALL -> CALL;
            case McpMethods.TOOLS_LIST -> LIST;
            case McpMethods.PING -> NONE;
            default -> REQUEST;
        };
    }
}
