package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.Headers;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.NodeThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upstream client's promises, on Jetty's client (the default); {@link UpstreamClientOnJdkTest} runs them on {@code java.net.http}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamClientTest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private final UpstreamClient client;

    UpstreamClientTest() {
        client = new UpstreamClient(NodeThreads.plain(), UpstreamClient.DEFAULT_THREADS, kind());
    }

    /** The client the promises are checked on. */
    UpstreamClient.HttpClientKind kind() {
        return UpstreamClient.HttpClientKind.JETTY;
    }
    private static final byte[] PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @AfterAll
    void stop() {
        client.close();
    }

    private static UpstreamResponse await(CompletableFuture<UpstreamResponse> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void postWhenJsonReplyThenBodyAndSessionIdKept() throws Exception {
        try (FakeUpstream up = new FakeUpstream(x -> {
            x.getResponseHeaders().set("Mcp-Session-Id", "s-1");
            x.getResponseHeaders().set("Set-Cookie", "tracking=1");
            FakeUpstream.reply(x, 200, "application/json; charset=utf-8", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        })) {
            var json = assertInstanceOf(UpstreamResponse.Json.class,
                    await(client.post(up.record(null, null, LONG), UpstreamRequest.of(PING))));
            assertEquals(200, json.status());
            assertEquals("s-1", json.sessionId());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", new String(json.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void postWhenSentThenOnlyNamedHeadersAndTheServersCredentialTravel() throws Exception {
        AtomicReference<Headers> seen = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        try (FakeUpstream up = new FakeUpstream(x -> {
            seen.set(x.getRequestHeaders());
            body.set(FakeUpstream.body(x));
            FakeUpstream.reply(x, 202, null, "");
        })) {
            var request = new UpstreamRequest(PING, "sess-9", "2025-06-18", "ev-4");
            assertInstanceOf(UpstreamResponse.Empty.class,
                    await(client.post(up.record("X-Api-Key", "s3cret", LONG), request)));
            Headers h = seen.get();
            assertEquals(List.of("application/json"), h.get("Content-Type"));
            assertEquals(List.of("application/json, text/event-stream"), h.get("Accept"));
            assertEquals(List.of("sess-9"), h.get("Mcp-Session-Id"));
            assertEquals(List.of("2025-06-18"), h.get("MCP-Protocol-Version"));
            assertEquals(List.of("ev-4"), h.get("Last-Event-ID"));
            assertEquals(List.of("s3cret"), h.get("X-Api-Key"));
            assertEquals(List.of(UpstreamClient.USER_AGENT), h.get("User-Agent"));
            assertNull(h.get("Authorization"));
            assertNull(h.get("Cookie"));
            assertEquals(new String(PING, StandardCharsets.UTF_8), body.get());
        }
    }

    @Test
    void postWhenCredentialHeaderIsHopByHopThenItIsNotSent() throws Exception {
        AtomicReference<Headers> seen = new AtomicReference<>();
        try (FakeUpstream up = new FakeUpstream(x -> {
            seen.set(x.getRequestHeaders());
            FakeUpstream.reply(x, 202, null, "");
        })) {
            await(client.post(up.record("Keep-Alive", "x", LONG), UpstreamRequest.of(PING)));
            assertNull(seen.get().get("Keep-Alive"));
        }
    }

    @Test
    void postWhenEventStreamThenEventsArriveInOrderThenComplete() throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        try (FakeUpstream up = new FakeUpstream(x -> {
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write("id: 1\nevent: message\ndata: {\"progress\":1}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                proceed.await(20, TimeUnit.SECONDS); // the first event must arrive before the stream goes on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("id: 2\nevent: message\ndata: {\"done\":true}\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
            x.close();
        })) {
            var stream = assertInstanceOf(UpstreamResponse.Stream.class,
                    await(client.post(up.record(null, null, LONG), UpstreamRequest.of(PING))));
            List<String> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<EventStream.End> end = new CompletableFuture<>();
            stream.events().open(new EventStream.Listener() {
                @Override
                public boolean onEvent(SseEvent event) {
                    seen.add(event.id() + ":" + event.data());
                    proceed.countDown();
                    return true;
                }

                @Override
                public void onEnd(EventStream.End e) {
                    end.complete(e);
                }
            });
            assertEquals(EventStream.End.COMPLETE, end.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("1:{\"progress\":1}", "2:{\"done\":true}"), seen);
        }
    }

    @Test
    void postWhenStreamStallsPastReadTimeoutThenListenerHearsTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream up = new FakeUpstream(x -> {
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write("data: {}\n\n".getBytes(StandardCharsets.UTF_8));
            x.getResponseBody().flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        })) {
            var stream = assertInstanceOf(UpstreamResponse.Stream.class,
                    await(client.post(up.record(null, null, Duration.ofMillis(300)), UpstreamRequest.of(PING))));
            CompletableFuture<EventStream.End> end = new CompletableFuture<>();
            List<SseEvent> events = new CopyOnWriteArrayList<>();
            stream.events().open(new EventStream.Listener() {
                @Override
                public boolean onEvent(SseEvent event) {
                    events.add(event);
                    return true;
                }

                @Override
                public void onEnd(EventStream.End e) {
                    end.complete(e);
                }
            });
            assertEquals(EventStream.End.TIMEOUT, end.get(30, TimeUnit.SECONDS));
            assertEquals(1, events.size());
            release.countDown();
        }
    }

    @Test
    void postWhenRefusedWithSdkExceptionBodyThenOnlyTheShortMessageIsKept() throws Exception {
        try (FakeUpstream up = new FakeUpstream(x -> FakeUpstream.reply(x, 400, "application/json",
                "{\"cause\":null,\"stackTrace\":[{\"className\":\"io.Secret\"}],\"jsonRpcError\":"
                        + "{\"code\":-32600,\"message\":\"Session ID required\"},\"localizedMessage\":\"x\"}"))) {
            var refused = assertInstanceOf(UpstreamResponse.Refused.class,
                    await(client.post(up.record(null, null, LONG), UpstreamRequest.of(PING))));
            assertEquals(new UpstreamResponse.Refused(400, "Session ID required"), refused);
        }
    }

    @Test
    void postWhenRedirectedThenNotFollowed() throws Exception {
        try (FakeUpstream up = new FakeUpstream(x -> {
            x.getResponseHeaders().set("Location", "http://127.0.0.1:9/elsewhere");
            FakeUpstream.reply(x, 307, null, "");
        })) {
            assertEquals(new UpstreamResponse.Refused(307, null),
                    await(client.post(up.record(null, null, LONG), UpstreamRequest.of(PING))));
        }
    }

    @Test
    void postWhenHtmlReplyThenInvalidReply() throws Exception {
        try (FakeUpstream up = new FakeUpstream(x -> FakeUpstream.reply(x, 200, "text/html", "<html></html>"))) {
            assertEquals(UpstreamResponse.Failure.INVALID_REPLY,
                    ((UpstreamResponse.Failed) await(client.post(up.record(null, null, LONG), UpstreamRequest.of(PING)))).failure());
        }
    }

    @Test
    void postWhenConnectionRefusedThenUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        UpstreamServer dead = FakeUpstream.server(URI.create("http://127.0.0.1:" + port + "/mcp"), null, null, LONG);
        assertEquals(UpstreamResponse.Failure.UNREACHABLE,
                ((UpstreamResponse.Failed) await(client.post(dead, UpstreamRequest.of(PING)))).failure());
    }

    @Test
    void postWhenNoAnswerBeforeReadTimeoutThenTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream up = new FakeUpstream(x -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeUpstream.reply(x, 202, null, "");
        })) {
            assertEquals(UpstreamResponse.Failure.TIMEOUT,
                    ((UpstreamResponse.Failed) await(client.post(up.record(null, null, Duration.ofMillis(300)), UpstreamRequest.of(PING)))).failure());
            release.countDown();
        }
    }

    @Test
    void deleteWhenSessionGivenThenDeleteWithSessionHeader() throws Exception {
        AtomicReference<String> method = new AtomicReference<>();
        AtomicReference<String> session = new AtomicReference<>();
        try (FakeUpstream up = new FakeUpstream(x -> {
            method.set(x.getRequestMethod());
            session.set(x.getRequestHeaders().getFirst("Mcp-Session-Id"));
            FakeUpstream.reply(x, 200, null, "");
        })) {
            var empty = assertInstanceOf(UpstreamResponse.Empty.class,
                    await(client.delete(up.record(null, null, LONG), "s-7", null)));
            assertEquals(200, empty.status());
            assertEquals("DELETE", method.get());
            assertEquals("s-7", session.get());
            assertFalse(empty.sessionId() != null);
        }
    }

    @Test
    void userAgentWhenBuiltThenNamesGatehouse() {
        assertTrue(UpstreamClient.USER_AGENT.startsWith("Gatehouse/"));
    }
}
