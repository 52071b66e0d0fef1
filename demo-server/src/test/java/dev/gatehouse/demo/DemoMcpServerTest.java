package dev.gatehouse.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Drives the demo server through real embedded Jetty with the SDK's own streamable-HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoMcpServerTest {

  private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private JettyHarness harness;
  private McpSyncClient client;
  private InitializeResult init;

  @BeforeAll
  void start() throws Exception {
    harness = new JettyHarness("/mcp");
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(harness.baseUrl).endpoint("/mcp").build();
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(10))
        .progressConsumer(progress::add)
        .build();
    init = client.initialize();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.closeGracefully();
    }
    harness.close();
  }

  @Test
  void initializeReportsTheGatehouseDemoServer() {
    assertEquals("gatehouse-demo", init.serverInfo().name());
    assertTrue(init.capabilities().tools() != null, "tools capability advertised");
  }

  @Test
  void listsTheFiveDemoTools() {
    List<String> names = client.listTools().tools().stream().map(Tool::name).sorted().toList();
    assertEquals(List.of("add", "echo", "fail", "get_time", "slow_count"), names);
  }

  @Test
  void toolInputSchemasAreJsonSchemaObjects() {
    Tool echo = client.listTools().tools().stream()
        .filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
    assertEquals("object", echo.inputSchema().get("type"));
    assertEquals(List.of("message"), echo.inputSchema().get("required"));
  }

  @Test
  void echoReturnsTheMessage() {
    CallToolResult result = call("echo", Map.of("message", "hello gatehouse"));
    assertFalse(Boolean.TRUE.equals(result.isError()));
    assertEquals("hello gatehouse", text(result));
  }

  @Test
  void addReturnsTheSumAsTextAndStructuredContent() {
    CallToolResult result = call("add", Map.of("a", 2, "b", 40.5));
    assertEquals("42.5", text(result));
    assertEquals(Map.of("sum", 42.5), result.structuredContent());
    assertEquals("5", text(call("add", Map.of("a", 2, "b", 3))));
  }

  @Test
  void getTimeReturnsTheCurrentInstantInUtc() {
    String value = text(call("get_time", Map.of()));
    assertTrue(value.endsWith("Z"), value);
    Duration skew = Duration.between(Instant.parse(value), Instant.now()).abs();
    assertTrue(skew.compareTo(Duration.ofMinutes(1)) < 0, "clock skew " + skew);
  }

  @Test
  void slowCountSendsProgressInOrderThenReturnsTheCount() throws Exception {
    CallToolRequest request = CallToolRequest.builder("slow_count")
        .arguments(Map.of("count", 3, "delayMs", 50)).progressToken("count-1").build();
    CallToolResult result = client.callTool(request);
    assertEquals("counted 3", text(result));
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (progress.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    List<Double> steps = progress.stream()
        .filter(p -> "count-1".equals(p.progressToken())).map(ProgressNotification::progress).toList();
    assertEquals(List.of(1.0, 2.0, 3.0), steps);
    assertEquals(3.0, progress.get(0).total());
  }

  @Test
  void failReturnsAToolErrorWithTheMessage() {
    CallToolResult result = call("fail", Map.of("message", "boom"));
    assertEquals(Boolean.TRUE, result.isError());
    assertEquals("boom", text(result));
  }

  @Test
  void greetingPromptGreetsByName() {
    var prompt = client.getPrompt(new GetPromptRequest("greeting", Map.of("name", "Ada")));
    String text = ((TextContent) prompt.messages().get(0).content()).text();
    assertTrue(text.contains("Ada"), text);
  }

  @Test
  void readmeResourceIsReadableText() {
    var read = client.readResource(new ReadResourceRequest("demo://readme"));
    var contents = (TextResourceContents) read.contents().get(0);
    assertEquals("text/plain", contents.mimeType());
    assertTrue(contents.text().contains("Gatehouse demo"));
  }

  private CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(new CallToolRequest(tool, args));
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
