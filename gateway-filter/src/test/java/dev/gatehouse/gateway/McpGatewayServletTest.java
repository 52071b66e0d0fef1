package dev.gatehouse.gateway;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MCP endpoint against the real MCP Java SDK demo server: sessions, streaming, and every refusal. */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayServletTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private HttpResponse<String> post(String json, String... headers) throws Exception {
        return McpHttp.post(url, gw.quickstartToken, json, headers);
    }

    private static String call(Object id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void postWhenSessionlessToolsListThenTheServersToolsUnprefixed() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", McpHttp.contentType(r));
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":["), r.body());
        assertTrue(r.body().contains("\"name\":\"slow_count\""), r.body());
        assertNull(r.headers().firstValue("Mcp-Session-Id").orElse(null));
    }

    @Test
    void postWhenSessionlessToolsCallAcceptingJsonOnlyThenJsonResult() throws Exception {
        HttpResponse<String> r = post(call("\"c-1\"", "add", "{\"a\":2,\"b\":3}"), "Accept", "application/json");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", McpHttp.contentType(r));
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"c-1\",\"result\":{"), r.body());
        assertTrue(r.body().contains("\"text\":\"5\""), r.body());
    }

    @Test
    void postWhenClientInitializesThenGatehouseIssuesItsOwnSessionUntilDeleted() throws Exception {
        HttpResponse<String> init = post(INITIALIZE);
        assertEquals(200, init.statusCode());
        assertEquals("application/json", McpHttp.contentType(init));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertTrue(session.matches("[A-Za-z0-9_-]{43}"), session);
        assertTrue(init.body().contains("\"protocolVersion\":\"2025-06-18\""), init.body());
        assertTrue(init.body().contains("\"serverInfo\":{\"name\":\"gatehouse\""), init.body());
        assertTrue(init.body().contains("\"tools\":{"), init.body());

        HttpResponse<String> initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(202, initialized.statusCode());
        assertEquals("", initialized.body());

        HttpResponse<String> echo = post(call(7, "echo", "{\"message\":\"through the gate\"}"),
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(200, echo.statusCode());
        assertTrue(echo.body().contains("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":"), echo.body());
        assertTrue(echo.body().contains("\"text\":\"through the gate\""), echo.body());
        UpstreamRecorder.Seen seen = gw.upstream.seen.get(gw.upstream.seen.size() - 1);
        assertTrue(seen.body().contains("\"through the gate\""), seen.body());
        assertTrue(seen.header("Mcp-Session-Id") != null && !session.equals(seen.header("Mcp-Session-Id")),
                "the upstream session is Gatehouse's own, never the client's id");

        HttpResponse<String> deleted = McpHttp.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + gw.quickstartToken).header("Mcp-Session-Id", session).DELETE());
        assertEquals(200, deleted.statusCode());
        assertEquals("", deleted.body());

        HttpResponse<String> after = post(call(8, "echo", "{\"message\":\"x\"}"), "Mcp-Session-Id", session);
        assertEquals(404, after.statusCode());
        assertEquals("application/json", McpHttp.contentType(after));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", after.body());
    }

    @Test
    void postWhenToolReportsProgressThenProgressEventsPrecedeTheResult() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = McpHttp.lines(McpHttp.request(url, gw.quickstartToken,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                        + "\"arguments\":{\"count\":3,\"delayMs\":50},\"_meta\":{\"progressToken\":\"p-1\"}}}"));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", McpHttp.contentType(r));
        List<String> data = r.body().filter(l -> l.startsWith("data: ")).toList();
        assertEquals(4, data.size(), data.toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(data.get(i).contains("\"method\":\"notifications/progress\""), data.get(i));
            assertTrue(data.get(i).contains("\"progressToken\":\"p-1\""), data.get(i));
            assertTrue(data.get(i).contains("\"progress\":" + (i + 1) + ".0"), data.get(i));
        }
        assertTrue(data.get(3).startsWith("data: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":"), data.get(3));
        assertTrue(data.get(3).contains("\"text\":\"counted 3\""), data.get(3));
    }

    @Test
    void postWhenToolReportsProgressToAJsonOnlyClientThenOnlyTheResultAsJson() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"slow_count\",\"arguments\":{\"count\":2,\"delayMs\":10},\"_meta\":{\"progressToken\":\"p-2\"}}}",
                "Accept", "application/json");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", McpHttp.contentType(r));
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":"), r.body());
        assertTrue(r.body().contains("\"text\":\"counted 2\""), r.body());
    }

    @Test
    void postWhenClientSendsCredentialsThenUpstreamSeesOnlyTheGatewaysOwn() throws Exception {
        post(call(9, "get_time", "{}"), "Cookie", "session=browser-cookie", "X-Forwarded-For", "10.0.0.1");
        UpstreamRecorder.Seen seen = gw.upstream.seen.stream().filter(s -> s.body().contains("\"get_time\""))
                .reduce((a, b) -> b).orElseThrow();
        assertNull(seen.header("Authorization"));
        assertNull(seen.header("Cookie"));
        assertNull(seen.header("X-Forwarded-For"));
        assertEquals(GatewayHarness.UPSTREAM_KEY, seen.header(GatewayHarness.UPSTREAM_KEY_HEADER));
        assertTrue(seen.header("User-Agent").startsWith("Gatehouse/"), seen.header("User-Agent"));
        assertEquals("application/json, text/event-stream", seen.header("Accept"));
        assertTrue(seen.headers().keySet().stream().noneMatch(h -> h.contains("gth_")));
        assertTrue(seen.headers().values().stream().flatMap(List::stream).noneMatch(v -> v.contains(gw.quickstartToken)));
    }

    @Test
    void postWhenContentTypeNotJsonThen415() throws Exception {
        HttpResponse<String> r = post("{}", "Content-Type", "text/plain");
        assertEquals(415, r.statusCode());
        assertEquals("application/json", McpHttp.contentType(r));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Unsupported Media Type: Content-Type must be application/json\"}}", r.body());
    }

    @Test
    void postWhenAcceptAllowsNeitherFormThen406() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Accept", "text/html");
        assertEquals(406, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Not Acceptable: Accept must allow application/json or text/event-stream\"}}", r.body());
    }

    @Test
    void postWhenAcceptMissingThen406() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Authorization: Bearer " + gw.quickstartToken, "Content-Type: application/json");
        assertEquals(406, r.status());
    }

    @Test
    void postWhenAcceptIsAnyThenServed() throws Exception {
        assertEquals(200, post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Accept", "*/*").statusCode());
    }

    @Test
    void postWhenChunkedBodyExceedsTheBoundThen413() throws Exception {
        byte[] big = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
                + "{\"message\":\"" + "x".repeat(70 * 1024) + "\"}}}").getBytes();
        HttpRequest.Builder b = McpHttp.request(url, gw.quickstartToken, "")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        HttpResponse<String> r = McpHttp.send(b);
        assertEquals(413, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Payload Too Large: the body must not exceed 65536 bytes\"}}", r.body());
    }

    @Test
    void postWhenInvalidJsonThen400ParseErrorWithNullId() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":5,");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}", r.body());
    }

    @Test
    void postWhenDuplicateKeysThen400ParseError() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"method\":\"tools/call\"}");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}", r.body());
    }

    @Test
    void postWhenBatchThen400InvalidRequest() throws Exception {
        HttpResponse<String> r = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + "\"Invalid Request: batch requests are not supported\"}}", r.body());
    }

    @Test
    void postWhenWrongShapeThen400InvalidRequestKeepingTheStringId() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":\"req-9\",\"method\":42}");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"req-9\",\"error\":{\"code\":-32600,\"message\":"
                + "\"Invalid Request: 'method' must be a non-empty string\"}}", r.body());
    }

    @Test
    void postWhenProtocolVersionUnknownThen400() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "MCP-Protocol-Version", "1999-01-01");
        assertEquals(400, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Bad Request: Unsupported protocol version\"}}", r.body());
    }

    @Test
    void postWhenOriginForeignThen403AndAllowedOrSameOriginServed() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Origin", "https://evil.example");
        assertEquals(403, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"Forbidden: Origin not allowed\"}}", r.body());
        assertEquals(200, post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Origin", "https://allowed.example").statusCode());
        assertEquals(200, post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Origin", gw.baseUrl).statusCode());
    }

    @Test
    void serviceWhenGetWithoutSessionThen400() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/mcp/quickstart", null,
                "Authorization: Bearer " + gw.quickstartToken, "Accept: text/event-stream");
        assertEquals(400, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Bad Request: Mcp-Session-Id header is required\"}}", r.body());
    }

    @Test
    void serviceWhenPutThen405() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "PUT", "/gatehouse/mcp/quickstart", "{}",
                "Authorization: Bearer " + gw.quickstartToken, "Content-Type: application/json");
        assertEquals(405, r.status());
        assertEquals("GET, POST, DELETE", r.header("Allow"));
    }

    @Test
    void deleteWhenNoSessionThen400() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "DELETE", "/gatehouse/mcp/quickstart", null,
                "Authorization: Bearer " + gw.quickstartToken);
        assertEquals(400, r.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":"
                + "\"Bad Request: Mcp-Session-Id header is required\"}}", r.body());
    }

    @Test
    void deleteWhenSessionUnknownUpstreamThen404() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "DELETE", "/gatehouse/mcp/quickstart", null,
                "Authorization: Bearer " + gw.quickstartToken, "Mcp-Session-Id: no-such-session");
        assertEquals(404, r.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", r.body());
    }

    @Test
    void postWhenPathHasExtraSegmentsThen404GatewayNotFound() throws Exception {
        HttpResponse<String> r = McpHttp.post(url + "/extra", gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(404, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32040,\"message\":\"Gateway not found\"}}", r.body());
    }

    @Test
    void postWhenUpstreamDownThen502KeepingTheId() throws Exception {
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("downgw"), gw.downToken, call(42, "echo", "{\"message\":\"x\"}"));
        assertEquals(502, r.statusCode());
        assertEquals("application/json", McpHttp.contentType(r));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-32042,\"message\":"
                + "\"Upstream server unreachable (server 'Down')\"}}", r.body());
    }

    @Test
    void postWhenUpstreamDownThenTheNodeLogsWhyWithTheCallsCorrelationIdAndTheClientIsNotTold() throws Exception {
        int logBefore = LogCapture.text().length();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("downgw"), gw.downToken, call(43, "echo", "{\"message\":\"x\"}"));

        assertEquals(502, r.statusCode());
        assertFalse(r.body().contains("Connect"), r.body());
        String logged = LogCapture.text().substring(logBefore);
        java.util.regex.Matcher line = java.util.regex.Pattern
                .compile("tools/call (\\S+) to server 'down': unreachable: (.*ConnectException.*)").matcher(logged);
        assertTrue(line.find(), logged);
        String correlationId = line.group(1);
        assertTrue(gw.gatehouse.audit().query(dev.gatehouse.core.model.AuditQuery.newest(50)).stream()
                .anyMatch(e -> correlationId.equals(e.correlationId())), "the logged id is the call's audit correlation id");
    }

    @Test
    void postWhenUpstreamSlowerThanItsReadTimeoutThen504KeepingTheId() throws Exception {
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("slowgw"), gw.slowToken,
                "{\"jsonrpc\":\"2.0\",\"id\":\"t-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
        assertEquals(504, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"t-1\",\"error\":{\"code\":-32043,\"message\":"
                + "\"Upstream server did not answer in time (server 'Slow')\"}}", r.body());
    }

    @Test
    void errorPageWhenUnknownPathThenJsonNotHtml() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/no/such/page", null);
        assertEquals(404, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"error\":\"not_found\",\"status\":404}", r.body());
    }
}
