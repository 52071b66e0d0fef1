package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "duo" gateway: three demo servers behind one URL with prefixes {@code demo}, {@code two} (only
 * {@code add} and {@code slow_count} allowed, no prompts) and {@code flaky} (stopped in the last test).
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregationTest {
    private GatewayHarness gw;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        url = gw.gatewayUrl("duo");
    }

    private HttpResponse<String> post(String json) throws Exception {
        return McpHttp.post(url, gw.duoToken, json, "Accept", "application/json");
    }

    private static String call(String id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static List<String> names(String body) {
        return java.util.regex.Pattern.compile("\"name\":\"([^\"]+)\"").matcher(body).results()
                .map(m -> m.group(1)).filter(n -> n.contains("__")).toList();
    }

    @Test
    @Order(1)
    void toolsListWhenThreeServersThenMergedInAssignmentOrderWithPrefixesAndOnlyAllowedTools() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(200, r.statusCode());
        assertEquals(List.of("demo__echo", "demo__add", "demo__get_time", "demo__slow_count", "demo__fail",
                "two__add", "two__slow_count",
                "flaky__echo", "flaky__add", "flaky__get_time", "flaky__slow_count", "flaky__fail"), names(r.body()));
    }

    @Test
    @Order(2)
    void promptsListWhenOneServerBlocksPromptsThenOnlyTheOthersPrompts() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/list\"}");
        assertEquals(List.of("demo__greeting", "flaky__greeting"), names(r.body()));
    }

    @Test
    @Order(3)
    void toolsCallWhenPrefixedThenRoutedToThatServerWithThePrefixStripped() throws Exception {
        HttpResponse<String> sum = post(call("c-1", "two__add", "{\"a\":2,\"b\":3}"));
        assertTrue(sum.body().contains("\"text\":\"5\""), sum.body());
        HttpResponse<String> echo = post(call("c-2", "demo__echo", "{\"message\":\"routed\"}"));
        assertTrue(echo.body().contains("\"text\":\"routed\""), echo.body());
        assertTrue(gw.upstream.seen.stream().anyMatch(s -> s.body().contains("\"name\":\"echo\"") && s.body().contains("routed")));
    }

    @Test
    @Order(4)
    void promptsGetWhenPrefixedThenRouted() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":"
                + "\"demo__greeting\",\"arguments\":{\"name\":\"Ada\"}}}");
        assertTrue(r.body().contains("Hello, Ada!"), r.body());
    }

    @Test
    @Order(5)
    void toolsCallWhenNotOnTheAllowListThen403DeniedAndAudited() throws Exception {
        HttpResponse<String> r = post(call("denied-1", "two__echo", "{\"message\":\"x\"}"));
        assertEquals(403, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"denied-1\",\"error\":{\"code\":-32044,\"message\":"
                + "\"Denied: tool 'two__echo' is not allowed on this gateway\"}}", r.body());
        assertFalse(gw.upstream.seen.stream().anyMatch(s -> s.body().contains("denied-1")));
        AuditEvent record = gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream()
                .filter(e -> "denied-1".equals(e.jsonRpcId())).findFirst().orElseThrow();
        assertEquals(AuditKind.DENIED, record.kind());
        assertEquals(Outcome.DENIED, record.outcome());
        assertEquals("second", record.server());
        assertEquals("two__echo", record.tool());
    }

    @Test
    @Order(6)
    void promptsGetWhenPromptsBlockedOnThatServerThenDenied() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"two__greeting\"}}");
        assertEquals(403, r.statusCode());
    }

    @Test
    @Order(7)
    void toolsCallWhenNoServerHasTheNameThenUnknownTool() throws Exception {
        HttpResponse<String> r = post(call("u-1", "nobody__echo", "{}"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"u-1\",\"error\":{\"code\":-32602,\"message\":"
                + "\"Unknown tool 'nobody__echo'\"}}", r.body());
    }

    @Test
    @Order(8)
    void listWhenCursorNotIssuedByGatehouseThenInvalidParams() throws Exception {
        HttpResponse<String> r = post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{\"cursor\":\"bogus\"}}");
        assertTrue(r.body().contains("\"code\":-32602"), r.body());
    }

    @Test
    @Order(100)
    void serverWhenStoppedMidRunThenItsItemsVanishAndItsCallsFailNamingItWhileOthersWork() throws Exception {
        gw.flakyJetty.stop();
        HttpResponse<String> list = post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}");
        assertEquals(200, list.statusCode());
        List<String> names = names(list.body());
        assertTrue(names.contains("demo__echo") && names.contains("two__add"), names.toString());
        assertTrue(names.stream().noneMatch(n -> n.startsWith("flaky__")), names.toString());

        HttpResponse<String> down = post(call("f-1", "flaky__echo", "{\"message\":\"x\"}"));
        assertEquals(502, down.statusCode());
        assertTrue(down.body().contains("(server 'Flaky')"), down.body());
        assertTrue(post(call("f-2", "demo__echo", "{\"message\":\"still here\"}")).body().contains("still here"));
    }
}
