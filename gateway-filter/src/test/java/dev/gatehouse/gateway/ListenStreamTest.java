package dev.gatehouse.gateway;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listen stream (MCP streamable HTTP, "Listening for Messages from the Server"): GET answered at once
 * with an event stream, the servers' own messages relayed on it with Gatehouse's own sealed event ids, keep-alive
 * comments while idle, ended by DELETE, and the upstream GETs closed when the client leaves.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenStreamTest {
    private static final String VERSION = "2025-11-25";
    private static final String EOF = RawLines.EOF;
    private GatewayHarness gw;
    private ListeningUpstream listening;
    private String listeningToken;
    private String refusingToken;

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        listening = new ListeningUpstream();
        UpstreamServer listen = gw.gatehouse.catalog().createServer(new NewServer("Listening", "listening",
                listening.baseUrl + "/listen/mcp", null, null, null, Duration.ofSeconds(5)), "admin");
        UpstreamServer refuse = gw.gatehouse.catalog().createServer(new NewServer("Refusing", "refusing",
                listening.baseUrl + "/refuse/mcp", null, null, null, Duration.ofSeconds(5)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Listen", "listengw", null,
                List.of(new NewGateway.Assignment(listen.id(), null))), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Refuse", "refusegw", null,
                List.of(new NewGateway.Assignment(refuse.id(), null))), "admin");
        listeningToken = gw.gatehouse.connections().connect(gw.host.id(), "listengw", null, "alice").token();
        refusingToken = gw.gatehouse.connections().connect(gw.host.id(), "refusegw", null, "alice").token();
    }

    @AfterAll
    void stop() throws Exception {
        listening.close();
    }

    private String open(String slug, String token) throws Exception {
        return McpHttp.openSession(gw.gatewayUrl(slug), token, VERSION);
    }

    /** A raw listen GET whose lines arrive as they come ({@link RawLines}, EOF when the stream ends). */
    private RawLines listen(String slug, String token, String session, String accept) throws IOException {
        return RawLines.open(gw.baseUrl, "GET /gatehouse/mcp/" + slug + " HTTP/1.1\r\nHost: {host}"
                + "\r\nAuthorization: Bearer " + token + "\r\nAccept: " + accept
                + (session == null ? "" : "\r\nMcp-Session-Id: " + session)
                + "\r\nMCP-Protocol-Version: " + VERSION + "\r\n\r\n", "");
    }

    @Test
    void getWhenSessionLiveThen200EventStreamAtOnceAndServerNotificationRelayedWithoutTheUpstreamSessionInItsId() throws Exception {
        String session = open("quickstart", gw.quickstartToken);
        try (RawLines l = listen("quickstart", gw.quickstartToken, session, "text/event-stream")) {
            assertNotNull(l.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(3)), "200 before any upstream message");
            assertNotNull(l.await(s -> s.toLowerCase().startsWith("content-type: text/event-stream"), Duration.ofSeconds(1)));
            // the upstream GET is opened asynchronously: notify until the notification comes through
            String previous = null;
            String data = null;
            for (int i = 0; i < 25 && data == null; i++) {
                gw.demo.notifyToolsListChanged();
                long until = System.nanoTime() + Duration.ofMillis(200).toNanos();
                while (data == null && System.nanoTime() < until) {
                    String line = l.poll(Duration.ofMillis(20));
                    if (line != null && line.contains("notifications/tools/list_changed")) {
                        data = line;
                    } else if (line != null && line.startsWith("id: ")) {
                        previous = line;
                    }
                }
            }
            assertNotNull(data, "the server's notification was relayed");
            assertNotNull(previous, "the SDK gives its events ids");
            assertTrue(previous.startsWith("id: e1."), previous);
            for (String upstreamSession : upstreamSessionIds()) {
                assertFalse(previous.contains(upstreamSession), "the upstream's session id never reaches a client: " + previous);
            }
        }
    }

    /** Every session id Gatehouse used with the demo upstream (the SDK's event ids carry it). */
    private List<String> upstreamSessionIds() {
        return gw.upstream.seen.stream().map(r -> r.header("Mcp-Session-Id")).filter(java.util.Objects::nonNull)
                .distinct().toList();
    }

    @Test
    void postStreamWhenUpstreamEventsCarryIdsThenTheClientSeesNoUpstreamSessionIdWithOrWithoutASession() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":2,\"delayMs\":10},\"_meta\":{\"progressToken\":\"ids\"}}}";
        HttpResponse<String> sessionless = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call);
        String session = open("quickstart", gw.quickstartToken);
        HttpResponse<String> inSession = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call,
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
        assertTrue(sessionless.body().contains("counted 2") && inSession.body().contains("counted 2"),
                sessionless.body() + inSession.body());
        List<String> upstreamSessions = upstreamSessionIds();
        assertFalse(upstreamSessions.isEmpty());
        for (String body : List.of(sessionless.body(), inSession.body())) {
            for (String upstreamSession : upstreamSessions) {
                assertFalse(body.contains(upstreamSession), "an upstream session id reached the client: " + body);
            }
        }
        assertFalse(sessionless.body().contains("\nid: "), "no event ids where nothing could resume: " + sessionless.body());
        assertTrue(inSession.body().contains("\nid: e1."), inSession.body());
    }

    @Test
    void getWhenIdleThenKeepAliveComments() throws Exception {
        String session = open("quickstart", gw.quickstartToken);
        try (RawLines l = listen("quickstart", gw.quickstartToken, session, "text/event-stream")) {
            assertNotNull(l.await(": keep-alive"::equals, GatewayHarness.KEEP_ALIVE.multipliedBy(5)));
            assertNotNull(l.await(": keep-alive"::equals, GatewayHarness.KEEP_ALIVE.multipliedBy(5)), "and again");
        }
    }

    @Test
    void postStreamWhenUpstreamSlowBetweenEventsThenKeepAliveComments() throws Exception {
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                        + "\"arguments\":{\"count\":2,\"delayMs\":" + GatewayHarness.KEEP_ALIVE.multipliedBy(3).toMillis()
                        + "},\"_meta\":{\"progressToken\":\"ka\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        int keepAlive = r.body().indexOf("\n: keep-alive\n");
        assertTrue(keepAlive > r.body().indexOf("notifications/progress") && keepAlive < r.body().indexOf("counted 2"), r.body());
    }

    @Test
    void getWhenSessionUnknownOrForeignThen404MissingThen400AcceptWithoutEventStreamThen406() throws Exception {
        String session = open("quickstart", gw.quickstartToken);
        assertEquals(404, get(gw.quickstartPeerToken, session, "text/event-stream").statusCode());
        assertEquals(404, get(gw.quickstartToken, "not-a-session", "text/event-stream").statusCode());
        assertEquals(400, get(gw.quickstartToken, null, "text/event-stream").statusCode());
        assertEquals(406, get(gw.quickstartToken, session, "application/json").statusCode());
    }

    @Test
    void getWhenSessionDeletedThenStreamEnds() throws Exception {
        String session = open("quickstart", gw.quickstartToken);
        try (RawLines l = listen("quickstart", gw.quickstartToken, session, "text/event-stream")) {
            assertNotNull(l.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(3)));
            HttpResponse<String> deleted = McpHttp.send(HttpRequest.newBuilder(URI.create(gw.gatewayUrl("quickstart")))
                    .header("Authorization", "Bearer " + gw.quickstartToken).header("Mcp-Session-Id", session).DELETE());
            assertEquals(200, deleted.statusCode());
            assertNotNull(l.await(s -> s.equals(EOF) || s.equals("0"), Duration.ofSeconds(5)), "the stream ended");
        }
    }

    @Test
    void getWhenClientLeavesThenUpstreamGetClosed() throws Exception {
        String session = open("listengw", listeningToken);
        int closedBefore = listening.closedByPeer.get();
        try (RawLines l = listen("listengw", listeningToken, session, "text/event-stream")) {
            assertNotNull(l.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(3)));
            assertTrue(eventually(() -> listening.opened.get() > 0), "the upstream GET was opened");
        }
        assertTrue(eventually(() -> listening.closedByPeer.get() > closedBefore), "the upstream GET was closed");
    }

    @Test
    void getWhenServerSendsThenOwnEventIdsRequestIdsMappedAndLastEventIdResumesOnlyOnItsSession() throws Exception {
        String session = open("listengw", listeningToken);
        String first;
        try (RawLines l = listen("listengw", listeningToken, session, "text/event-stream")) {
            first = l.await(s -> s.startsWith("id: "), Duration.ofSeconds(5));
            assertNotNull(first);
            assertTrue(first.startsWith("id: e1.") && !first.endsWith(".7"), "Gatehouse's own id, not the upstream's: " + first);
            assertNotNull(l.await(s -> s.startsWith("data: ") && s.contains("\"notifications/message\""), Duration.ofSeconds(1)));
            String second = l.await(s -> s.startsWith("id: "), Duration.ofSeconds(1));
            assertNotNull(second);
            assertTrue(second.startsWith("id: e1.") && !second.equals(first), second);
            String request = l.await(s -> s.startsWith("data: ") && s.contains("roots/list"), Duration.ofSeconds(1));
            assertNotNull(request);
            assertTrue(request.contains("\"id\":\"gh~"), "a routable id, as on POST streams: " + request);
        }
        String issued = first.substring("id: ".length());
        String other = open("listengw", listeningToken);
        String altered = issued.substring(0, issued.length() - 2) + (issued.endsWith("A") ? "BB" : "AA");
        int before = listening.lastEventIds.size();
        for (String[] resume : new String[][]{{session, issued}, {other, issued}, {session, "listening.7"}, {session, altered}}) {
            try (RawLines l = listen("listengw", listeningToken, resume[0], "text/event-stream\r\nLast-Event-ID: " + resume[1])) {
                assertNotNull(l.await(s -> s.startsWith("id: e1."), Duration.ofSeconds(5)));
            }
        }
        assertTrue(eventually(() -> listening.lastEventIds.size() >= before + 4));
        assertEquals(List.of("7", "-", "-", "-"), listening.lastEventIds.subList(before, before + 4),
                "the upstream's own id, and only for an id Gatehouse issued on this very session");
    }

    @Test
    void getWhenTheOnlyServerRefusesListeningThenLeftOutAndLater405() throws Exception {
        String session = open("refusegw", refusingToken);
        try (RawLines l = listen("refusegw", refusingToken, session, "text/event-stream")) {
            assertNotNull(l.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(3)));
            assertTrue(eventually(() -> listening.refused.get() > 0), "the upstream was asked");
            assertNotNull(l.await(": keep-alive"::equals, GatewayHarness.KEEP_ALIVE.multipliedBy(5)), "the stream stays");
        }
        assertEquals(405, get(refusingToken, session, "text/event-stream").statusCode());
    }

    private HttpResponse<String> get(String token, String session, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.gatewayUrl(token.equals(refusingToken) ? "refusegw" : "quickstart")))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).header("Accept", accept).GET();
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return McpHttp.send(b);
    }

    private static boolean eventually(Supplier<Boolean> condition) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
