package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class UpstreamSessionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UpstreamClient client = new UpstreamClient();
    private final UpstreamSessions sessions = new UpstreamSessions(client, new UpstreamHandshake(client, "test"));

    /** A stateful upstream like the MCP Java SDK's: requests need a session opened by initialize. */
    private static final class Stateful {
        final Set<String> live = ConcurrentHashMap.newKeySet();
        final AtomicInteger initializations = new AtomicInteger();
        final CountDownLatch initializeGate = new CountDownLatch(1);
        volatile int initializeStatus = 200;
        final List<String> versions = java.util.Collections.synchronizedList(new ArrayList<>());

        void handle(HttpExchange x) throws IOException {
            JsonNode msg = JSON.readTree(FakeUpstream.body(x));
            String session = x.getRequestHeaders().getFirst("Mcp-Session-Id");
            if ("initialize".equals(msg.path("method").asText())) {
                initializations.incrementAndGet();
                await(initializeGate);
                if (initializeStatus != 200) {
                    FakeUpstream.reply(x, initializeStatus, "application/json", "{}");
                    return;
                }
                String id = "s-" + initializations.get();
                live.add(id);
                x.getResponseHeaders().set("Mcp-Session-Id", id);
                FakeUpstream.reply(x, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id")
                        + ",\"result\":{\"protocolVersion\":\"2025-03-26\"}}");
            } else if (session == null) {
                FakeUpstream.reply(x, 400, "application/json", "{}");
            } else if (!live.contains(session)) {
                FakeUpstream.reply(x, 404, "application/json", "{}");
            } else if (!msg.has("id")) {
                FakeUpstream.reply(x, 202, null, "");
            } else {
                versions.add(x.getRequestHeaders().getFirst("MCP-Protocol-Version"));
                FakeUpstream.reply(x, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id")
                        + ",\"result\":{\"session\":\"" + session + "\"}}");
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private static UpstreamRequest list(int id) {
        return UpstreamRequest.of(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String text(UpstreamResponse r) {
        return new String(assertInstanceOf(UpstreamResponse.Json.class, r).body(), StandardCharsets.UTF_8);
    }

    @Test
    void sendWhenManyConcurrentFirstRequestsThenOneInitializeServesAll() throws Exception {
        Stateful upstream = new Stateful();
        try (FakeUpstream up = new FakeUpstream(upstream::handle)) {
            var server = up.record(null, null, Duration.ofSeconds(20));
            List<CompletableFuture<UpstreamResponse>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(sessions.send(server, list(i)));
            }
            upstream.initializeGate.countDown();
            for (int i = 0; i < 8; i++) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"result\":{\"session\":\"s-1\"}}",
                        text(replies.get(i).get(30, TimeUnit.SECONDS)));
            }
            assertEquals(1, upstream.initializations.get());
            assertEquals(Set.of("2025-03-26"), Set.copyOf(upstream.versions));
        }
    }

    @Test
    void sendWhenUpstreamForgotTheSessionThenReopensOnceAndRetries() throws Exception {
        Stateful upstream = new Stateful();
        upstream.initializeGate.countDown();
        try (FakeUpstream up = new FakeUpstream(upstream::handle)) {
            var server = up.record(null, null, Duration.ofSeconds(20));
            text(sessions.send(server, list(1)).get(30, TimeUnit.SECONDS));
            upstream.live.clear(); // the upstream restarted
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"session\":\"s-2\"}}",
                    text(sessions.send(server, list(2)).get(30, TimeUnit.SECONDS)));
            assertEquals(2, upstream.initializations.get());
        }
    }

    @Test
    void sendWhenInitializeRefusedThenRefusalReturnedAndNextRequestTriesAgain() throws Exception {
        Stateful upstream = new Stateful();
        upstream.initializeGate.countDown();
        upstream.initializeStatus = 500;
        try (FakeUpstream up = new FakeUpstream(upstream::handle)) {
            var server = up.record(null, null, Duration.ofSeconds(20));
            assertEquals(new UpstreamResponse.Refused(500, null), sessions.send(server, list(1)).get(30, TimeUnit.SECONDS));
            upstream.initializeStatus = 200;
            text(sessions.send(server, list(2)).get(30, TimeUnit.SECONDS));
            assertEquals(2, upstream.initializations.get());
        }
    }
}
