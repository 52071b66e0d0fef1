package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.rules.WebhookClient;
import dev.gatehouse.core.rules.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook rule's signing secret through the admin API: write-only (replies say {@code hasSecret}), never
 * in a reply, an audit record or Gatehouse's log at any level, and used: a trial's request to the engine
 * carries a signature the engine verifies with the secret (given, or the saved rule's when the trial names it).
 */
class WebhookSecretApiTest {
    private static final String SECRET = "whsec-api-Rk29fLq81Zx4";
    private static final String OTHER_SECRET = "whsec-api-second-Pw7Tn3";
    @RegisterExtension
    // the rule engine below runs on loopback: allowed only by the explicit setting
    static final AdminServer server = AdminServer.perClassWith("gatehouse." + WebhookClient.ALLOW_PRIVATE_SETTING, "true");
    private static HttpServer engine;
    private static final List<Boolean> verified = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/check", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean ok = WebhookSignature.verify(SECRET, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    body, Instant.now());
            verified.add(ok);
            byte[] reply = (ok ? "{\"decision\":\"pass\"}" : "{\"decision\":\"block\",\"reason\":\"bad signature\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        engine.start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.stop(0);
    }

    private static String rule(String secretMember) {
        return "{\"name\":\"signed engine\",\"hook\":\"request\",\"detect\":{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:"
                + engine.getAddress().getPort() + "/check\",\"timeoutMs\":5000" + secretMember + "}}";
    }

    @Test
    void secretWhenSetReplacedAndTriedThenNeverInRepliesAuditOrLogAndTheEngineVerifiesIt() throws Exception {
        List<String> seen = new ArrayList<>();
        LogCapture log = LogCapture.start();
        try {
            HttpResponse<String> created = server.post("admin", "/api/gateways/quickstart/rules", rule(",\"secret\":\"" + SECRET + "\""));
            JsonNode rule = assertJson(201, created);
            seen.add(created.body());
            assertTrue(rule.at("/detect/hasSecret").asBoolean(), created.body());
            String id = rule.get("id").asText();

            HttpResponse<String> tried = server.post("admin", "/api/gateways/quickstart/rules/try",
                    "{\"rule\":" + rule(",\"secret\":\"" + SECRET + "\"") + ",\"hook\":\"request\",\"payload\":{\"q\":\"x\"}}");
            seen.add(tried.body());
            assertEquals("pass", assertJson(200, tried).get("decision").asText(), tried.body());
            assertEquals(List.of(true), verified);
            HttpResponse<String> triedSaved = server.post("admin", "/api/gateways/quickstart/rules/try",
                    "{\"rule\":" + rule("") + ",\"ruleId\":\"" + id + "\",\"hook\":\"request\",\"payload\":{\"q\":\"x\"}}");
            seen.add(triedSaved.body());
            assertEquals("pass", assertJson(200, triedSaved).get("decision").asText(), "signed with the stored secret");
            HttpResponse<String> triedUnsigned = server.post("admin", "/api/gateways/quickstart/rules/try",
                    "{\"rule\":" + rule("") + ",\"hook\":\"request\",\"payload\":{\"q\":\"x\"}}");
            assertEquals("blocked", assertJson(200, triedUnsigned).get("decision").asText(), triedUnsigned.body());
            assertEquals(List.of(true, true, false), verified);

            HttpResponse<String> kept = server.put("admin", "/api/rules/" + id, rule(""));
            seen.add(kept.body());
            assertTrue(assertJson(200, kept).at("/detect/hasSecret").asBoolean(), "omitted, the secret is kept");
            HttpResponse<String> replaced = server.put("admin", "/api/rules/" + id,
                    rule(",\"secret\":\"" + OTHER_SECRET + "\""));
            seen.add(replaced.body());
            HttpResponse<String> tooShort = server.post("admin", "/api/gateways/quickstart/rules",
                    rule(",\"secret\":\"whsec-short\""));
            assertProblem(400, "'detect.secret' must be 16 to 256 characters", tooShort);
            seen.add(tooShort.body());
            seen.add(server.get("admin", "/api/rules/" + id).body());
            seen.add(server.get("auditor", "/api/gateways/quickstart/rules").body());
            seen.add(server.get("admin", "/api/logs?limit=1000").body());
            for (AuditEvent e : server.audit(1000)) {
                seen.add(String.valueOf(e.detail()));
            }
        } finally {
            log.stop();
        }
        seen.add(log.text());

        for (String text : seen) {
            assertFalse(text.contains(SECRET), text);
            assertFalse(text.contains(OTHER_SECRET), text);
            assertFalse(text.contains("whsec-short"), text);
        }
        assertTrue(seen.stream().anyMatch(t -> t.contains("rule.replaced: 'signed engine'")), "the audit was read");
    }

    /**
     * What the server logs while it runs: Gatehouse's own loggers at every level, and everything else at
     * INFO and above (the container's debug tracing dumps raw request bytes, as it would dump any password).
     */
    private static final class LogCapture extends Handler {
        private final StringBuilder text = new StringBuilder();
        private final Logger root = Logger.getLogger("");
        private final Logger gatehouse = Logger.getLogger("dev.gatehouse");
        private Level before;

        static LogCapture start() {
            LogCapture c = new LogCapture();
            c.setLevel(Level.ALL);
            c.setFormatter(new SimpleFormatter());
            c.before = c.gatehouse.getLevel();
            c.gatehouse.setLevel(Level.ALL);
            c.root.addHandler(c);
            return c;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(getFormatter().format(record));
        }

        synchronized String text() {
            return text.toString();
        }

        void stop() {
            root.removeHandler(this);
            gatehouse.setLevel(before);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
