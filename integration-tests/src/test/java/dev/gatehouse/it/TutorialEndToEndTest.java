package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.gatehouse.it.McpHttp.ACCEPT_BOTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The headless-agent tutorial, step by step, against the packaged launcher: an admin creates a token
 * host and a connection, an agent calls the demo gateway with the token (raw HTTP without a session,
 * and the official TypeScript SDK client with one), the logs attribute every call, and deleting the
 * connection revokes the token for the very next request.
 */
class TutorialEndToEndTest {
    @TempDir
    static Path data;
    static LauncherProcess launcher;
    static AdminApi admin;
    final McpHttp mcp = new McpHttp();

    @BeforeAll
    static void startGatehouse() throws Exception {
        launcher = LauncherProcess.start(data);
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopGatehouse() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** A fresh token-based host with one connection to the demo gateway. */
    private record Agent(String hostId, String hostName, String connectionId, String token) {
    }

    private Agent newAgent() throws Exception {
        String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode host = admin.createTokenHost(name);
        JsonNode connection = admin.connect(host.get("id").asText(), "quickstart");
        return new Agent(host.get("id").asText(), name, connection.get("id").asText(), connection.get("token").asText());
    }

    @Test
    void createConnectionReturnsTheTokenOnceWithTheGatewayUrl() throws Exception {
        JsonNode host = admin.createTokenHost("CI bot " + UUID.randomUUID());
        assertEquals("TOKEN", host.get("kind").asText());
        assertEquals("admin", host.get("createdBy").asText());

        JsonNode connection = admin.connect(host.get("id").asText(), "quickstart");
        String token = connection.get("token").asText();
        assertTrue(token.startsWith("gth_"), token);
        assertEquals(launcher.mcpUrl("quickstart"), connection.get("gatewayUrl").asText());
        assertTrue(token.startsWith(connection.get("tokenPrefix").asText()));

        JsonNode listed = admin.expect(200, "GET", "/hosts/" + host.get("id").asText() + "/connections", null);
        assertEquals(1, listed.size());
        assertFalse(listed.get(0).has("token"), "the token is shown once only");
    }

    @Test
    void sessionlessCurlStyleToolsListAndCallSucceed() throws Exception {
        Agent agent = newAgent();
        String url = launcher.mcpUrl("quickstart");

        HttpResponse<String> list = mcp.post(url, agent.token(), ACCEPT_BOTH, McpHttp.toolsList(1));
        assertEquals(200, list.statusCode(), list.body());
        JsonNode listed = McpReplies.message(list, 1);
        List<String> tools = new ArrayList<>();
        listed.at("/result/tools").forEach(t -> tools.add(t.get("name").asText()));
        assertTrue(tools.containsAll(List.of("echo", "add", "get_time")), tools.toString());

        HttpResponse<String> call = mcp.post(url, agent.token(), ACCEPT_BOTH,
                McpHttp.toolsCall(2, "echo", "{\"message\":\"hello from curl\"}"));
        assertEquals(200, call.statusCode(), call.body());
        JsonNode result = McpReplies.message(call, 2);
        assertTrue(result.at("/result/content/0/text").asText().contains("hello from curl"), result.toString());
    }

    @Test
    void jsonOnlyClientGetsAPlainJsonReply() throws Exception {
        Agent agent = newAgent();
        HttpResponse<String> call = mcp.post(launcher.mcpUrl("quickstart"), agent.token(), "application/json",
                McpHttp.toolsCall(7, "add", "{\"a\":2,\"b\":3}"));
        assertEquals(200, call.statusCode(), call.body());
        assertTrue(call.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode reply = AdminApi.JSON.readTree(call.body());
        assertEquals(7, reply.get("id").asInt());
        assertEquals("5", reply.at("/result/content/0/text").asText(), reply.toString());
    }

    @Test
    void officialTypeScriptClientInitializesListsAndCallsWithTheBearerToken() throws Exception {
        Agent agent = newAgent();
        JsonNode out = TypeScriptClient.run(launcher.mcpUrl("quickstart"), agent.token(),
                "--call", "echo", "--args", "{\"message\":\"hi from the TypeScript SDK\"}",
                "--call", "add", "--args", "{\"a\":20,\"b\":22}");
        assertTrue(out.get("ok").asBoolean(), out.toString());
        assertFalse(out.get("sessionId").isNull(), "a session was negotiated");
        List<String> tools = new ArrayList<>();
        out.get("tools").forEach(t -> tools.add(t.asText()));
        assertTrue(tools.contains("echo"), tools.toString());
        assertTrue(out.at("/calls/0/result/content/0/text").asText().contains("hi from the TypeScript SDK"));
        assertEquals("42", out.at("/calls/1/result/content/0/text").asText(), out.toString());
    }

    @Test
    void typeScriptClientWithoutATokenIsRefusedWith401() throws Exception {
        JsonNode out = TypeScriptClient.run(launcher.mcpUrl("quickstart"), null);
        assertFalse(out.get("ok").asBoolean());
        assertEquals(401, out.get("httpStatus").asInt(), out.toString());
        assertTrue(out.get("wwwAuthenticate").asText().startsWith("Bearer resource_metadata=\""), out.toString());
    }

    @Test
    void sseReplyIsRelayedEventByEventWithProgressBeforeTheResult() throws Exception {
        Agent agent = newAgent();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"slow-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":3,\"delayMs\":100},\"_meta\":{\"progressToken\":\"p-1\"}}}";
        HttpResponse<Stream<String>> r = mcp.postStreaming(launcher.mcpUrl("quickstart"), agent.token(), ACCEPT_BOTH, body);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> messages = McpReplies.sseMessages(r.body().collect(Collectors.toList()));
        List<String> kinds = messages.stream().map(m -> m.has("method") ? m.get("method").asText() : "response").toList();
        assertEquals(List.of("notifications/progress", "notifications/progress", "notifications/progress", "response"), kinds);
        assertEquals("slow-1", messages.get(3).get("id").asText());
        assertEquals(List.of(1.0, 2.0, 3.0), messages.subList(0, 3).stream().map(m -> m.at("/params/progress").asDouble()).toList());
    }

    @Test
    void logsAttributeEachCallToHostUserTokenGatewayServerAndTool() throws Exception {
        Agent agent = newAgent();
        JsonNode connection = admin.expect(200, "GET", "/hosts/" + agent.hostId() + "/connections", null).get(0);
        mcp.post(launcher.mcpUrl("quickstart"), agent.token(), ACCEPT_BOTH, McpHttp.toolsList(11));
        mcp.post(launcher.mcpUrl("quickstart"), agent.token(), ACCEPT_BOTH, McpHttp.toolsCall(12, "echo", "{\"message\":\"audited\"}"));

        JsonNode logs = admin.logs(Map.of("host", agent.hostName(), "tool", "echo", "outcome", "success"));
        assertEquals(1, logs.size(), logs.toString());
        JsonNode call = logs.get(0);
        assertEquals("call_completed", call.get("kind").asText());
        assertEquals(agent.hostName(), call.get("host").asText());
        assertEquals(agent.hostId(), call.get("hostId").asText());
        assertEquals("admin", call.get("user").asText());
        assertTrue(connection.get("tokenPrefix").asText().contains(call.get("tokenPublicId").asText()));
        assertEquals("quickstart", call.get("gateway").asText());
        assertEquals("demo", call.get("server").asText());
        assertEquals("tools/call", call.get("method").asText());
        assertEquals("12", call.get("jsonRpcId").asText());
        assertTrue(call.get("durationMs").asDouble() > 0);
        assertTrue(call.get("upstreamDurationMs").asDouble() > 0);
        assertTrue(call.get("durationMs").asDouble() >= call.get("upstreamDurationMs").asDouble());
        assertNotNull(call.get("clientAddress").asText());
        assertEquals("gatehouse-it/1.0", call.get("userAgent").asText());

        List<JsonNode> all = new ArrayList<>();
        admin.logs(Map.of("host", agent.hostId())).forEach(e -> {
            if (!e.get("kind").asText().equals("admin_action")) {
                all.add(e);
            }
        });
        List<String> kinds = all.stream().map(e -> e.get("kind").asText()).toList();
        assertEquals(List.of("call_completed", "call_started", "list"), kinds, "newest first");
        assertEquals(all.get(0).get("correlationId").asText(), all.get(1).get("correlationId").asText());
        assertFalse(all.toString().contains(agent.token()), "no raw token in the logs");
    }

    @Test
    void failedAuthenticationIsLoggedWithoutTheToken() throws Exception {
        String bogus = "gth_ZZZZZZZZ_" + "x".repeat(38);
        HttpResponse<String> r = mcp.post(launcher.mcpUrl("quickstart"), bogus, ACCEPT_BOTH, McpHttp.toolsList(1));
        assertEquals(401, r.statusCode());
        JsonNode failures = admin.logs(Map.of("kind", "auth_failure", "limit", "50"));
        assertTrue(failures.size() >= 1);
        assertFalse(failures.toString().contains(bogus));
    }

    @Test
    void deletingTheConnectionRevokesTheTokenForTheVeryNextRequest() throws Exception {
        Agent agent = newAgent();
        String url = launcher.mcpUrl("quickstart");
        assertEquals(200, mcp.post(url, agent.token(), ACCEPT_BOTH, McpHttp.toolsList(1)).statusCode());

        admin.deleteConnection(agent.connectionId());

        HttpResponse<String> after = mcp.post(url, agent.token(), ACCEPT_BOTH, McpHttp.toolsCall(2, "echo", "{\"message\":\"x\"}"));
        assertEquals(401, after.statusCode());
        assertTrue(after.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer resource_metadata=\""));
        assertTrue(admin.logs(Map.of("host", agent.hostId(), "tool", "echo")).isEmpty(), "the refused call never ran");
    }

    @Test
    void healthReportsTheDatabaseUp() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(launcher.baseUrl() + "/gatehouse/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"UP\""), r.body());
    }
}
