package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Reads MCP replies whichever form the server chose: one JSON object, or SSE events carrying messages. */
final class McpReplies {
    private McpReplies() {
    }

    /** The JSON-RPC response with the given id. */
    static JsonNode message(HttpResponse<String> response, int id) throws Exception {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            return AdminApi.JSON.readTree(response.body());
        }
        for (JsonNode m : sseMessages(response.body().lines().toList())) {
            if (m.has("id") && m.get("id").asInt() == id && !m.has("method")) {
                return m;
            }
        }
        throw new AssertionError("no response with id " + id + " in " + response.body());
    }

    /** The JSON messages of an SSE stream, in order (multi-line data fields joined). */
    static List<JsonNode> sseMessages(List<String> lines) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5).stripLeading()).append('\n');
            } else if (line.isEmpty() && data.length() > 0) {
                messages.add(AdminApi.JSON.readTree(data.toString()));
                data.setLength(0);
            }
        }
        if (data.length() > 0) {
            messages.add(AdminApi.JSON.readTree(data.toString()));
        }
        return messages;
    }
}
