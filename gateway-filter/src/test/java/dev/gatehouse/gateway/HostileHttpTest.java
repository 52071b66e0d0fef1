package dev.gatehouse.gateway;

import dev.gatehouse.core.model.IssuedConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile HTTP on the MCP endpoint, beyond {@link McpGatewayServletTest} (docs/security-tests.md, "HTTP"):
 * declared oversized bodies, oversized headers, other methods, odd origins, session ids that are
 * malformed or belong to another connection.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileHttpTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private RawHttp.Reply raw(String method, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 1];
        all[0] = "Authorization: Bearer " + gw.quickstartToken;
        System.arraycopy(headers, 0, all, 1, headers.length);
        return RawHttp.exchange(gw.baseUrl, method, "/gatehouse/mcp/quickstart", body, all);
    }

    @Test
    void postWhenDeclaredLengthExceedsTheLimitThen413BeforeReadingTheBody() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "p".repeat(70 * 1024) + "\"}}";
        RawHttp.Reply r = raw("POST", body, "Content-Type: application/json", "Accept: application/json");
        assertEquals(413, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Payload Too Large: the body must not exceed 65536 bytes\"}}", r.body());
    }

    @Test
    void postWhenBodyExactlyAtTheLimitThenRead() throws Exception {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"";
        String body = head + "p".repeat(65536 - head.length() - 3) + "\"}}";
        assertEquals(65536, body.length());
        assertEquals(200, raw("POST", body, "Content-Type: application/json", "Accept: application/json").status());
    }

    @Test
    void postWhenHeadersOversizedThen431AndNothingReachesTheGateway() throws Exception {
        RawHttp.Reply r = raw("POST", PING, "Content-Type: application/json", "Accept: application/json",
                "X-Padding: " + "h".repeat(64 * 1024));
        assertEquals(431, r.status());
        assertFalse(r.body().contains("gth_"), r.body());
    }

    @Test
    void serviceWhenHeadOrOptionsOrPatchThen405() throws Exception {
        for (String method : new String[]{"HEAD", "OPTIONS", "PATCH"}) {
            RawHttp.Reply r = raw(method, method.equals("PATCH") ? "{}" : null, "Content-Type: application/json");
            assertEquals(405, r.status(), method);
            assertTrue(r.header("Allow").contains("POST") && !r.header("Allow").contains(method), method + ": " + r.header("Allow"));
        }
    }

    @Test
    void traceWhenSentWithATokenThenRefusedByTheContainerWithoutEchoingIt() throws Exception {
        RawHttp.Reply r = raw("TRACE", null);
        assertEquals(403, r.status());
        assertFalse(r.body().contains(gw.quickstartToken), "cross-site tracing would echo the Authorization header");
    }

    @Test
    void postWhenOriginIsNullOrALookalikeThen403() throws Exception {
        for (String origin : new String[]{"null", "https://allowed.example.evil.com", "https://allowed.example:444",
                "http://allowed.example", "https://ALLOWED.example.", "file://"}) {
            HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, PING, "Origin", origin);
            assertEquals(403, r.statusCode(), origin);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Forbidden: Origin not allowed\"}}",
                    r.body(), origin);
        }
    }

    @Test
    void postWhenSessionIdHasForbiddenCharactersThen400() throws Exception {
        RawHttp.Reply r = raw("POST", PING, "Content-Type: application/json", "Accept: application/json",
                "Mcp-Session-Id: abc def");
        assertEquals(400, r.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Bad Request: invalid Mcp-Session-Id header\"}}", r.body());
        RawHttp.Reply longId = raw("POST", PING, "Content-Type: application/json", "Accept: application/json",
                "Mcp-Session-Id: " + "s".repeat(300));
        assertEquals(400, longId.status());
    }

    @Test
    void postWhenSessionIdIsUnknownThen404SessionNotFound() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}",
                "Mcp-Session-Id", "gh1.forged-session-id", "MCP-Protocol-Version", "2025-06-18");
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", r.body());
    }

    @Test
    void postWhenSessionOfAnotherConnectionThen404AsIfItDidNotExist() throws Exception {
        HttpResponse<String> init = McpHttp.post(url, gw.quickstartToken, INITIALIZE);
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        IssuedConnection other = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, "bob");

        HttpResponse<String> foreign = McpHttp.post(url, other.token(), "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", foreign.body());

        RawHttp.Reply delete = RawHttp.exchange(gw.baseUrl, "DELETE", "/gatehouse/mcp/quickstart", null,
                "Authorization: Bearer " + other.token(), "Mcp-Session-Id: " + session);
        assertEquals(404, delete.status());
        HttpResponse<String> owner = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(200, owner.statusCode(), "another connection must not be able to end the session");
    }

    @Test
    void postWhenSessionUsedOnAnotherGatewayThen404() throws Exception {
        HttpResponse<String> init = McpHttp.post(url, gw.quickstartToken, INITIALIZE);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("other"), gw.otherToken, PING,
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(404, r.statusCode(), r.body());
    }

    @Test
    void postWhenContentTypeJsonWithParametersThenAccepted() throws Exception {
        assertEquals(200, McpHttp.post(url, gw.quickstartToken, PING, "Content-Type", "application/json; charset=utf-8").statusCode());
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, PING, "Content-Type", "application/jsonp");
        assertEquals(415, r.statusCode());
        assertTrue(r.body().contains("Unsupported Media Type"));
    }

    @Test
    void postWithABodyRefusedWithoutATokenThen401TellsTheClientNotToReuseTheConnection() throws Exception {
        java.net.http.HttpResponse<String> refused = McpHttp.post(url, null, INITIALIZE);

        assertEquals(401, refused.statusCode());
        assertEquals("close", refused.headers().firstValue("Connection").orElse(null));
        // and a client that reuses its pooled connections goes on without an error
        for (int i = 0; i < 20; i++) {
            assertEquals(401, McpHttp.post(url, null, INITIALIZE).statusCode());
            assertEquals(200, McpHttp.post(url, gw.quickstartToken, PING).statusCode());
        }
    }

    @Test
    void getWithoutABodyRefusedThen401KeepsTheConnection() throws Exception {
        java.net.http.HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Accept", "text/event-stream").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertEquals(401, refused.statusCode());
        assertEquals(null, refused.headers().firstValue("Connection").orElse(null));
    }

    @Test
    void postRefusedBeforeItsBodyIsReadThenTheAnswerClosesTheConnectionAndOneRefusedAfterReadingItKeepsIt() throws Exception {
        java.net.http.HttpResponse<String> unsupported = McpHttp.send(McpHttp.request(url, gw.quickstartToken, PING)
                .setHeader("Content-Type", "text/plain"));
        java.net.http.HttpResponse<String> wrongShape = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":1}");

        assertEquals(415, unsupported.statusCode());
        assertEquals("close", unsupported.headers().firstValue("Connection").orElse(null));
        assertEquals(400, wrongShape.statusCode());
        assertEquals(null, wrongShape.headers().firstValue("Connection").orElse(null));
    }
}
