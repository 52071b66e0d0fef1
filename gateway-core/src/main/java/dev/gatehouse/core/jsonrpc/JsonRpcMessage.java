package dev.gatehouse.core.jsonrpc;

import java.util.Objects;

/**
 * One JSON-RPC 2.0 message as MCP uses it. The records enforce the protocol: a request has an id and a
 * method, a notification has a method and no id, a response has a result or an error, never both.
 * {@code params} and {@code result} stay uninterpreted ({@link RawJson}).
 */
public sealed interface JsonRpcMessage {

    /** A call that expects a response with the same id. */
    record Request(JsonRpcId id, String method, RawJson params) implements JsonRpcMessage {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
            if (id instanceof JsonRpcId.Null) {
                throw new IllegalArgumentException("a request id must be a string or an integer");
            }
            params = params == null ? RawJson.ABSENT : params;
        }
    }

    /** A one-way message: no id, no response. */
    record Notification(String method, RawJson params) implements JsonRpcMessage {
        public Notification {
            Objects.requireNonNull(method, "method");
            params = params == null ? RawJson.ABSENT : params;
        }
    }

    /** A successful response. */
    record Response(JsonRpcId id, RawJson result) implements JsonRpcMessage {
        public Response {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(result, "result");
        }
    }

    /** An error response; its id is {@link JsonRpcId#NULL} when the request's id could not be read. */
    record ErrorResponse(JsonRpcId id, JsonRpcError error) implements JsonRpcMessage {
        public ErrorResponse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }
    }
}
