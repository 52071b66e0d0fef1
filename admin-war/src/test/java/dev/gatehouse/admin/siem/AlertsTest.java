package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.rules.WebhookSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerts to a real webhook receiver, raised by what the node really records (audit records, the circuit
 * breaker), signed like rule webhooks.
 */
class AlertsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "alert-signing-secret-42";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith("gatehouse.webhook-allow-private-addresses", "true");

    private static HttpReceiver hook;

    @BeforeAll
    static void receiver() throws Exception {
        hook = new HttpReceiver(r -> new HttpReceiver.Answer(204, ""));
        JsonNode config = assertJson(200, server.put("admin", "/api/alerts", JSON.writeValueAsString(java.util.Map.of(
                "webhookUrl", hook.url() + "/gatehouse-alerts", "secret", SECRET, "errorRatePercent", 50, "minCalls", 4,
                "refusalsPerMinute", 5))));
        assertTrue(config.get("hasSecret").asBoolean());
        assertFalse(config.toString().contains(SECRET), "the secret is never returned");
    }

    @AfterAll
    static void stop() throws Exception {
        hook.close();
    }

    @Test
    void alertsWhenCallsWaitToolsAreQuarantinedCircuitsOpenAndErrorsAndRefusalsSpikeThenEachIsPostedOnceAndSigned()
            throws Exception {
        append(AuditEvent.builder(AuditKind.APPROVAL, Outcome.STARTED).gateway("quickstart").server("demo").tool("deploy")
                .hostName("CI bot").method("tools/call").detail("approval 7: held for approval (rule 'prod')"));
        append(AuditEvent.builder(AuditKind.QUARANTINE, Outcome.DENIED).server("demo").tool("echo")
                .detail("definition changed (sha256 0123456789ab): hidden and blocked until reviewed"));
        for (int i = 0; i < 5; i++) {
            server.gatehouse().circuits().failure("server-under-test");
        }
        Instant minute = AlertSpikes.raise(server.gatehouse().audit());
        await("every alert up to the marker arrived", 30, () -> events().stream()
                .anyMatch(e -> e.path("tool").asText().equals("marker")));

        List<JsonNode> events = events();
        JsonNode waiting = only(events, "approval.waiting", "deploy");
        assertEquals("quickstart", waiting.get("gateway").asText());
        assertEquals("CI bot", waiting.get("host").asText());
        assertEquals("node-a", waiting.get("node").asText());
        assertTrue(waiting.get("recordId").asLong() > 0);
        assertEquals("echo", only(events, "tool.quarantined", "echo").get("tool").asText());
        assertEquals("server-under-test", only(events, "circuit.opened", null).get("server").asText());
        JsonNode spike = only(events, "error_rate.spike", null);
        assertEquals(4, spike.get("calls").asLong(), "raised once the minute held minCalls calls at 50 % errors");
        assertEquals(3, spike.get("errors").asLong());
        assertEquals(minute.truncatedTo(ChronoUnit.MINUTES).toString(), spike.get("time").asText());
        assertEquals(5, only(events, "refusals.spike", null).get("refusals").asLong());

        for (HttpReceiver.Received r : hook.requests()) {
            assertEquals("/gatehouse-alerts", r.path());
            assertEquals("application/json", r.contentType());
            assertTrue(WebhookSignature.verify(SECRET, r.signature(), r.body().getBytes(StandardCharsets.UTF_8), Instant.now()),
                    "signed: " + r.signature());
        }
        JsonNode status = assertJson(200, server.get("admin", "/api/alerts")).get("status");
        assertEquals(0, status.get("failedAttempts").asLong(), status.toString());
    }

    @Test
    void alertsWhenTestedThenDeliveredAndWhenAskedWithoutSettingsManageThenForbidden() {
        assertTrue(assertJson(200, server.post("admin", "/api/alerts/test", "")).get("delivered").asBoolean());
        assertProblem(403, server.put("operator", "/api/alerts", "{\"webhookUrl\":\"https://evil.example.com\"}"));
        assertProblem(403, server.get("auditor", "/api/alerts"));
        assertProblem(400, server.put("admin", "/api/alerts", "{\"webhookUrl\":\"ftp://x\"}"));
        assertProblem(400, server.put("admin", "/api/alerts", "{\"webhookUrl\":\"https://x.example.com\",\"secret\":\"short\"}"));
        assertProblem(400, server.put("admin", "/api/alerts", "{\"webhookUrl\":\"https://x.example.com\",\"errorRatePercent\":0}"));
        // e-mail on a node without mail settings: refused, naming what to set
        assertTrue(assertProblem(400, server.put("admin", "/api/alerts", "{\"emailTo\":[\"ops@example.com\"]}"))
                .get("detail").asText().contains("mail-smtp-host"));
    }

    private static void append(AuditEvent.Builder event) {
        server.gatehouse().audit().appendDurably(event.build());
    }

    private static List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        for (HttpReceiver.Received r : hook.requests()) {
            try {
                out.add(JSON.readTree(r.body()));
            } catch (Exception e) {
                throw new AssertionError(r.body(), e);
            }
        }
        return out;
    }

    private static JsonNode only(List<JsonNode> events, String event, String tool) {
        List<JsonNode> found = events.stream().filter(e -> e.path("event").asText().equals(event))
                .filter(e -> tool == null || e.path("tool").asText().equals(tool)).toList();
        assertEquals(1, found.size(), event + " " + tool + ": " + events);
        return found.get(0);
    }
}
