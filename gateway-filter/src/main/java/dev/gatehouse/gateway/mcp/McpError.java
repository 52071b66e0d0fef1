package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.util.Objects;

/**
 * Every error the MCP endpoint answers, as a value: HTTP status plus a JSON-RPC error object that
 * keeps the request's id. {@link #ofUpstream} is the one place where upstream failures become statuses.
 */
public record McpError(int status, JsonRpcId id, JsonRpcError error) {
    public McpError {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(error, "error");
    }

    private static McpError transport(int status, String message) {
        return new McpError(status, JsonRpcId.NULL, new JsonRpcError(JsonRpcError.BAD_TRANSPORT_REQUEST, message));
    }

    public static McpError gatewayNotFound() {
        return new McpError(404, JsonRpcId.NULL, new JsonRpcError(JsonRpcError.GATEWAY_NOT_FOUND, "Gateway not found"));
    }

    public static McpError methodNotAllowed() {
        return transport(405, "Method Not Allowed: use POST, or DELETE to end a session");
    }

    public static McpError unsupportedMediaType() {
        return transport(415, "Unsupported Media Type: Content-Type must be application/json");
    }

    /** A {@code Content-Type} charset, or a body encoding, other than UTF-8 (MCP messages are UTF-8). */
    public static McpError notUtf8(String what) {
        return transport(415, "Unsupported Media Type: MCP messages must be UTF-8, not " + what);
    }

    /** A GET (listen stream) whose Accept does not allow an event stream. */
    public static McpError listenNotAcceptable() {
        return transport(406, "Not Acceptable: Accept must allow text/event-stream");
    }

    /** A GET where no server of the gateway offers a listen stream (or the stateless revision). */
    public static McpError listenNotOffered() {
        return transport(405, "Method Not Allowed: no listen stream is offered; use POST, or DELETE to end a session");
    }

    public static McpError notAcceptable() {
        return transport(406, "Not Acceptable: Accept must allow application/json or text/event-stream");
    }

    public static McpError tooLarge(long max) {
        return transport(413, "Payload Too Large: the body must not exceed " + max + " bytes");
    }

    public static McpError originNotAllowed() {
        return transport(403, "Forbidden: Origin not allowed");
    }

    public static McpError unsupportedProtocolVersion() {
        return transport(400, "Bad Request: Unsupported protocol version");
    }

    public static McpError badHeader(String name) {
        return transport(400, "Bad Request: invalid " + name + " header");
    }

    /** A routing header ({@code Mcp-Method}, {@code Mcp-Name}) is missing or disagrees with the body. */
    public static McpError headerMismatch(String detail) {
        return new McpError(400, JsonRpcId.NULL, JsonRpcError.invalidRequest(detail));
    }

    /** The {@code Mcp-Session-Id} names no live session of this connection (MCP: the client starts anew). */
    public static McpError sessionNotFound(JsonRpcId id) {
        return new McpError(404, id, new JsonRpcError(JsonRpcError.SESSION_NOT_FOUND, "Session not found"));
    }

