package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks that keep a rewritten payload valid MCP (specification 2025-06-18, "Tools"): a call's
 * {@code arguments} are an object; a {@code CallToolResult} is an object whose {@code content} is an
 * array of content objects, each with a string {@code type}, {@code isError} a boolean and
 * {@code structuredContent} an object when present.
 */
public final class McpShapes {
    private McpShapes() {
    }

    /** Why {@code replacement} may not stand in for {@code original} in {@code phase}; null when it may. */
    public static String refusal(Hook phase, JsonNode original, JsonNode replacement) {
        if (replacement == null || !replacement.isObject()) {
            return phase == Hook.REQUEST ? "the arguments must be a JSON object" : "the result must be a JSON object";
        }
        if (phase == Hook.REQUEST) {
            return null;
        }
        JsonNode content = replacement.get("content");
        if (content == null) {
            return original != null && original.has("content") ? "the result must keep its 'content' array" : null;
        }
        if (!content.isArray()) {
            return "'content' must be an array";
        }
        for (JsonNode item : content) {
            if (!item.isObject() || !item.path("type").isTextual()) {
                return "each item of 'content' must be an object with a string 'type'";
            }
            if ("text".equals(item.get("type").textValue()) && !item.path("text").isTextual()) {
                return "a text content item must have a string 'text'";
            }
        }
        if (replacement.has("isError") && !replacement.get("isError").isBoolean()) {
            return "'isError' must be a boolean";
        }
        if (replacement.has("structuredContent") && !replacement.get("structuredContent").isObject()) {
            return "'structuredContent' must be an object";
        }
        return null;
    }
}
