package dev.gatehouse.core.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed rule-engine requests, checked as an engine would check them: a real HTTP endpoint receives the
 * exact bytes and the {@code Gatehouse-Signature} header, and verifies HMAC-SHA256 over
 * {@code "<t>.<body>"} with the rule's secret, computed here independently of Gatehouse's own code.
 */
class WebhookSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-7Qp2Lx9Vb4Nc8Zt1";
    private static final Instant NOW = Instant.parse("2026-11-25T21:00:00Z");
    private static final RuleContext CALL = new RuleContext("gw", "host-1", "CI bot", "conn-1", "Ab3dE6gH",
            "search", "srv", "corr-1", "1");

    private final AtomicReference<byte[]> body = new AtomicReference<>();
    private final AtomicReference<String> signature = new AtomicReference<>();
    private final Set<String> headers = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/check", exchange -> {
            body.set(exchange.getRequestBody().readAllBytes());
            signature.set(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            headers.addAll(exchange.getRequestHeaders().keySet());
            byte[] reply = "{\"decision\":\"pass\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Asks the engine once, as a rule with {@code key} (null: unsigned) does; the engine always passes. */
    private void call(SigningKey key) throws IOException {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/check");
        Rule rule = Rules.rule(Rules.spec("engine", Hook.REQUEST,
                new Detection.Webhook(url, Duration.ofSeconds(5), false, key), null));
        WebhookClient client = new WebhookClient(1 << 20, Clock.fixed(NOW, ZoneOffset.UTC), true);
        WebhookAnswer answer = client.ask(rule, Hook.REQUEST, CALL, JSON.readTree("{\"q\":\"hello\"}")).join();
        assertInstanceOf(WebhookAnswer.Pass.class, answer);
    }

    private static String hmacHex(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signedRuleWhenEngineAskedThenHeaderCarriesTimestampAndHmacOfTimestampDotBody() throws Exception {
        call(SigningKey.of(SECRET));

        String sent = new String(body.get(), StandardCharsets.UTF_8);
        assertEquals("t=" + NOW.getEpochSecond() + ",v1=" + hmacHex(SECRET, NOW.getEpochSecond() + "." + sent),
                signature.get());
        assertTrue(WebhookSignature.verify(SECRET, signature.get(), body.get(), NOW.plusSeconds(30)));
        assertFalse(sent.contains(SECRET), sent);
    }

    @Test
    void verifyWhenBodyAlteredOrSecretWrongOrTooOldThenRefused() throws Exception {
        call(SigningKey.of(SECRET));
        byte[] altered = new String(body.get(), StandardCharsets.UTF_8).replace("hello", "hellO")
                .getBytes(StandardCharsets.UTF_8);
        String restamped = signature.get().replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));

        assertFalse(WebhookSignature.verify(SECRET, signature.get(), altered, NOW));
        assertFalse(WebhookSignature.verify("another-secret-0123456789", signature.get(), body.get(), NOW));
        assertFalse(WebhookSignature.verify(SECRET, restamped, body.get(), NOW));
        assertFalse(WebhookSignature.verify(SECRET, signature.get(), body.get(), NOW.plus(Duration.ofMinutes(6))));
        assertFalse(WebhookSignature.verify(SECRET, null, body.get(), NOW));
        assertFalse(WebhookSignature.verify(SECRET, "t=x,v1=zz", body.get(), NOW));
    }

    @Test
    void unsignedRuleWhenEngineAskedThenNoSignatureHeader() throws Exception {
        call(null);

        assertNull(signature.get());
        assertTrue(headers.stream().noneMatch(h -> h.equalsIgnoreCase(WebhookSignature.HEADER)), headers::toString);
    }
}
