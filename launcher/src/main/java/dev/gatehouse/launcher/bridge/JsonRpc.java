package dev.gatehouse.launcher.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The few JSON-RPC 2.0 shapes the bridge reads and writes; the messages it relays pass through as text. */
final class JsonRpc {
    static final ObjectMapper JSON = new ObjectMapper();
    /** JSON-RPC: the request is not a valid Request object. */
    static final int INVALID_REQUEST = -32600;
    /** JSON-RPC: invalid JSON. */
    static final int PARSE_ERROR = -32700;
    /** JSON-RPC: internal error (the server process exited, restarts, or did not answer in time). */
    static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error: session unknown or refused by the bridge. */
    static final int BRIDGE_ERROR = -32001;

    private JsonRpc() {
    }

    /** The message as an object, or null when the text is not a JSON object. */
    static ObjectNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static boolean isRequest(JsonNode m) {
        return m.hasNonNull("method") && m.has("id");
    }

    static boolean isResponse(JsonNode m) {
        return !m.has("method") && m.has("id") && (m.has("result") || m.has("error"));
    }

    /** The id as JSON text ({@code 7} and {@code "7"} differ), the key under which a call waits. */
    static String key(JsonNode id) {
        return id == null ? "null" : id.toString();
    }

    /** An error response for {@code id} (null when the request's id could not be read). */
    static String error(JsonNode id, int code, String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("jsonrpc", "2.0");
        e.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        e.putObject("error").put("code", code).put("message", message);
        return e.toString();
    }
}
