package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.it.conformance.ServerEverything;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real upstreams behind one gateway of the packaged launcher: {@code @modelcontextprotocol/server-everything}
 * (streamable HTTP) and the demo server. Merged prefixed lists, routed calls, an allow-list enforced on
 * list and call, server-everything's progress relayed to an SSE client in order, then server-everything
 * stopped while the gateway keeps serving the demo server.
 */
class ServerEverythingGatewayTest {
    private static final Set<String> ALLOWED = Set.of("echo", "get-sum", "trigger-long-running-operation");

    @TempDir
    static Path data;
    static LauncherProcess launcher;
    static ServerEverything everything;
    static String url;
    static String token;
    final McpHttp mcp = new McpHttp();

    @BeforeAll
    static void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        everything = ServerEverything.start(harness);
        launcher = LauncherProcess.start(data.resolve("gatehouse"));
        AdminApi admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "Everything", "slug", "everything", "url", everything.url())));
        admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "Pair", "slug", "pair", "servers", List.of(Map.of("server", "demo", "toolPrefix", "demo")))));
        admin.expect(200, "PUT", "/gateways/pair/servers/everything", AdminApi.JSON.writeValueAsString(Map.of(
                "toolPrefix", "ev", "tools", Map.of("mode", "selected", "allow", List.copyOf(ALLOWED)),
                "prompts", Map.of("mode", "none"), "resources", Map.of("mode", "all"))));
        JsonNode host = admin.createTokenHost("Pair agent");
        token = admin.connect(host.get("id").asText(), "pair").get("token").asText();
        url = launcher.mcpUrl("pair");
    }

    @AfterAll
    static void stop() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        if (everything != null) {
            everything.close();
        }
    }

    @Test
    void twoUpstreamsMergedRoutedAllowListedAndOneStopped() throws Exception {
        Set<String> tools = toolNames();
        assertTrue(tools.containsAll(Set.of("demo__echo", "demo__add", "demo__slow_count")), tools.toString());
        assertEquals(ALLOWED.stream().map(n -> "ev__" + n).collect(Collectors.toSet()),
                tools.stream().filter(n -> n.startsWith("ev__")).collect(Collectors.toSet()), "only allowed tools listed");

        assertEquals("The sum of 2 and 3 is 5.", text(call(2, "ev__get-sum", "{\"a\":2,\"b\":3}")));
        assertEquals("5", text(call(3, "demo__add", "{\"a\":2,\"b\":3}")));
        assertEquals("Echo: hi", text(call(4, "ev__echo", "{\"message\":\"hi\"}")));

        HttpResponse<String> denied = mcp.post(url, token, McpHttp.ACCEPT_BOTH, McpHttp.toolsCall(5, "ev__get-env", "{}"));
        assertEquals(403, denied.statusCode(), denied.body());
        assertEquals(-32044, McpReplies.message(denied, 5).get("error").get("code").asInt());

        JsonNode prompts = McpReplies.message(mcp.post(url, token, McpHttp.ACCEPT_BOTH,
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/list\"}"), 6);
        List<String> promptNames = new ArrayList<>();
        prompts.get("result").get("prompts").forEach(p -> promptNames.add(p.get("name").asText()));
        assertTrue(promptNames.stream().noneMatch(n -> n.startsWith("ev__")), "prompts blocked: " + promptNames);
        assertTrue(promptNames.contains("demo__greeting"), promptNames.toString());

        progressArrivesInOrder();

        everything.close();
        Set<String> after = toolNames();
        assertTrue(after.stream().noneMatch(n -> n.startsWith("ev__")), "a stopped server's tools leave the list: " + after);
        assertTrue(after.contains("demo__echo"), after.toString());
        JsonNode failed = McpReplies.message(mcp.post(url, token, McpHttp.ACCEPT_BOTH,
                McpHttp.toolsCall(8, "ev__echo", "{\"message\":\"hi\"}")), 8);
        assertTrue(failed.has("error") && failed.get("error").get("message").asText().contains("server 'Everything'"),
                "the error names the stopped server: " + failed);
        assertEquals("hi again", text(call(9, "demo__echo", "{\"message\":\"hi again\"}")));
    }

    /** server-everything's long-running tool: each progress notification reaches the SSE client, in order, before the result. */
    private void progressArrivesInOrder() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ev__trigger-long-running-operation\","
                + "\"arguments\":{\"duration\":1,\"steps\":4},\"_meta\":{\"progressToken\":\"slow-1\"}}}";
        HttpResponse<Stream<String>> stream = mcp.postStreaming(url, token, McpHttp.ACCEPT_BOTH, body);
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> messages = McpReplies.sseMessages(stream.body().toList());
        List<Double> progress = new ArrayList<>();
        for (JsonNode m : messages.subList(0, messages.size() - 1)) {
            assertEquals("notifications/progress", m.get("method").asText(), m.toString());
            assertEquals("slow-1", m.get("params").get("progressToken").asText(), "the client's own token comes back");
            progress.add(m.get("params").get("progress").asDouble());
        }
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), progress);
        JsonNode result = messages.get(messages.size() - 1);
        assertEquals(7, result.get("id").asInt());
        assertFalse(result.has("error"), result.toString());
    }

    private Set<String> toolNames() throws Exception {
        JsonNode list = McpReplies.message(mcp.post(url, token, McpHttp.ACCEPT_BOTH, McpHttp.toolsList(1)), 1);
        Set<String> names = new java.util.TreeSet<>();
        list.get("result").get("tools").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    private JsonNode call(int id, String tool, String arguments) throws Exception {
        JsonNode reply = McpReplies.message(mcp.post(url, token, McpHttp.ACCEPT_BOTH, McpHttp.toolsCall(id, tool, arguments)), id);
        assertFalse(reply.has("error"), reply.toString());
        return reply.get("result");
    }

    private static String text(JsonNode result) {
        return result.get("content").get(0).get("text").asText();
    }
}
