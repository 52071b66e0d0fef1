package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The one thing of an upstream's error body that may reach a client: a short, printable JSON-RPC
 * error message. The body itself never does (the MCP Java SDK, for one, serialises whole exceptions
 * with stack traces into it).
 */
final class UpstreamErrorMessage {
    static final int MAX_LENGTH = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UpstreamErrorMessage() {
    }

    /** The message at {@code error.message} (JSON-RPC) or {@code jsonRpcError.message} (MCP Java SDK), if fit to show. */
    static String of(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode message = root.path("error").path("message");
        if (!message.isTextual()) {
            message = root.path("jsonRpcError").path("message");
        }
        return message.isTextual() && fit(message.textValue()) ? message.textValue() : null;
    }

    private static boolean fit(String s) {
        return !s.isBlank() && s.length() <= MAX_LENGTH && s.chars().noneMatch(Character::isISOControl);
    }
}
