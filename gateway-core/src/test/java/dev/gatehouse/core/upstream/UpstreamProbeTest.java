package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamProbeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void probeWhenToolsArePagedThenEveryPageListedOnlyDeclaredKindsAskedAndTheSessionEnded() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger deletes = new AtomicInteger();
        try (UpstreamClient client = new UpstreamClient();
             FakeUpstream up = new FakeUpstream(x -> {
                 if (x.getRequestMethod().equals("DELETE")) {
                     deletes.incrementAndGet();
                     FakeUpstream.reply(x, 204, null, "");
                     return;
                 }
                 JsonNode msg = JSON.readTree(FakeUpstream.body(x));
                 String method = msg.path("method").asText();
                 seen.add(method + (msg.path("params").has("cursor") ? "@" + msg.get("params").get("cursor").asText() : ""));
                 x.getResponseHeaders().set(McpHeaders.SESSION_ID, "s-1");
                 switch (method) {
                     case "initialize" -> result(x, msg, "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                             + "\"serverInfo\":{\"name\":\"fake\",\"version\":\"1\"}}");
                     case "tools/list" -> result(x, msg, msg.path("params").has("cursor")
                             ? "{\"tools\":[{\"name\":\"b\"}]}" : "{\"tools\":[{\"name\":\"a\"}],\"nextCursor\":\"p2\"}");
                     default -> FakeUpstream.reply(x, 202, null, "");
                 }
             })) {
            UpstreamProbe.Outcome outcome = new UpstreamProbe(client)
                    .probe(up.record(null, null, Duration.ofSeconds(5)), UpstreamProbe.Scope.EVERYTHING).get(10, TimeUnit.SECONDS);

            UpstreamProbe.Reachable r = assertInstanceOf(UpstreamProbe.Reachable.class, outcome);
            assertEquals("2025-06-18", r.protocolVersion());
            assertEquals(List.of("a", "b"), r.tools().stream().map(t -> t.get("name").asText()).toList());
            assertTrue(r.prompts().isEmpty() && r.resources().isEmpty());
            assertEquals(List.of("initialize", "notifications/initialized", "tools/list", "tools/list@p2"), seen);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deletes.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(1, deletes.get());
        }
    }

    @Test
    void probeWhenRefusedWithABodyThenOnlyTheStatusIsTold() throws Exception {
        try (UpstreamClient client = new UpstreamClient();
             FakeUpstream up = new FakeUpstream(x -> FakeUpstream.reply(x, 401, "application/json",
                     "{\"error\":{\"message\":\"bad key secret-123\"}}"))) {
            UpstreamProbe.Outcome outcome = new UpstreamProbe(client)
                    .probe(up.record("X-Key", "secret-123", Duration.ofSeconds(5)), UpstreamProbe.Scope.TOOLS).get(10, TimeUnit.SECONDS);

            UpstreamProbe.Unreachable u = assertInstanceOf(UpstreamProbe.Unreachable.class, outcome);
            assertEquals(UpstreamProbe.Reason.HTTP_STATUS, u.reason());
            assertEquals("the server answered HTTP 401", u.message());
            assertFalse(u.toString().contains("secret-123"));
        }
    }

    private static void result(HttpExchange x, JsonNode msg, String result) throws IOException {
        FakeUpstream.reply(x, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id") + ",\"result\":" + result + "}");
    }
}
