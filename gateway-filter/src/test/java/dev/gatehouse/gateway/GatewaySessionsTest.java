package dev.gatehouse.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gatehouse-issued sessions: bound to the connection, stored in the shared database so a second node
 * continues them, ended everywhere by DELETE; and every protocol revision, negotiated with the client.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewaySessionsTest {
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private static String echo(int id, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + message + "\"}}}";
    }

    private String open(String baseUrl, String token, String version) throws Exception {
        return McpHttp.openSession(baseUrl + "/gatehouse/mcp/quickstart", token, version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
    void sessionWhenEachRevisionNegotiatedThenListAndCallComplete(String version) throws Exception {
        String session = open(gw.baseUrl, gw.quickstartToken, version);
        HttpResponse<String> list = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", version);
        assertTrue(list.body().contains("\"name\":\"echo\""), list.body());
        HttpResponse<String> call = McpHttp.post(url, gw.quickstartToken, echo(3, version),
                "Mcp-Session-Id", session, "MCP-Protocol-Version", version);
        assertTrue(call.body().contains("\"text\":\"" + version + "\""), call.body());
    }

    @Test
    void initializeWhenClientAsksForAnUnknownRevisionThenTheNewestSessionRevisionIsOffered() throws Exception {
        HttpResponse<String> init = McpHttp.post(url, gw.quickstartToken, initialize("2024-11-05"));
        assertTrue(init.body().contains("\"protocolVersion\":\"2025-11-25\""), init.body());
    }

    @Test
    void statelessWhenRoutingHeadersMatchThenDiscoverListAndCallWithoutSession() throws Exception {
        String[] v = {"MCP-Protocol-Version", "2026-07-28"};
        HttpResponse<String> discover = McpHttp.post(url, gw.quickstartToken,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}", v[0], v[1], "Mcp-Method", "server/discover");
        assertEquals(200, discover.statusCode(), discover.body());
        assertTrue(discover.body().contains("\"supportedVersions\":[\"2025-03-26\",\"2025-06-18\",\"2025-11-25\",\"2026-07-28\"]"),
                discover.body());
        assertFalse(discover.headers().firstValue("Mcp-Session-Id").isPresent());
        HttpResponse<String> list = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                v[0], v[1], "Mcp-Method", "tools/list");
        assertTrue(list.body().contains("\"name\":\"echo\""), list.body());
        HttpResponse<String> call = McpHttp.post(url, gw.quickstartToken, echo(3, "stateless"), v[0], v[1],
                "Mcp-Method", "tools/call", "Mcp-Name", "echo");
        assertTrue(call.body().contains("\"text\":\"stateless\""), call.body());
    }

    @Test
    void statelessWhenMcpNameDisagreesWithTheBodyThen400() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, echo(4, "x"), "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "add");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + "\"Invalid Request: Mcp-Name header does not match the body\"}}", r.body());
    }

    @Test
    void statelessWhenMcpMethodMissingThen400() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, echo(5, "x"), "MCP-Protocol-Version", "2026-07-28");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Mcp-Method header is required"), r.body());
    }

    @Test
    void postWhenMcpMethodHeaderDisagreesUnderAnyRevisionThen400() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, echo(6, "x"), "Mcp-Method", "tools/list");
        assertEquals(400, r.statusCode());
    }

    @Test
    void postWhenNoProtocolVersionHeaderThenServedAs20250326() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, echo(7, "assumed"));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"text\":\"assumed\""), r.body());
    }

    @Test
    void sessionWhenPresentedWithAnotherConnectionsTokenThen404() throws Exception {
        String session = open(gw.baseUrl, gw.quickstartToken, "2025-06-18");
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartPeerToken, echo(8, "x"), "Mcp-Session-Id", session);
        assertEquals(404, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", r.body());
    }

    @Test
    void sessionWhenUnknownThen404() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, echo(9, "x"), "Mcp-Session-Id", "not-a-session");
        assertEquals(404, r.statusCode());
    }

    @Test
    void sessionWhenOpenedOnNodeAThenContinuedOnNodeBAndDeleteOnBEndsItForA() throws Exception {
        String nodeB = gw.startSecondNode();
        String session = open(gw.baseUrl, gw.quickstartToken, "2025-11-25");
        HttpResponse<String> onB = McpHttp.post(nodeB + "/gatehouse/mcp/quickstart", gw.quickstartToken, echo(10, "on node B"),
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
        assertEquals(200, onB.statusCode(), onB.body());
        assertTrue(onB.body().contains("\"text\":\"on node B\""), onB.body());

        HttpResponse<String> deleted = McpHttp.send(HttpRequest.newBuilder(URI.create(nodeB + "/gatehouse/mcp/quickstart"))
                .header("Authorization", "Bearer " + gw.quickstartToken).header("Mcp-Session-Id", session).DELETE());
        assertEquals(200, deleted.statusCode());

        HttpResponse<String> onA = McpHttp.post(url, gw.quickstartToken, echo(11, "x"), "Mcp-Session-Id", session);
        assertEquals(404, onA.statusCode());
    }
}
