package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream faults (docs/security-tests.md, "Upstream faults"): each scripted upstream answers the
 * handshake and the tool list like a real MCP server, then fails the {@code tools/call} in its own way.
 * The client always gets a JSON-RPC error with its own id and a 5xx status, the call's audit record is
 * completed with the failure, and no fault leaks upstream internals or follows a redirect.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamFaultTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(800);

    private GatewayHarness gw;
    private ScriptedUpstream upstream;
    private final Map<ScriptedUpstream.Fault, String> tokens = new EnumMap<>(ScriptedUpstream.Fault.class);

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        upstream = new ScriptedUpstream();
        for (ScriptedUpstream.Fault f : ScriptedUpstream.Fault.values()) {
            String slug = "fault-" + f.name().toLowerCase().replace('_', '-');
            UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Fault " + f, slug, upstream.url(f),
                    GatewayHarness.UPSTREAM_KEY_HEADER, GatewayHarness.UPSTREAM_KEY, null,
                    f == ScriptedUpstream.Fault.SLOW || f == ScriptedUpstream.Fault.STALL_SSE ? READ_TIMEOUT : Duration.ofSeconds(30)),
                    "admin");
            gw.gatehouse.catalog().createGateway(new NewGateway("Fault " + f, slug, null,
                    List.of(new NewGateway.Assignment(server.id(), null))), "admin");
            tokens.put(f, gw.gatehouse.connections().connect(gw.host.id(), slug, null, "alice").token());
        }
    }

    @AfterAll
    void stop() throws Exception {
        upstream.close();
    }

    private static String call(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + ScriptedUpstream.TOOL + "\",\"arguments\":{}}}";
    }

    private HttpResponse<String> call(ScriptedUpstream.Fault fault, String id, String... headers) throws Exception {
        String slug = "fault-" + fault.name().toLowerCase().replace('_', '-');
        return McpHttp.post(gw.gatewayUrl(slug), tokens.get(fault), call(id), headers);
    }

    private void assertUpstreamError(HttpResponse<String> r, String id, String message) {
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("application/json", McpHttp.contentType(r));
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":-32042,\"message\":\""
                + message), r.body());
    }

    @Test
    void toolsCallWhenUpstreamAnswersHtmlThen502InvalidReplyAndAuditedAsUpstreamError() throws Exception {
        String id = "garbage-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.GARBAGE, id, "Accept", "application/json");
        assertUpstreamError(r, id, "Upstream server sent an invalid reply");
        assertFalse(r.body().contains("nginx"), r.body());
        AuditEvent e = gw.completed(id);
        assertEquals(Outcome.UPSTREAM_ERROR, e.outcome());
        assertEquals(502, e.httpStatus());
        assertEquals(-32042, e.errorCode());
    }

    @Test
    void toolsCallWhenUpstreamAnswersJsonThatIsNotJsonRpcThen502InvalidReply() throws Exception {
        String id = "notmcp-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.NOT_MCP, id, "Accept", "application/json");
        assertUpstreamError(r, id, "Upstream server sent an invalid reply");
        assertFalse(r.body().contains("hello"), r.body());
        assertEquals(Outcome.UPSTREAM_ERROR, gw.completed(id).outcome());
    }

    @Test
    void toolsCallWhenUpstreamRedirectsThen502AndTheRedirectIsNeverFollowed() throws Exception {
        String id = "redirect-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.REDIRECT, id, "Accept", "application/json");
        assertUpstreamError(r, id, "Upstream server refused the request (HTTP 302)");
        assertEquals(0, upstream.trapHits.get(), "the gateway followed the redirect with its upstream credential");
        assertEquals(Outcome.UPSTREAM_ERROR, gw.completed(id).outcome());
    }

    @Test
    void toolsCallWhenUpstreamSendsAHugeBodyThenCappedAnd502() throws Exception {
        String id = "huge-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.HUGE, id, "Accept", "application/json");
        assertUpstreamError(r, id, "Upstream server sent an invalid reply");
        assertTrue(r.body().length() < 1024, "the capped body must not reach the client");
        assertEquals(Outcome.UPSTREAM_ERROR, gw.completed(id).outcome());
    }

    @Test
    void toolsCallWhenUpstreamFailsWith500Then502WithoutItsStackTrace() throws Exception {
        String id = "boom-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.SERVER_ERROR, id, "Accept", "application/json");
        assertUpstreamError(r, id, "Upstream server refused the request (HTTP 500)");
        assertFalse(r.body().contains("NullPointerException"), r.body());
        assertFalse(r.body().contains("Internal.java"), r.body());
        assertEquals(Outcome.UPSTREAM_ERROR, gw.completed(id).outcome());
    }

    @Test
    void toolsCallWhenUpstreamSlowerThanItsDeadlineThen504AtTheDeadlineNotWhenItAnswers() throws Exception {
        String id = "slow-" + UUID.randomUUID();
        long start = System.nanoTime();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.SLOW, id, "Accept", "application/json");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":-32043,\"message\":"
                + "\"Upstream server did not answer in time"), r.body());
        assertTrue(millis >= READ_TIMEOUT.toMillis(), millis + " ms");
        // the upstream answers after 20 s; the reply came at the 0.8 s deadline (generous margin for a busy machine)
        assertTrue(millis < ScriptedUpstream.SLOW_MILLIS / 2, millis + " ms");
        AuditEvent e = gw.completed(id);
        assertEquals(Outcome.TIMEOUT, e.outcome());
        assertEquals(504, e.httpStatus());
    }

    @Test
    void toolsCallWhenUpstreamStallsMidStreamThenClientGetsAnErrorEventAndTheCallIsAuditedAsTimedOut() throws Exception {
        String id = "stall-" + UUID.randomUUID();
        HttpResponse<String> r = call(ScriptedUpstream.Fault.STALL_SSE, id);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/event-stream", McpHttp.contentType(r));
        List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
        assertTrue(data.get(0).contains("\"working\""), r.body());
        assertTrue(data.get(data.size() - 1).startsWith("data: {\"jsonrpc\":\"2.0\",\"id\":\"" + id
                + "\",\"error\":{\"code\":-32043,\"message\":\"Upstream server did not answer in time"), r.body());
        AuditEvent e = gw.completed(id);
        assertEquals(Outcome.TIMEOUT, e.outcome());
        assertEquals(-32043, e.errorCode());
    }

    @Test
    void anyFaultWhenForwardedThenTheClientTokenNeverReachedTheUpstream() {
        assertFalse(upstream.received.isEmpty());
        for (String token : tokens.values()) {
            assertTrue(upstream.received.stream().noneMatch(b -> b.contains(token)));
        }
    }
}
