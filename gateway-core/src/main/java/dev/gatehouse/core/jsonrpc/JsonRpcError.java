package dev.gatehouse.core.jsonrpc;

import java.util.Objects;

/**
 * The error object of a JSON-RPC response: one vocabulary of codes for every error the gateway
 * itself produces. Codes from -32768 to -32000 are reserved by JSON-RPC 2.0; Gatehouse's own server
 * errors use the implementation-defined range -32099 to -32000.
 */
public record JsonRpcError(int code, String message) {
    /** Invalid JSON was received (JSON-RPC 2.0). */
    public static final int PARSE_ERROR = -32700;
    /** The JSON is not a valid request object (JSON-RPC 2.0). */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist (JSON-RPC 2.0). */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid method parameters (JSON-RPC 2.0). */
    public static final int INVALID_PARAMS = -32602;
    /** Internal JSON-RPC error (JSON-RPC 2.0). */
    public static final int INTERNAL_ERROR = -32603;
    /** The HTTP request breaks the MCP transport rules (headers, size, method); as the MCP SDKs answer. */
    public static final int BAD_TRANSPORT_REQUEST = -32000;
    /** The {@code Mcp-Session-Id} names no live session; as the MCP SDKs answer. */
    public static final int SESSION_NOT_FOUND = -32001;
    /** No gateway is published under the requested slug. */
    public static final int GATEWAY_NOT_FOUND = -32040;
    /** The audit log could not make the call's record durable, so the call was refused (fail closed). */
    public static final int AUDIT_UNAVAILABLE = -32041;
    /** The upstream server could not be reached or did not answer with MCP. */
    public static final int UPSTREAM_UNAVAILABLE = -32042;
    /** The upstream server did not answer before its deadline. */
    public static final int UPSTREAM_TIMEOUT = -32043;
    /** The gateway's allow-list does not publish the tool, prompt or resource called. */
    public static final int DENIED = -32044;
    /**
     * The server's circuit is open after repeated failures, so the call was not sent; retry after the
     * {@code Retry-After} seconds (HTTP 503).
     */
    public static final int UPSTREAM_CIRCUIT_OPEN = -32045;
    /**
     * The credential the request came with ended while it was open (revoked, disabled or expired): the
     * call or stream was cut, and the upstream told to stop (docs/security.md, "What revocation cuts").
     */
    public static final int CREDENTIAL_REVOKED = -32046;
    /**
     * The connection holds its maximum of live sessions and none is idle, so no session was opened; retry
     * after the {@code Retry-After} seconds (HTTP 429), or end a session (DELETE) first.
     */
    public static final int TOO_MANY_SESSIONS = -32047;
    /**
     * The client cancelled the request ({@code notifications/cancelled}) and accepts only JSON, so its POST
     * still needs an answer: the code JSON-RPC implementations use for a cancelled request (LSP's).
     */
    public static final int REQUEST_CANCELLED = -32800;
    /**
     * The server's assignment needs an upstream identity the request's user does not have (none, disabled,
     * or needing re-authorization): the server was not called; the message names it and what to do.
     */
    public static final int IDENTITY_REQUIRED = -32060;

    public JsonRpcError {
        Objects.requireNonNull(message, "message");
    }

    public static JsonRpcError parseError() {
        return new JsonRpcError(PARSE_ERROR, "Parse error");
    }

    public static JsonRpcError invalidRequest(String detail) {
        return new JsonRpcError(INVALID_REQUEST, "Invalid Request: " + detail);
    }

    public static JsonRpcError internalError() {
        return new JsonRpcError(INTERNAL_ERROR, "Internal error");
    }
}
