package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.AuditEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Methods and tool names the gateway does not know never reach an upstream (docs/security-tests.md, cases
 * 180-183): a method outside the client's protocol revision is answered -32601 (case-sensitive), a tool name
 * the gateway's tool list does not publish gets the unknown-item error, an unknown notification is refused
 * 400; each refusal is audited, and the demo upstream (behind {@link UpstreamRecorder}) never sees the marker.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class UnknownMethodsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Accept";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return McpHttp.post(url, gw.quickstartToken, body, all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE_ALL", "Tools/Call", "tools/call\\u0000", "tools/call ", "tools/delete", "TOOLS/LIST",
            "rpc.discover", "notifications/progress", "sampling/createMessage", "elicitation/create"})
    void requestWhenMethodIsNotTheSpecificationsThenMethodNotFoundAndUpstreamNeverCalled(String method) throws Exception {
        String marker = "m-" + UUID.randomUUID();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + marker + "\",\"method\":\"" + method + "\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + marker + "\"}}}";

        HttpResponse<String> r = post(body);

        assertEquals(200, r.statusCode(), r::body);
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(marker, answer.get("id").asText());
        assertEquals(-32601, answer.at("/error/code").asInt(), r::body);
        assertTrue(answer.at("/error/message").asText().startsWith("Method not found: "), r::body);
        assertFalse(answer.at("/error/message").asText().chars().anyMatch(Character::isISOControl), r::body);
        AuditEvent record = gw.awaitAudit(e -> marker.equals(e.jsonRpcId()), "no audit record of the refusal");
        assertEquals(Integer.valueOf(-32601), record.errorCode());
        assertEquals(0, gw.upstream.count(marker), "the upstream saw the unknown method");
    }

    @Test
    void requestWhenTasksMethodOnARevisionWithoutTasksThenMethodNotFound() throws Exception {
        String marker = "t-" + UUID.randomUUID();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + marker + "\",\"method\":\"tasks/get\",\"params\":{\"taskId\":\"" + marker + "\"}}";

        HttpResponse<String> old = post(body, "MCP-Protocol-Version", "2025-06-18");

        assertEquals(-32601, JSON.readTree(old.body()).at("/error/code").asInt(), old::body);
        assertEquals(0, gw.upstream.count(marker));

        HttpResponse<String> current = post(body, "MCP-Protocol-Version", "2025-11-25");

        assertEquals(200, current.statusCode(), current::body);
        assertEquals(1, gw.upstream.count(marker), "tasks/get is a 2025-11-25 method: forwarded on a one-server gateway");
    }

    @Test
    void requestWhenPingOnTheStatelessRevisionThenMethodNotFound() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}",
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "ping");

        assertEquals(-32601, JSON.readTree(r.body()).at("/error/code").asInt(), r::body);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE_ALL", "delete_all\\u0000", "echo\\u0000", "Echo", "echo ", "demo__echo"})
    void toolsCallWhenNameIsNotInTheGatewaysToolListThenUnknownToolAndUpstreamNeverCalled(String tool) throws Exception {
        String marker = "n-" + UUID.randomUUID();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + marker + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"message\":\"" + marker + "\"}}}";

        HttpResponse<String> r = post(body);

        JsonNode answer = JSON.readTree(r.body());
        assertEquals(-32602, answer.at("/error/code").asInt(), r::body);
        assertTrue(answer.at("/error/message").asText().startsWith("Unknown tool '"), r::body);
        AuditEvent record = gw.awaitAudit(e -> marker.equals(e.jsonRpcId()), "no audit record of the refusal");
        assertEquals(Integer.valueOf(-32602), record.errorCode());
        assertEquals(0, gw.upstream.count(marker), "the upstream saw the unknown tool");
    }

    @Test
    void toolsCallWhenManyUnknownNamesRightAfterAListThenTheUpstreamHearsNothingAtAll() throws Exception {
        HttpResponse<String> list = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertTrue(list.body().contains("\"echo\""), list::body);
        int before = gw.upstream.seen.size();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"flood_" + UUID.randomUUID() + "\",\"arguments\":{}}}");
            assertEquals(-32602, JSON.readTree(r.body()).at("/error/code").asInt(), r::body);
        }

        assertEquals(before, gw.upstream.seen.size(), "not even a tools/list: the list just merged answers for them");
    }

    @Test
    void toolsCallWhenNameIsListedThenCalled() throws Exception {
        String marker = "ok-" + UUID.randomUUID();
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + marker + "\"}}}");

        assertEquals(marker, JSON.readTree(r.body()).at("/result/content/0/text").asText(), r::body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"notifications/DELETE_ALL", "notifications/Cancelled", "notifications/message",
            "notifications/tools/list_changed"})
    void notificationWhenNotAClientNotificationThen400AndNotForwarded(String method) throws Exception {
        String marker = "x-" + UUID.randomUUID();
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":{\"reason\":\"" + marker + "\"}}");

        assertEquals(400, r.statusCode(), r::body);
        JsonNode answer = JSON.readTree(r.body());
        assertTrue(answer.get("id").isNull());
        assertEquals(-32601, answer.at("/error/code").asInt(), r::body);
        gw.awaitAudit(e -> method.equals(e.method()) && Integer.valueOf(-32601).equals(e.errorCode()),
                "no audit record of the refused notification");
        assertEquals(0, gw.upstream.count(marker));
    }
}
