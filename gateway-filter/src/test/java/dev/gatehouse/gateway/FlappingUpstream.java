package dev.gatehouse.gateway;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MCP server whose one tool ({@code work}) answers as the test says: a result, HTTP 500, or a
 * JSON-RPC error. It answers the handshake and {@code tools/list} always, and counts the requests of each
 * kind it received, so a test can tell whether the gateway called it at all.
 */
final class FlappingUpstream implements AutoCloseable {
    static final String TOOL = "work";

    enum Mode { HEALTHY, FAILING, JSON_RPC_ERROR }

    private final McpEndpoint endpoint;
    volatile Mode mode = Mode.HEALTHY;
    /** Set: {@code tools/list} fails with HTTP 500 too. */
    volatile boolean listsFail;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final String url;

    FlappingUpstream() throws Exception {
        endpoint = new McpEndpoint(this::answer);
        url = endpoint.url;
    }

    private void answer(String body, HttpServletResponse resp) throws IOException {
        com.fasterxml.jackson.databind.JsonNode message = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        String id = message.has("id") ? message.get("id").toString() : null;
        String method = message.path("method").asText();
        if (id == null) {
            resp.setStatus(202);
        } else if (method.equals("initialize")) {
            resp.setHeader("Mcp-Session-Id", "flapping-1");
            json(resp, id, "\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"flapping\",\"version\":\"1\"}}");
        } else if (method.equals("tools/list")) {
            lists.incrementAndGet();
            if (listsFail) {
                resp.sendError(500);
                return;
            }
            json(resp, id, "\"result\":{\"tools\":[{\"name\":\"" + TOOL + "\",\"inputSchema\":{\"type\":\"object\"}}]}");
        } else if (method.equals("tools/call")) {
            calls.incrementAndGet();
            switch (mode) {
                case HEALTHY -> json(resp, id, "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}");
                case FAILING -> resp.sendError(500);
                case JSON_RPC_ERROR -> json(resp, id, "\"error\":{\"code\":-32602,\"message\":\"bad arguments\"}");
            }
        } else {
            json(resp, id, "\"result\":{}");
        }
    }

    private static void json(HttpServletResponse resp, String id, String member) throws IOException {
        resp.setContentType("application/json");
        resp.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":" + id + "," + member + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        endpoint.close();
    }
}
