package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.model.UpstreamServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's client side of the 2024-11-05 HTTP+SSE transport against a scripted server
 * ({@link LegacySseUpstream}): answers, progress and server requests sorted from the one GET stream onto the
 * calls they concern, the rest onto the listen stream; a stream that ends fails its calls and forgets the
 * session (404, so the gateway opens another); an endpoint on another origin is refused before any message
 * (and the credential) is sent there; {@code auto} falls back when the URL refuses the streamable POST.
 */
@Timeout(60)
class LegacySseTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(20);
    private static UpstreamClient client;

    @BeforeAll
    static void start() {
        client = new UpstreamClient();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void sessionWhenOpenedThenAnswersProgressAndServerRequestsReachTheirCallAndTheRestTheListenStream() throws Exception {
        try (LegacySseUpstream up = new LegacySseUpstream()) {
            UpstreamServer server = up.record(UpstreamServer.Transport.SSE, LONG);
            CompletableFuture<UpstreamResponse> init = client.post(server, UpstreamRequest.of(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")));
            assertTrue(up.posted.poll(10, TimeUnit.SECONDS).contains("\"initialize\""));
            up.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2024-11-05\"}}");
            var opened = assertInstanceOf(UpstreamResponse.Stream.class, init.get(10, TimeUnit.SECONDS));
            String session = opened.sessionId();
            assertTrue(session.startsWith(LegacySseTransport.PREFIX), session);
            assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2024-11-05\"}}"), drain(opened));

            var call = assertInstanceOf(UpstreamResponse.Stream.class, client.post(server, new UpstreamRequest(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":\"c-2\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                            + "\"_meta\":{\"progressToken\":7}}}"), session, "2024-11-05", null)).get(10, TimeUnit.SECONDS));
            up.posted.poll(10, TimeUnit.SECONDS);
            up.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":7,\"progress\":1}}");
            up.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"sampling/createMessage\",\"params\":{}}");
            up.send("{\"jsonrpc\":\"2.0\",\"id\":\"c-2\",\"result\":{\"content\":[]}}");
            List<String> seen = drain(call);
            assertEquals(3, seen.size(), seen.toString());
            assertTrue(seen.get(0).contains("notifications/progress") && seen.get(1).contains("sampling/createMessage")
                    && seen.get(2).contains("\"c-2\""), seen.toString());

            // no call waits, no listen stream is open: held for the listen stream (or given to it, if it opens first)
            up.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
            var listen = assertInstanceOf(UpstreamResponse.Stream.class, client.listen(server, session, "2024-11-05", null)
                    .get(10, TimeUnit.SECONDS));
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            listen.events().open(listener(heard, new CompletableFuture<>()));
            assertTrue(heard.poll(10, TimeUnit.SECONDS).contains("list_changed"), "the held notification reaches the listen stream");

            assertInstanceOf(UpstreamResponse.Empty.class, client.delete(server, session, "2024-11-05").get(10, TimeUnit.SECONDS));
            var gone = assertInstanceOf(UpstreamResponse.Refused.class, client.post(server, new UpstreamRequest(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}"), session, null, null)).get(10, TimeUnit.SECONDS));
            assertEquals(404, gone.status());
            assertTrue(up.credentials.stream().allMatch("legacy-secret"::equals), "the server's credential on every request");
        }
    }

    @Test
    void streamWhenTheServerEndsItThenCallsFailAndTheSessionIsForgotten() throws Exception {
        try (LegacySseUpstream up = new LegacySseUpstream()) {
            UpstreamServer server = up.record(UpstreamServer.Transport.SSE, LONG);
            String session = initialize(up, server);
            var call = assertInstanceOf(UpstreamResponse.Stream.class, client.post(server, new UpstreamRequest(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{}}"), session, null, null))
                    .get(10, TimeUnit.SECONDS));
            up.endStream();
            CompletableFuture<EventStream.End> end = new CompletableFuture<>();
            call.events().open(listener(new LinkedBlockingQueue<>(), end));
            assertEquals(EventStream.End.FAILED, end.get(10, TimeUnit.SECONDS));
            var gone = assertInstanceOf(UpstreamResponse.Refused.class, client.post(server, new UpstreamRequest(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}"), session, null, null)).get(10, TimeUnit.SECONDS));
            assertEquals(404, gone.status(), "the gateway reopens a session the upstream no longer has");
        }
    }

    @Test
    void callWhenNoAnswerComesThenItEndsAtTheReadTimeout() throws Exception {
        try (LegacySseUpstream up = new LegacySseUpstream()) {
            UpstreamServer server = up.record(UpstreamServer.Transport.SSE, Duration.ofMillis(800));
            String session = initialize(up, server);
            var call = assertInstanceOf(UpstreamResponse.Stream.class, client.post(server, new UpstreamRequest(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{}}"), session, null, null))
                    .get(10, TimeUnit.SECONDS));
            CompletableFuture<EventStream.End> end = new CompletableFuture<>();
            call.events().open(listener(new LinkedBlockingQueue<>(), end));
            assertEquals(EventStream.End.TIMEOUT, end.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void endpointWhenOnAnotherOriginThenRefusedAndNothingIsSentThere() throws Exception {
        try (LegacySseUpstream up = new LegacySseUpstream(); LegacySseUpstream other = new LegacySseUpstream()) {
            up.endpoint = other.url().resolve("/mcp/messages?sessionId=stolen").toString();
            UpstreamResponse r = client.post(up.record(UpstreamServer.Transport.SSE, LONG), UpstreamRequest.of(bytes(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"))).get(10, TimeUnit.SECONDS);
            assertEquals(UpstreamResponse.Failure.INVALID_REPLY, assertInstanceOf(UpstreamResponse.Failed.class, r).failure());
            assertNull(other.posted.poll(500, TimeUnit.MILLISECONDS));
            assertTrue(other.credentials.isEmpty(), "the credential never went to the other origin");
        }
    }

    @Test
    void autoWhenTheUrlRefusesTheStreamablePostThenHttpPlusSseIsUsed() throws Exception {
        try (LegacySseUpstream up = new LegacySseUpstream()) {
            String session = initialize(up, up.record(UpstreamServer.Transport.AUTO, LONG));
            assertTrue(session.startsWith(LegacySseTransport.PREFIX), session);
        }
    }

    private static String initialize(LegacySseUpstream up, UpstreamServer server) throws Exception {
        CompletableFuture<UpstreamResponse> init = client.post(server, UpstreamRequest.of(bytes(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")));
        assertTrue(up.posted.poll(10, TimeUnit.SECONDS).contains("\"initialize\""));
        up.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2024-11-05\"}}");
        var opened = assertInstanceOf(UpstreamResponse.Stream.class, init.get(10, TimeUnit.SECONDS));
        drain(opened);
        return opened.sessionId();
    }

    /** Every event's data until the stream completes. */
    private static List<String> drain(UpstreamResponse.Stream stream) throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        CompletableFuture<EventStream.End> end = new CompletableFuture<>();
        stream.events().open(listener(seen, end));
        assertEquals(EventStream.End.COMPLETE, end.get(10, TimeUnit.SECONDS));
        return List.copyOf(seen);
    }

    private static EventStream.Listener listener(BlockingQueue<String> seen, CompletableFuture<EventStream.End> end) {
        return new EventStream.Listener() {
            @Override
            public boolean onEvent(SseEvent event) {
                seen.add(event.data());
                return true;
            }

            @Override
            public void onEnd(EventStream.End e) {
                end.complete(e);
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
