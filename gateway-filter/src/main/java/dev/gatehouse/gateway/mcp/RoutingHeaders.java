package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;
import java.util.Set;

/**
 * The routing headers of the stateless revision (MCP 2026-07-28, SEP-2243): {@code Mcp-Method} names
 * the JSON-RPC method and {@code Mcp-Name} the tool or prompt name or resource URI, so intermediaries
 * can route without reading the body. Gatehouse routes on the body, and refuses a request whose headers
 * say otherwise (else a proxy in front and Gatehouse could act on different calls). Under 2026-07-28
 * {@code Mcp-Method} is required; under earlier revisions the headers are checked when present.
 */
public final class RoutingHeaders {
    public static final String METHOD = "Mcp-Method";
    public static final String NAME = "Mcp-Name";
    private static final Set<String> BY_URI = Set.of(McpMethods.RESOURCES_READ, McpMethods.RESOURCES_SUBSCRIBE,
            McpMethods.RESOURCES_UNSUBSCRIBE);
    private static final Set<String> BY_NAME = Set.of(McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET);

    private RoutingHeaders() {
    }

    /** The error when the headers do not match the message, else empty. */
    public static Optional<McpError> check(HttpServletRequest request, JsonRpcMessage message, boolean stateless) {
        String method = request.getHeader(METHOD);
        String name = request.getHeader(NAME);
        String bodyMethod = message instanceof JsonRpcMessage.Request r ? r.method()
                : message instanceof JsonRpcMessage.Notification n ? n.method() : null;
        if (method == null) {
            return stateless && bodyMethod != null ? Optional.of(McpError.headerMismatch(METHOD + " header is required"))
                    : Optional.empty();
        }
        if (!method.strip().equals(bodyMethod)) {
            return Optional.of(McpError.headerMismatch(METHOD + " header does not match the body's method"));
        }
        String bodyName = bodyName(message, bodyMethod);
        if (bodyName != null && (stateless || name != null) && !bodyName.equals(name == null ? null : name.strip())) {
            return Optional.of(McpError.headerMismatch(NAME + " header does not match the body"));
        }
        if (bodyName == null && name != null) {
            return Optional.of(McpError.headerMismatch(NAME + " header given for a message that names nothing"));
        }
        return Optional.empty();
    }

    private static String bodyName(JsonRpcMessage message, String method) {
        if (!(message instanceof JsonRpcMessage.Request r)) {
            return null;
        }
        if (BY_NAME.contains(method)) {
            return r.params().text("name").orElse(null);
        }
        return BY_URI.contains(method) ? r.params().text("uri").orElse(null) : null;
    }
}
