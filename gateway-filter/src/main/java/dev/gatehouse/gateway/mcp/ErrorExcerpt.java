package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;

/**
 * The error text of an answer, for its audit record, so a search of the calls finds it: a JSON-RPC error's
 * message, or the text content of a tool result flagged {@code isError}. Read from the answer as the
 * response rules left it (what a rule masked is masked here too), bounded to {@link #MAX} characters,
 * control characters as spaces. Nothing of a successful answer is recorded.
 */
final class ErrorExcerpt {
    /** The most characters of error text a record keeps. */
    static final int MAX = 500;

    private ErrorExcerpt() {
    }

    /** {@code tool error: …} or {@code JSON-RPC error: …}; null for an answer that is not an error. */
    static String of(JsonRpcMessage answer) {
        if (answer instanceof JsonRpcMessage.ErrorResponse e) {
            return "JSON-RPC error: " + clip(e.error().message());
        }
        if (answer instanceof JsonRpcMessage.Response r && r.result().isTrue("isError")) {
            StringBuilder text = new StringBuilder();
            for (JsonNode item : r.result().tree().path("content")) {
                if ("text".equals(item.path("type").asText()) && item.path("text").isTextual() && text.length() < MAX) {
                    text.append(text.length() == 0 ? "" : " ").append(item.path("text").textValue());
                }
            }
            return text.length() == 0 ? "tool error (no text)" : "tool error: " + clip(text.toString());
        }
        return null;
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && out.length() < MAX; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && out.length() == MAX - 1) {
                break; // never half a character
            }
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.length() < s.length() ? out.append('…').toString() : out.toString();
    }
}
