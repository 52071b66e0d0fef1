package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile JSON-RPC bodies through the deployed gateway, beyond {@link McpGatewayServletTest}
 * (docs/security-tests.md, "JSON-RPC"): each answered with the exact JSON-RPC error, and none of them
 * reaches the upstream.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileJsonRpcTest {
    private static final String PARSE_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}";
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("quickstart");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return McpHttp.post(url, gw.quickstartToken, body, "Accept", "application/json");
    }

    private static String invalid(String id, String detail) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32600,\"message\":\"Invalid Request: " + detail + "\"}}";
    }

    /** Sends a body with a marker and shows the upstream never saw it. */
    private HttpResponse<String> postUnseen(String bodyWithMarker, String marker) throws Exception {
        HttpResponse<String> r = post(bodyWithMarker);
        assertEquals(0, gw.upstream.count(marker), "reached the upstream: " + bodyWithMarker);
        return r;
    }

    @Test
    void postWhenNestedDeeperThanTheParserLimitThen400ParseError() throws Exception {
        String marker = "deep-" + UUID.randomUUID();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\""
                + marker + "\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}}}";
        HttpResponse<String> r = postUnseen(body, marker);
        assertEquals(400, r.statusCode());
        assertEquals(PARSE_ERROR, r.body());
    }

    @Test
    void postWhenNumberLongerThanTheParserLimitThen400ParseError() throws Exception {
        String marker = "num-" + UUID.randomUUID();
        HttpResponse<String> r = postUnseen("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + marker + "\",\"n\":" + "9".repeat(5000) + "}}}", marker);
        assertEquals(400, r.statusCode());
        assertEquals(PARSE_ERROR, r.body());
    }

    @Test
    void postWhenIdIsAHugeIntegerWithinTheLimitThenEchoedBackExactly() throws Exception {
        String id = "1" + "0".repeat(300);
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}", r.body());
    }

    @Test
    void postWhenLongStringWithinTheBodyLimitThenServedIntact() throws Exception {
        String text = "é".repeat(20_000);
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":\"long\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + text + "\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "float id         | {\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}            | null   | 'id' must be a string or an integer",
            "boolean id       | {\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}           | null   | 'id' must be a string or an integer",
            "object id        | {\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}      | null   | 'id' must be a string or an integer",
            "array id         | {\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}            | null   | 'id' must be a string or an integer",
            "exponent id      | {\"jsonrpc\":\"2.0\",\"id\":1e2,\"method\":\"ping\"}            | null   | 'id' must be a string or an integer",
            "null request id  | {\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}           | null   | a request 'id' must not be null",
            "missing jsonrpc  | {\"id\":7,\"method\":\"ping\"}                                  | 7      | 'jsonrpc' must be \\\"2.0\\\"",
            "jsonrpc 1.0      | {\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"ping\"}              | 7      | 'jsonrpc' must be \\\"2.0\\\"",
            "jsonrpc number   | {\"jsonrpc\":2.0,\"id\":\"s\",\"method\":\"ping\"}              | \"s\"  | 'jsonrpc' must be \\\"2.0\\\"",
            "empty method     | {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"\"}                  | 7      | 'method' must be a non-empty string",
            "params string    | {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":\"x\"} | 7  | 'params' must be an object or an array",
            "params number    | {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":3} | 7      | 'params' must be an object or an array",
            "no method        | {\"jsonrpc\":\"2.0\",\"id\":7}                                  | 7      | a message needs a 'method', or exactly one of 'result' and 'error'",
            "result and error | {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{},\"error\":{}}       | 7      | a message needs a 'method', or exactly one of 'result' and 'error'",
            "scalar body      | 42                                                              | null   | a message must be a JSON object",
            "string body      | \"tools/call\"                                                  | null   | a message must be a JSON object",
            "empty batch      | []                                                              | null   | batch requests are not supported"})
    void postWhenValidJsonOfTheWrongShapeThen400InvalidRequest(String name, String body, String id, String detail) throws Exception {
        HttpResponse<String> r = post(body);
        assertEquals(400, r.statusCode(), name);
        assertEquals(invalid(id, detail), r.body(), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "empty body        | ``",
            "whitespace only   | `   `",
            "trailing content  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}",
            "two objects       | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
            "single quotes     | {'jsonrpc':'2.0','id':1,'method':'ping'}",
            "comment           | {\"jsonrpc\":\"2.0\",/*x*/\"id\":1,\"method\":\"ping\"}",
            "NaN               | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"n\":NaN}}",
            "leading zero      | {\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}",
            "unquoted name     | {jsonrpc:\"2.0\",\"id\":1,\"method\":\"ping\"}",
            "control char      | {\"jsonrpc\":\"2.0\",\"id\":\"a\tb\",\"method\":\"ping\"}",
            "duplicate id      | {\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}",
            "duplicate params  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},\"params\":{\"name\":\"fail\"}}",
            "nested duplicate  | {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"name\":\"fail\"}}"})
    void postWhenNotJsonThen400ParseErrorWithNullId(String name, String body) throws Exception {
        HttpResponse<String> r = post(body);
        assertEquals(400, r.statusCode(), name);
        assertEquals(PARSE_ERROR, r.body(), name);
    }

    @Test
    void postWhenBodyIsNotUtf8Then400ParseError() throws Exception {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> r = McpHttp.send(McpHttp.request(url, gw.quickstartToken, "")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(400, r.statusCode());
        assertEquals(PARSE_ERROR, r.body());
    }

    @Test
    void postWhenMethodUnknownThenMethodNotFoundFromTheServerKeepingTheId() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":\"u-1\",\"method\":\"tools/destroy_everything\"}");
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"u-1\",\"error\":{\"code\":-32601"), r.body());
    }

    @Test
    void postWhenToolsCallSentAsNotificationThenRefusedAuditedAndNeverRun() throws Exception {
        String marker = "silent-" + UUID.randomUUID();
        String agent = "notifier/" + UUID.randomUUID();
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"" + marker + "\"}}}", "Accept", "application/json",
                "User-Agent", agent);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(invalid("null", "only 'notifications/' methods may be sent without an 'id'"), r.body());
        assertEquals(0, gw.upstream.count(marker));
        AuditEvent e = eventually(agent);
        assertEquals(AuditKind.REQUEST, e.kind());
        assertEquals(Outcome.REJECTED, e.outcome());
        assertEquals("tools/call", e.method());
        assertEquals(-32600, e.errorCode());
    }

    @Test
    void postWhenRealNotificationThen202AndNothingRecorded() throws Exception {
        HttpResponse<String> r = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"x\"}}");
        assertEquals(202, r.statusCode());
        assertEquals("", r.body());
    }

    private AuditEvent eventually(String agent) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            List<AuditEvent> found = gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream()
                    .filter(e -> agent.equals(e.userAgent())).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no audit record from " + agent);
    }
}
