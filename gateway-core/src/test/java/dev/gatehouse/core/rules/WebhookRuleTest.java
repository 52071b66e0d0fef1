package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The custom rule engine: a real HTTP endpoint answering pass, block, modify, nonsense, or nothing in time. */
class WebhookRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleContext CALL = new RuleContext("gw", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
            "search", "srv", "corr-1", "1");

    private final Rules rules = new Rules();
    private final AtomicReference<String> reply = new AtomicReference<>();
    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private volatile long delayMillis;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/check", exchange -> {
            received.set(JSON.readTree(exchange.getRequestBody()));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = reply.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void webhook(Hook hook, boolean failOpen, long timeoutMillis) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/check");
        rules.add("engine", hook, new Detection.Webhook(url, Duration.ofMillis(timeoutMillis), failOpen), null);
    }

    private static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    @Test
    void passWhenEngineSaysPassThenUnchangedAndTheEngineSawTheCall() throws IOException {
        webhook(Hook.REQUEST, false, 2000);
        reply.set("{\"decision\":\"pass\"}");
        JsonNode args = json("{\"q\":\"hello\"}");

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.REQUEST, CALL, args));

        assertSame(args, pass.payload());
        assertEquals("pass", pass.hits().get(0).action());
        JsonNode seen = received.get();
        assertEquals("gw", seen.get("gateway").textValue());
        assertEquals("host-1", seen.at("/host/id").textValue());
        assertEquals("CI bot", seen.at("/host/name").textValue());
        assertEquals("search", seen.get("tool").textValue());
        assertEquals("request", seen.get("hook").textValue());
        assertEquals("engine", seen.at("/rule/name").textValue());
        assertEquals(args, seen.get("payload"));
        assertFalse(seen.has("method") || seen.has("part"), "a call's own arguments come as before");
    }

    @Test
    void passWhenMessageOtherThanTheCallsOwnPayloadThenTheEngineIsToldWhichMessageAndPart() throws IOException {
        webhook(Hook.RESPONSE, false, 2000);
        reply.set("{\"decision\":\"pass\"}");

        rules.engine.evaluate(Hook.RESPONSE, CALL.message("notifications/progress", "params"), json("{\"progress\":1}"));

        assertEquals("notifications/progress", received.get().get("method").textValue());
        assertEquals("params", received.get().get("part").textValue());
        assertEquals("{\"progress\":1}", received.get().get("payload").toString());
    }

    @Test
    void blockWhenEngineSaysBlockThenBlockedWithItsReason() throws IOException {
        webhook(Hook.REQUEST, true, 2000);
        reply.set("{\"decision\":\"block\",\"reason\":\"customer data may not leave\"}");

        Decision.Blocked blocked = assertInstanceOf(Decision.Blocked.class,
                rules.engine.evaluate(Hook.REQUEST, CALL, json("{\"q\":\"x\"}")));

        assertEquals("Blocked by rule 'engine': customer data may not leave", blocked.error().message());
    }

    @Test
    void modifyWhenValidResultThenReplacesThePayload() throws IOException {
        webhook(Hook.RESPONSE, false, 2000);
        reply.set("{\"decision\":\"modify\",\"payload\":{\"content\":[{\"type\":\"text\",\"text\":\"cleaned\"}]}}");

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.RESPONSE, CALL,
                json("{\"content\":[{\"type\":\"text\",\"text\":\"secret stuff\"}]}")));

        assertTrue(pass.modified());
        assertEquals("cleaned", pass.payload().at("/content/0/text").textValue());
        assertEquals("modify", pass.hits().get(0).action());
    }

    @Test
    void modifyWhenResultNoLongerMcpThenTreatedAsFailureFailClosed() throws IOException {
        webhook(Hook.RESPONSE, false, 2000);
        reply.set("{\"decision\":\"modify\",\"payload\":{\"content\":\"not an array\"}}");

        Decision.Blocked blocked = assertInstanceOf(Decision.Blocked.class, rules.engine.evaluate(Hook.RESPONSE, CALL,
                json("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}")));

        assertEquals("fail-closed: invalid modification: 'content' must be an array", blocked.hits().get(0).note());
        assertEquals("Blocked by rule 'engine': the rule engine did not answer", blocked.error().message());
    }

    @Test
    void modifyWhenArgumentsNotAnObjectThenFailOpenPassesTheOriginal() throws IOException {
        webhook(Hook.REQUEST, true, 2000);
        reply.set("{\"decision\":\"modify\",\"payload\":[1,2]}");
        JsonNode args = json("{\"q\":\"x\"}");

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class, rules.engine.evaluate(Hook.REQUEST, CALL, args));

        assertSame(args, pass.payload());
        assertEquals("fail-open: invalid modification: the arguments must be a JSON object", pass.hits().get(0).note());
    }

    @Test
    void timeoutWhenFailClosedThenBlocked() throws IOException {
        webhook(Hook.REQUEST, false, 200);
        reply.set("{\"decision\":\"pass\"}");
        delayMillis = 2000;

        long start = System.nanoTime();
        Decision d = rules.engine.evaluate(Hook.REQUEST, CALL, json("{\"q\":\"x\"}"));

        assertInstanceOf(Decision.Blocked.class, d);
        assertEquals("fail-closed: timeout", d.hits().get(0).note());
        assertTrue(System.nanoTime() - start < Duration.ofMillis(1800).toNanos(), "did not wait for the engine");
    }

    @Test
    void timeoutWhenFailOpenThenPassesUnchanged() throws IOException {
        webhook(Hook.REQUEST, true, 200);
        reply.set("{\"decision\":\"block\"}");
        delayMillis = 2000;

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class,
                rules.engine.evaluate(Hook.REQUEST, CALL, json("{\"q\":\"x\"}")));

        assertFalse(pass.modified());
        assertEquals("fail-open: timeout", pass.hits().get(0).note());
        assertEquals("pass", pass.hits().get(0).action());
    }

    @Test
    void unreachableWhenFailClosedThenBlocked() throws IOException {
        rules.add("gone", Hook.REQUEST, new Detection.Webhook(URI.create("http://127.0.0.1:9/check"),
                Duration.ofSeconds(2), false), null);

        Decision d = rules.engine.evaluate(Hook.REQUEST, CALL, json("{\"q\":\"x\"}"));

        assertInstanceOf(Decision.Blocked.class, d);
        assertEquals("fail-closed: connection refused", d.hits().get(0).note());
    }

    @Test
    void webhookWhenPrivateAddressesAreNotAllowedThenLoopbackAndEmbeddedIpv4FormsAreRefusedUnsent() throws Exception {
        int port = server.getAddress().getPort();
        WebhookClient guarded = new WebhookClient(1 << 20); // the default: globally reachable addresses only
        reply.set("{\"decision\":\"pass\"}");

        for (String host : List.of("127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "[64:ff9b::7f00:1]", "[::127.0.0.1]",
                "[2002:7f00:1::1]", "198.18.0.1", "169.254.169.254")) {
            Rule rule = rules.add("guarded " + host, Hook.REQUEST, new Detection.Webhook(
                    URI.create("https://" + host + ":" + port + "/check"), Duration.ofSeconds(2), false), null);

            WebhookAnswer answer = guarded.ask(rule, Hook.REQUEST, CALL, json("{\"q\":\"x\"}")).get(5, java.util.concurrent.TimeUnit.SECONDS);

            WebhookAnswer.Failed failed = assertInstanceOf(WebhookAnswer.Failed.class, answer, host);
            assertTrue(failed.why().startsWith("refused: the host ") && failed.why().contains("non-public address"),
                    host + ": " + failed.why());
        }
        assertEquals(null, received.get(), "the engine on loopback was never called");
    }

    @Test
    void chainWhenLocalRuleBeforeWebhookThenEngineSeesTheRedactedPayload() throws IOException {
        rules.add(new RuleSpec("redact first", null, true, 1, List.of(), "*", Hook.REQUEST,
                new Detection.BuiltIns(java.util.Set.of(BuiltInDetector.EMAIL)), false, new RuleAction.Redact(), false));
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/check");
        rules.add(new RuleSpec("then engine", null, true, 2, List.of(), "*", Hook.REQUEST,
                new Detection.Webhook(url, Duration.ofSeconds(2), false), false, null, false));
        reply.set("{\"decision\":\"pass\"}");

        Decision.Pass pass = assertInstanceOf(Decision.Pass.class,
                rules.engine.evaluate(Hook.REQUEST, CALL, json("{\"to\":\"alice@example.com\"}")));

        assertEquals("[REDACTED:email]", received.get().at("/payload/to").textValue());
        assertTrue(pass.modified());
        assertEquals(2, pass.hits().size());
    }
}
