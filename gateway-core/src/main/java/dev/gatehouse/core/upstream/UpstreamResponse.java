package dev.gatehouse.core.upstream;

import dev.gatehouse.core.text.LogText;

import java.util.Objects;

/**
 * How an upstream answered one message, as a value: a JSON body, an open event stream, an empty
 * acknowledgement, a refusal (non-2xx) or a failure. The upstream's headers other than
 * {@code Mcp-Session-Id} are not kept, so they cannot leak to a client.
 */
public sealed interface UpstreamResponse {

    /** 2xx with {@code application/json}: one JSON-RPC message. */
    record Json(int status, byte[] body, String sessionId) implements UpstreamResponse {
        public Json {
            Objects.requireNonNull(body, "body");
        }
    }

    /** 2xx with {@code text/event-stream}: events arrive through {@link EventStream#open}. */
    record Stream(int status, String sessionId, EventStream events) implements UpstreamResponse {
        public Stream {
            Objects.requireNonNull(events, "events");
        }
    }

    /** 2xx without a body (202 for notifications, 200 or 204 for DELETE). */
    record Empty(int status, String sessionId) implements UpstreamResponse {
    }

    /**
     * A non-2xx status. {@code message} is the upstream's JSON-RPC error message when it is short,
     * printable text, else null: the upstream's body itself is never passed on. {@code insufficientScope} is the
     * scope a 403's {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="…"} challenge names (a
     * step-up: the credential needs more permission), else null.
     */
    record Refused(int status, String message, String insufficientScope) implements UpstreamResponse {
        public Refused(int status, String message) {
            this(status, message, null);
        }
    }

    /**
     * Not sent: the request has no usable identity for the server (its {@code per-user} assignment needs the
     * user's own). {@code message} names the server and says what the user must do.
     */
    record NoIdentity(String message) implements UpstreamResponse {
        public NoIdentity {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * No usable answer. {@code cause} says what went wrong for the node's log (the exception chain, a deadline
     * passed, the reply's content type), never for the client, since it may name internal hosts; null if
     * nothing more is known.
     */
    record Failed(Failure failure, String cause) implements UpstreamResponse {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }

        public Failed(Failure failure) {
            this(failure, (String) null);
        }

        public Failed(Failure failure, Throwable error) {
            this(failure, error == null ? null : LogText.cause(error));
        }
    }

    /** Why there is no usable answer. */
    enum Failure {
        /** Connection refused, unresolvable host, connect timeout, or the connection broke. */
        UNREACHABLE,
        /** The server's read timeout passed before the exchange completed. */
        TIMEOUT,
        /** The upstream answered with something that is not MCP (content type, size). */
        INVALID_REPLY
    }
}
