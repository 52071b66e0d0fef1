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

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's {@code notifications/cancelled} for its own call in flight (MCP "Cancellation"), against an
 * upstream that honours cancellation ({@link CancellableUpstream}): the server is told under its own id
 * for the call (which Gatehouse rewrote without a session) with the client's reason, its work stops, the
 * client's stream ends without an answer (a JSON-only client gets {@code -32800}), and the call's
 * completion record says {@code cancelled}.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCancellationTest {
    private static final String VERSION = "2025-11-25";
    private static final String EOF = RawLines.EOF;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GatewayHarness gw;
    private CancellableUpstream upstream;
    private String token;
    private String url;

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        upstream = new CancellableUpstream();
        UpstreamServer server = gw.gatehouse.catalog().createServer(new NewServer("Cancellable", "cancellable", upstream.url,
                null, null, null, Duration.ofSeconds(30)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Cancel", "cancelgw", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        token = gw.gatehouse.connections().connect(gw.host.id(), "cancelgw", null, "alice").token();
        url = gw.gatewayUrl("cancelgw");
    }

    @AfterAll
    void stop() throws Exception {
        upstream.close();
    }

    private String session() throws Exception {
        return McpHttp.openSession(url, token, VERSION);
    }

    private static String work(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"work\","
                + "\"arguments\":{},\"_meta\":{\"progressToken\":\"p-" + id + "\"}}}";
    }

    private HttpResponse<String> cancel(String id, String session) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"" + id
                + "\",\"reason\":\"user pressed \\\"stop\\\"\"}}";
        return session == null ? McpHttp.post(url, token, body)
                : McpHttp.post(url, token, body, "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
    }

    @Test
    void sessionWhenClientCancelsItsStreamingCallThenUpstreamStopsStreamEndsWithoutAnswerAndCallIsCancelled() throws Exception {
        String session = session();
        String id = "c-" + UUID.randomUUID();
        try (RawLines post = rawPost(work(id), session, "application/json, text/event-stream")) {
            assertNotNull(post.await(s -> s.contains("notifications/progress"), Duration.ofSeconds(10)), "the call runs");
            assertEquals(202, cancel(id, session).statusCode());
            assertNotNull(post.await(s -> s.equals(EOF) || s.equals("0"), Duration.ofSeconds(10)), "the client's stream ended");
            assertTrue(post.seen().stream().noneMatch(s -> s.contains("\"result\"")), "no answer after a cancellation: " + post.seen());
        }
        CancellableUpstream.Cancelled told = awaitCancelled("\"" + id + "\"");
        assertEquals("user pressed \"stop\"", told.reason(), "the client's reason, intact");
        assertTrue(eventually(() -> upstream.stopped.contains(told.session() + "/\"" + id + "\"")), "the server stopped the work");
        assertEquals(1, upstream.cancelled.stream().filter(c -> c.requestId().equals("\"" + id + "\"")).count(),
                "told once, by Gatehouse, not also by relaying the client's notice");
        AuditEvent completed = gw.completed(id);
        assertEquals(Outcome.CANCELLED, completed.outcome());
        assertEquals("cancelled by the client", completed.detail());
    }

    @Test
    void sessionlessWhenClientCancelsThenTheUpstreamIsToldUnderTheIdItGotAndTheCallIsCancelled() throws Exception {
        String id = "s-" + UUID.randomUUID();
        try (RawLines post = rawPost(work(id), null, "application/json, text/event-stream")) {
            assertNotNull(post.await(s -> s.contains("notifications/progress"), Duration.ofSeconds(10)), "the call runs");
            assertEquals(202, cancel(id, null).statusCode());
            assertNotNull(post.await(s -> s.equals(EOF) || s.equals("0"), Duration.ofSeconds(10)), "the client's stream ended");
        }
        assertTrue(eventually(() -> !upstream.stopped.isEmpty() && upstream.stopped.stream().anyMatch(k -> k.contains("\"gh-"))),
                "the server stopped the work it knew under Gatehouse's id: " + upstream.stopped);
        assertTrue(upstream.cancelled.stream().noneMatch(c -> c.requestId().contains(id)), "never under the client's id");
        assertEquals(Outcome.CANCELLED, gw.completed(id).outcome());
    }

    @Test
    void jsonOnlyClientWhenItCancelsThenItsPostIsAnsweredRequestCancelledAndTheUpstreamStops() throws Exception {
        String session = session();
        String id = "j-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> call = HTTP.sendAsync(McpHttp.request(url, token, work(id))
                .setHeader("Accept", "application/json").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", VERSION).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(eventually(() -> upstream.stoppedOrRunning(id)), "the call reached the server");
        assertEquals(202, cancel(id, session).statusCode());
        HttpResponse<String> answered = call.get(10, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":-32800,\"message\":\"Request cancelled\"}}",
                answered.body());
        assertTrue(eventually(() -> upstream.stopped.stream().anyMatch(k -> k.endsWith("/\"" + id + "\""))));
        assertEquals(Outcome.CANCELLED, gw.completed(id).outcome());
    }

    @Test
    void cancellationOfACallNotInFlightIsAcceptedAndChangesNothing() throws Exception {
        String session = session();
        assertEquals(202, cancel("never-sent", session).statusCode());
        assertEquals(202, cancel("never-sent", null).statusCode());
    }

    private CancellableUpstream.Cancelled awaitCancelled(String requestId) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            var found = upstream.cancelled.stream().filter(c -> c.requestId().equals(requestId)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upstream was never told to cancel " + requestId);
    }

    private static boolean eventually(Supplier<Boolean> condition) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** A raw POST whose reply lines arrive as they come ({@link RawLines}, EOF when the connection ends). */
    private RawLines rawPost(String body, String session, String accept) throws IOException {
        return RawLines.open(gw.baseUrl, "POST /gatehouse/mcp/cancelgw HTTP/1.1\r\nHost: {host}"
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nAccept: " + accept
                + (session == null ? "" : "\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: " + VERSION)
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body);
    }
}
