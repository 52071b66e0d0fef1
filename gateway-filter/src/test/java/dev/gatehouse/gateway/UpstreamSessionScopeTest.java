package dev.gatehouse.gateway;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which upstream session carries a client's messages: a sessionless client's go on its connection's own
 * upstream session (reused, never another tenant's, ended upstream when idle); a Gatehouse session has
 * exactly one upstream session per server however many of its first requests race to open it; and the
 * capabilities the gateway publishes keep those of its server that the negotiated revision defines.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamSessionScopeTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GatewayHarness gw;
    private CancellableUpstream tasking;
    private String taskingToken;

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        tasking = new CancellableUpstream();
        UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Tasking", "tasking", tasking.url,
                null, null, null, Duration.ofSeconds(20)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Tasks", "tasksgw", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        taskingToken = gw.gatehouse.connections().connect(gw.host.id(), "tasksgw", null, "alice").token();
    }

    @AfterAll
    void stop() throws Exception {
        tasking.close();
    }

    private static String echo(String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + message + "\"}}}";
    }

    /** The upstream session id the demo upstream saw on the request whose body contains {@code marker}. */
    private String upstreamSessionOf(String marker) {
        return gw.upstream.seen.stream().filter(s -> s.body().contains(marker)).map(s -> s.header("Mcp-Session-Id"))
                .findFirst().orElseThrow(() -> new AssertionError("the upstream never saw " + marker));
    }

    @Test
    void sessionlessWhenTwoHostsCallThenEachConnectionHasItsOwnUpstreamSessionReusedAndDeletedWhenIdle() throws Exception {
        String run = UUID.randomUUID().toString();
        String url = gw.gatewayUrl("quickstart");
        assertEquals(200, McpHttp.post(url, gw.quickstartToken, echo("ci-" + run + "-1")).statusCode());
        assertEquals(200, McpHttp.post(url, gw.quickstartPeerToken, echo("peer-" + run)).statusCode());
        assertEquals(200, McpHttp.post(url, gw.quickstartToken, echo("ci-" + run + "-2")).statusCode());
        String ci = upstreamSessionOf("ci-" + run + "-1");
        assertNotEquals(ci, upstreamSessionOf("peer-" + run), "another host never shares the upstream session");
        assertEquals(ci, upstreamSessionOf("ci-" + run + "-2"), "a connection reuses its own");

        gw.clock.advance(Duration.ofMinutes(11));
        try {
            assertTrue(gw.gatehouse.upstreamSessions().evictIdle() >= 2);
        } finally {
            gw.clock.reset();
        }
        assertTrue(eventually(() -> gw.upstream.seen.stream().anyMatch(s -> s.method().equals("DELETE")
                && ci.equals(s.header("Mcp-Session-Id")))), "the idle upstream session was ended at the server");
        assertEquals(200, McpHttp.post(url, gw.quickstartToken, echo("ci-" + run + "-3")).statusCode());
        assertNotEquals(ci, upstreamSessionOf("ci-" + run + "-3"), "a fresh one afterwards");
    }

    @Test
    void sessionlessWhenTheConnectionIsDeletedThenItsUpstreamSessionIsEndedAtTheServerWithoutWaitingForIdle()
            throws Exception {
        String run = UUID.randomUUID().toString();
        var issued = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, "alice");
        String url = gw.gatewayUrl("quickstart");
        assertEquals(200, McpHttp.post(url, issued.token(), echo("gone-" + run)).statusCode());
        String upstreamSession = upstreamSessionOf("gone-" + run);

        assertTrue(gw.gatehouse.connections().deleteConnection(issued.connection().id(), "admin"));

        // the revocation signal (polled every 250 ms) ends it, not the 10-minute idle sweep: the clock never moves
        assertTrue(eventually(() -> gw.upstream.seen.stream().anyMatch(s -> s.method().equals("DELETE")
                && upstreamSession.equals(s.header("Mcp-Session-Id")))),
                "the revoked connection's sessionless upstream session was ended at the server");
        assertEquals(401, McpHttp.post(url, issued.token(), echo("after-" + run)).statusCode());
    }

    @Test
    void sessionlessWhenACallIsStillStreamingThenItsUpstreamSessionIsNotIdleAndEndsOnlyAfterwards() throws Exception {
        String id = "long-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(McpHttp.request(gw.gatewayUrl("tasksgw"), taskingToken,
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"work\"}}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(eventually(() -> !tasking.runningSessions().isEmpty()), "the call is running upstream");
        String upstreamSession = tasking.runningSessions().iterator().next();
        gw.clock.advance(Duration.ofMinutes(11));
        try {
            gw.gatehouse.upstreamSessions().evictIdle();
            assertFalse(tasking.deleted.contains(upstreamSession), "a session with a call streaming on it is in use");
        } finally {
            gw.clock.reset();
        }
        HttpResponse<String> done = call.get(30, TimeUnit.SECONDS);
        assertTrue(done.body().contains("worked"), done.body());
        gw.clock.advance(Duration.ofMinutes(11));
        try {
            gw.gatehouse.upstreamSessions().evictIdle();
        } finally {
            gw.clock.reset();
        }
        assertTrue(eventually(() -> tasking.deleted.contains(upstreamSession)), "idle once the call ended: ended upstream");
    }

    @Test
    void sessionWhenManyFirstRequestsRaceThenOneUpstreamSessionPerServer() throws Exception {
        String marker = "race-" + UUID.randomUUID();
        String url = gw.gatewayUrl("quickstart");
        HttpResponse<String> init = McpHttp.post(url, gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"experimental\":{\"" + marker + "\":{}}},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String body = i % 2 == 0 ? "{\"jsonrpc\":\"2.0\",\"id\":" + (10 + i) + ",\"method\":\"tools/list\"}"
                    : echo("race " + i).replace("\"id\":1", "\"id\":" + (10 + i));
            replies.add(HTTP.sendAsync(McpHttp.request(url, gw.quickstartToken, body).header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25").build(), HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(i % 4); // a little spread: some requests read the session before the link exists, some after
        }
        for (CompletableFuture<HttpResponse<String>> r : replies) {
            assertEquals(200, r.get(30, TimeUnit.SECONDS).statusCode());
        }
        // a request that lost the race may have opened a second one; it is closed at once and never carries a call
        Set<String> used = gw.upstream.seen.stream().filter(s -> s.body().contains("race ")
                && s.body().contains("\"echo\"")).map(s -> s.header("Mcp-Session-Id")).collect(Collectors.toSet());
        assertEquals(1, used.size(), "every call on that one upstream session: " + used);
    }

    @Test
    void sessionWhenTwoNodesOpenItsUpstreamSessionAtOnceThenOneIsKeptByBothAndTheOtherEnded() throws Exception {
        String nodeB = gw.startSecondNode();
        String url = gw.gatewayUrl("tasksgw");
        HttpResponse<String> init = McpHttp.post(url, taskingToken, initialize("2025-11-25"));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        tasking.initializeMillis = 500; // both handshakes under way at once
        int listedBefore = tasking.listedOn.size();
        List<CompletableFuture<HttpResponse<String>>> first = new ArrayList<>();
        try {
            for (String base : List.of(gw.baseUrl, nodeB)) {
                first.add(HTTP.sendAsync(McpHttp.request(base + "/gatehouse/mcp/tasksgw", taskingToken,
                                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").header("Mcp-Session-Id", session)
                        .header("MCP-Protocol-Version", "2025-11-25").build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> r : first) {
                assertEquals(200, r.get(30, TimeUnit.SECONDS).statusCode());
            }
        } finally {
            tasking.initializeMillis = 0;
        }
        for (String base : List.of(gw.baseUrl, nodeB)) {
            assertEquals(200, McpHttp.post(base + "/gatehouse/mcp/tasksgw", taskingToken,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", "Mcp-Session-Id", session,
                    "MCP-Protocol-Version", "2025-11-25").statusCode());
        }
        List<String> used = tasking.listedOn.subList(listedBefore, tasking.listedOn.size());
        assertEquals(4, used.size(), used.toString());
        assertEquals(1, Set.copyOf(used).size(), "both nodes use the one upstream session recorded: " + used);
    }

    @Test
    void initializeWhenTheServerOffersTasksThenThePublishedCapabilitiesKeepThemOnRevisionsThatDefineThem() throws Exception {
        String url = gw.gatewayUrl("tasksgw");
        HttpResponse<String> current = McpHttp.post(url, taskingToken, initialize("2025-11-25"));
        assertTrue(current.body().contains("\"tasks\":" + CancellableUpstream.TASKS), current.body());
        assertTrue(current.body().contains("\"logging\":{}"), current.body());
        HttpResponse<String> older = McpHttp.post(url, taskingToken, initialize("2025-06-18"));
        assertEquals(200, older.statusCode(), older.body());
        assertFalse(older.body().contains("\"tasks\""), "2025-06-18 does not define tasks: " + older.body());
        HttpResponse<String> discover = McpHttp.post(url, taskingToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\"}",
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "server/discover");
        assertTrue(discover.body().contains("\"tasks\":" + CancellableUpstream.TASKS), discover.body());
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    }

    private static boolean eventually(Supplier<Boolean> condition) throws InterruptedException {
        for (int i = 0; i < 750; i++) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
