package dev.gatehouse.launcher;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar gatehouse.jar demo-upstream}: the demo MCP server alone, the upstream an application
 * server's first run registers (issue 16 item 1). It answers MCP's {@code initialize} at the printed URL,
 * on loopback only by default.
 */
class DemoUpstreamCommandTest {
    @Test
    void startWhenPortZeroThenServesTheDemoMcpServerAtTheUrlItGives() throws Exception {
        try (DemoUpstreamCommand demo = DemoUpstreamCommand.start("127.0.0.1", 0)) {
            assertTrue(demo.url().matches("http://127\\.0\\.0\\.1:\\d+/mcp"), demo.url());

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(demo.url()))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"gatehouse-demo\""), r.body());
        }
    }
}
