package dev.gatehouse.demo;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The demo tools. Each one exercises a different path through the gateway: plain text, structured
 * content, SSE progress streaming and tool-level errors.
 */
final class DemoTools {

  /** Upper bounds keep a misbehaving caller from pinning a worker thread for long. */
  static final int MAX_COUNT = 100;

  static final int MAX_DELAY_MS = 5_000;

  private DemoTools() {}

  static List<SyncToolSpecification> all(McpJsonMapper json) {
    return List.of(
        tool(json, "echo", "Echoes the message back as text.",
            """
            {"type":"object","properties":{"message":{"type":"string","description":"Text to echo"}},
             "required":["message"],"additionalProperties":false}""",
            (ex, req) -> text(String.valueOf(req.arguments().get("message")))),
        spec(Tool.builder().name("add").description("Adds two numbers.")
            .inputSchema(json, """
                {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                 "required":["a","b"],"additionalProperties":false}""")
            .outputSchema(json, """
                {"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""")
            .build(), DemoTools::add),
        tool(json, "get_time", "Returns the current time in ISO-8601 UTC.",
            """
            {"type":"object","properties":{},"additionalProperties":false}""",
            (ex, req) -> text(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())),
        tool(json, "slow_count", "Counts slowly, sending a progress notification per step.",
            """
            {"type":"object","properties":{
               "count":{"type":"integer","minimum":1,"maximum":100,"default":3},
               "delayMs":{"type":"integer","minimum":0,"maximum":5000,"default":200}},
             "additionalProperties":false}""",
            DemoTools::slowCount),
        tool(json, "fail", "Always fails with a tool error (isError=true).",
            """
            {"type":"object","properties":{"message":{"type":"string"}},"additionalProperties":false}""",
            (ex, req) -> CallToolResult.builder()
                .addTextContent(String.valueOf(
                    req.arguments().getOrDefault("message", "demo failure")))
                .isError(true)
                .build()));
  }

  private static SyncToolSpecification tool(McpJsonMapper json, String name, String description,
      String schema, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return spec(Tool.builder().name(name).description(description).inputSchema(json, schema).build(),
        handler);
  }

  private static SyncToolSpecification spec(
      Tool tool, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder().tool(tool).callHandler(handler).build();
  }

  private static CallToolResult add(McpSyncServerExchange ex, CallToolRequest req) {
    double sum = number(req, "a") + number(req, "b");
    String shown = sum == Math.rint(sum) && Math.abs(sum) < 1e15
        ? Long.toString((long) sum) : Double.toString(sum);
    return CallToolResult.builder().addTextContent(shown).structuredContent(Map.of("sum", sum)).build();
  }

  private static CallToolResult slowCount(McpSyncServerExchange ex, CallToolRequest req) {
    int count = clamp(integer(req, "count", 3), 1, MAX_COUNT);
    int delayMs = clamp(integer(req, "delayMs", 200), 0, MAX_DELAY_MS);
    Object token = req.progressToken();
    for (int i = 1; i <= count; i++) {
      sleep(delayMs);
      if (token != null) {
        ex.progressNotification(
            new ProgressNotification(token, i, (double) count, "step " + i + " of " + count));
      }
    }
    return text("counted " + count);
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }

  private static double number(CallToolRequest req, String key) {
    Object v = req.arguments().get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("'" + key + "' must be a number");
  }

  private static int integer(CallToolRequest req, String key, int fallback) {
    Object v = req.arguments() == null ? null : req.arguments().get(key);
    return v instanceof Number n ? n.intValue() : fallback;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static void sleep(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
