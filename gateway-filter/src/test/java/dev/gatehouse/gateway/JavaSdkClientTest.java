package dev.gatehouse.gateway;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official MCP Java SDK client, with a bearer token, works through the gateway as against the server itself. */
@ExtendWith(SharedGateway.class)
class JavaSdkClientTest {

    private static McpSyncClient client(GatewayHarness gw, List<McpSchema.ProgressNotification> progress) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gw.baseUrl)
                .endpoint("/gatehouse/mcp/quickstart")
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + gw.quickstartToken))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add).build();
    }

    @Test
    void sdkClientWhenBearerTokenGivenThenInitializesListsAndCalls(GatewayHarness gw) throws Exception {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(gw, progress);
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("gatehouse", init.serverInfo().name());
            assertTrue(init.capabilities().tools() != null);

            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(tools.containsAll(List.of("echo", "add", "get_time", "slow_count", "fail")), tools.toString());

            McpSchema.CallToolResult sum = client.callTool(new McpSchema.CallToolRequest("add", Map.of("a", 2, "b", 40)));
            assertFalse(Boolean.TRUE.equals(sum.isError()));
            assertEquals("42", ((McpSchema.TextContent) sum.content().get(0)).text());

            McpSchema.CallToolResult counted = client.callTool(McpSchema.CallToolRequest.builder().name("slow_count")
                    .arguments(Map.of("count", 2, "delayMs", 10)).progressToken("sdk-1").build());
            assertEquals("counted 2", ((McpSchema.TextContent) counted.content().get(0)).text());
            // the SDK hands notifications to the consumer on its own scheduler: the result can overtake them
            awaitSize(progress, 2);
            // (their order on the wire is asserted by the raw SSE tests; the SDK's consumer may reorder them)
            assertEquals(List.of(1.0, 2.0), progress.stream().map(McpSchema.ProgressNotification::progress).sorted().toList());

            McpSchema.CallToolResult failed = client.callTool(new McpSchema.CallToolRequest("fail", Map.of("message", "no")));
            assertTrue(failed.isError());
            client.ping();
        } finally {
            client.closeGracefully();
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        for (int i = 0; i < 500 && list.size() < size; i++) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size());
    }
}