    /** A merged list's cursor that Gatehouse did not issue. */
    public static McpError badCursor(JsonRpcId id) {
        return new McpError(200, id, new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid cursor"));
    }

    /** No server of the gateway publishes the named tool, prompt or resource. */
    public static McpError unknownItem(JsonRpcId id, String what) {
        return new McpError(200, id, new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Unknown " + what));
    }

    /** The gateway's allow-list does not publish the item (DESIGN: 403 with the JSON-RPC error in the body). */
    public static McpError denied(JsonRpcId id, String what) {
        return new McpError(403, id, new JsonRpcError(JsonRpcError.DENIED, "Denied: " + what + " is not allowed on this gateway"));
    }

    /** An {@code initialize} field out of bounds (named in {@code detail}); 400, nothing was stored. */
    public static McpError invalidParams(JsonRpcId id, String detail) {
        return new McpError(400, id, new JsonRpcError(JsonRpcError.INVALID_PARAMS, "Invalid params: " + detail));
    }

    /** The connection holds {@code max} live sessions, none idle: no session opened (429, with Retry-After). */
    public static McpError tooManySessions(JsonRpcId id, int max) {
        return new McpError(429, id, new JsonRpcError(JsonRpcError.TOO_MANY_SESSIONS, "Too many sessions: this connection"
                + " already holds " + max + " live sessions, none idle; end one (DELETE) or retry later"));
    }

    /** A method no single server can answer on a gateway of several. */
    public static McpError methodNotFound(JsonRpcId id, String method) {
        return new McpError(200, id, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + method));
    }

    /**
     * A method the client's protocol revision does not define ({@code ClientMethods}): never forwarded.
     * A request gets the error under its id (HTTP 200); a notification cannot be answered, so the POST is
     * refused (MCP transport: 400, a JSON-RPC error without id). The name is echoed cut and without
     * control characters.
     */
    public static McpError unknownMethod(JsonRpcId id, String method, boolean notification) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < method.length() && shown.length() < 64; i++) {
            char c = method.charAt(i);
            shown.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return new McpError(notification ? 400 : 200, id, new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
                "Method not found: " + shown));
    }

    /** The upstream that would answer is down: the error names it, the other servers keep working. */
    public static McpError serverUnavailable(JsonRpcId id, String serverName, McpError cause) {
        return new McpError(cause.status(), id, new JsonRpcError(cause.error().code(),
                cause.error().message() + " (server '" + serverName + "')"));
    }

    public static McpError sessionRequired() {
        return transport(400, "Bad Request: Mcp-Session-Id header is required");
    }

    /** The body is not one well-formed JSON-RPC message (parse error or invalid request). */
    public static McpError badMessage(JsonRpcId id, JsonRpcError error) {
        return new McpError(400, id, error);
    }

    /** Fail closed: the call's audit record could not be made durable, so it was not forwarded. */
    public static McpError auditUnavailable(JsonRpcId id) {
        return new McpError(503, id, new JsonRpcError(JsonRpcError.AUDIT_UNAVAILABLE,
                "Audit log unavailable; the call was not forwarded"));
    }

    /** Gatehouse's own database did not answer. */
    public static McpError unavailable(JsonRpcId id) {
        return new McpError(503, id, new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Gatehouse is temporarily unavailable"));
    }

    /**
     * The server failed repeatedly and its circuit is open: the call was not sent. 503, so clients and
     * proxies retry after {@code Retry-After} rather than treat the gateway as broken.
     */
    public static McpError circuitOpen(JsonRpcId id) {
        return new McpError(503, id, new JsonRpcError(JsonRpcError.UPSTREAM_CIRCUIT_OPEN,
                "Upstream server is failing; not called while its circuit is open"));
    }

    public static McpError noUpstream(JsonRpcId id) {
        return new McpError(502, id, new JsonRpcError(JsonRpcError.UPSTREAM_UNAVAILABLE, "The gateway has no enabled upstream server"));
    }

    public static McpError internal(JsonRpcId id) {
        return new McpError(500, id, JsonRpcError.internalError());
    }

    /**
     * The error for an upstream reply that is not a usable answer: unreachable or not MCP 502, deadline
     * passed 504, a client's own session unknown upstream 404, any other non-2xx 502.
     *
     * @param clientSession true when the client chose the session (its 404 is then the client's to handle)
     */
    public static McpError ofUpstream(UpstreamResponse reply, JsonRpcId id, boolean clientSession) {
        if (reply instanceof UpstreamResponse.NoIdentity n) {
            return identityRequired(id, n.message());
        }
        if (reply instanceof UpstreamResponse.Failed f) {
            return switch (f.failure()) {
                case TIMEOUT -> timeout(id);
                case UNREACHABLE -> new McpError(502, id, new JsonRpcError(JsonRpcError.UPSTREAM_UNAVAILABLE,
                        "Upstream server unreachable"));
                case INVALID_REPLY -> invalidReply(id);
            };
        }
        if (reply instanceof UpstreamResponse.Refused r) {
            if (r.status() == 404 && clientSession) {
                return sessionNotFound(id);
            }
            return new McpError(502, id, new JsonRpcError(JsonRpcError.UPSTREAM_UNAVAILABLE,
                    "Upstream server refused the request (HTTP " + r.status() + ")"
                            + (r.message() == null ? "" : ": " + r.message())));
        }
        return invalidReply(id);
    }

    /**
     * The credential the request came with ended while it was open (revoked, disabled or expired): the call
     * was cut (not sent, or the upstream told to stop). 403 when nothing was sent yet, else an error event
     * on the open stream (docs/security.md, "What revocation cuts").
     */
    public static McpError revoked(JsonRpcId id) {
        return new McpError(403, id, new JsonRpcError(JsonRpcError.CREDENTIAL_REVOKED,
                "Credential revoked: the call was cut"));
    }

    /**
     * The upstream identity a call used was deleted or disabled while the call was open (by its owner, an
     * admin, or break-glass for its owner): the call was cut like one whose token was revoked (same code and
     * outcome), and the message names the server, so the client knows which one to sign in to again.
     */
    public static McpError identityEnded(JsonRpcId id, String server) {
        return new McpError(403, id, new JsonRpcError(JsonRpcError.CREDENTIAL_REVOKED,
                "Credential revoked: the identity for server '" + server + "' was deleted or disabled, and the call was cut"));
    }

    /** A call the client cancelled, answered only to a client that accepts JSON alone (its POST needs an answer). */
    public static McpError cancelled(JsonRpcId id) {
        return new McpError(200, id, new JsonRpcError(JsonRpcError.REQUEST_CANCELLED, "Request cancelled"));
    }

    /**
     * The call's client fell so far behind a stream that cannot wait for it (the 2024-11-05 transport's) that the
     * call was cut ({@code why} says by how much): the code of a cancelled request, as the call is recorded
     * cancelled; the last message of its stream, for a client that reads it within the cut's grace.
     */
    public static McpError tooSlow(JsonRpcId id, String why) {
        return new McpError(200, id, new JsonRpcError(JsonRpcError.REQUEST_CANCELLED,
                "Request cancelled: " + why + "; the call was cut"));
    }

    /**
     * The server needs an identity the token's user lacks (or must re-authorize): 403, never sent; the
     * message names the server and what the user must do. The gateway's other servers are unaffected.
     */
    public static McpError identityRequired(JsonRpcId id, String message) {
        return new McpError(403, id, new JsonRpcError(JsonRpcError.IDENTITY_REQUIRED, message));
    }

    public static McpError timeout(JsonRpcId id) {
        return new McpError(504, id, new JsonRpcError(JsonRpcError.UPSTREAM_TIMEOUT, "Upstream server did not answer in time"));
    }

    public static McpError invalidReply(JsonRpcId id) {
        return new McpError(502, id, new JsonRpcError(JsonRpcError.UPSTREAM_UNAVAILABLE, "Upstream server sent an invalid reply"));
    }

    /** The audit outcome of a request that ended with this error. */
    public Outcome outcome() {
        if (error.code() == JsonRpcError.CREDENTIAL_REVOKED) {
            return Outcome.REVOKED;
        }
        if (error.code() == JsonRpcError.REQUEST_CANCELLED) {
            return Outcome.CANCELLED;
        }
        return switch (status) {
            case 504 -> Outcome.TIMEOUT;
            case 503 -> error.code() == JsonRpcError.UPSTREAM_CIRCUIT_OPEN ? Outcome.UPSTREAM_ERROR : Outcome.ERROR;
            case 502 -> Outcome.UPSTREAM_ERROR;
            case 404 -> error.code() == JsonRpcError.SESSION_NOT_FOUND ? Outcome.ERROR : Outcome.REJECTED;
            case 403 -> error.code() == JsonRpcError.DENIED ? Outcome.DENIED : Outcome.REJECTED;
            case 200 -> Outcome.ERROR;
            default -> status >= 500 ? Outcome.ERROR : Outcome.REJECTED;
        };
    }

    /** This error with the request's id, once it is known. */
    public McpError withId(JsonRpcId newId) {
        return new McpError(status, newId, error);
    }

    public byte[] body() {
        return JsonRpcWriter.error(id, error);
    }
}
