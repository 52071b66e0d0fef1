package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.siem.StreamedRecords.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerts by e-mail through Jakarta Mail (Angus Mail, as on the launcher) to a real SMTP server (nodemailer's
 * smtp-server), beside the webhook: every kind of alert reaches both, repeats within the window are folded,
 * and a dead mail server delays neither the audit writes nor the webhook.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertMailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SmtpReceiver smtp = SmtpReceiver.start();

    @RegisterExtension
    static final AdminServer server = AdminServer.perClassWith(Map.of("gatehouse.webhook-allow-private-addresses", "true",
            "gatehouse.mail-smtp-host", "127.0.0.1", "gatehouse.mail-smtp-port", String.valueOf(smtp.port()),
            "gatehouse.mail-from", "Gatehouse <gatehouse@example.com>"));

    private static HttpReceiver hook;

    @BeforeAll
    static void configure() throws Exception {
        hook = new HttpReceiver(r -> new HttpReceiver.Answer(204, ""));
        JsonNode config = assertJson(200, server.put("admin", "/api/alerts", JSON.writeValueAsString(Map.of(
                "webhookUrl", hook.url() + "/alerts", "emailTo", List.of("ops@example.com", "security@example.com"),
                "errorRatePercent", 50, "minCalls", 4, "refusalsPerMinute", 5))));
        assertEquals("[\"ops@example.com\",\"security@example.com\"]", config.get("emailTo").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        hook.close();
        smtp.close();
    }

    @Test
    @Order(1)
    void alertsWhenEveryKindIsRaisedThenEachIsMailedAndPostedOnceAndRepeatsAreFolded() throws Exception {
        for (int i = 0; i < 4; i++) { // one alert, three repeats folded into it
            append(AuditEvent.builder(AuditKind.APPROVAL, Outcome.STARTED).gateway("quickstart").server("demo").tool("deploy")
                    .hostName("CI bot").method("tools/call").detail("approval " + i + ": held for approval (rule 'prod')"));
        }
        append(AuditEvent.builder(AuditKind.QUARANTINE, Outcome.DENIED).server("demo").tool("echo\r\nBcc: evil@example.com")
                .detail("definition changed: hidden and blocked until reviewed"));
        for (int round = 0; round < 2; round++) { // the circuit opens twice: the second is a repeat
            for (int i = 0; i < 5; i++) {
                server.gatehouse().circuits().failure("mail-server-under-test");
            }
            server.gatehouse().circuits().success("mail-server-under-test");
        }
        AlertSpikes.raise(server.gatehouse().audit());
        await("every alert up to the marker was mailed and posted", 60, () -> subjects().stream().anyMatch(s -> s.contains("marker"))
                && hook.requests().stream().anyMatch(r -> r.body().contains("\"marker\"")));

        List<String> subjects = subjects();
        assertEquals(1, count(subjects, "[Gatehouse] a call to deploy on gateway quickstart waits for approval (node-a)"), subjects.toString());
        assertEquals(1, count(subjects, "[Gatehouse] tool echo  Bcc: evil@example.com of server demo quarantined (node-a)"),
                "control characters from a tool name never reach a header: " + subjects);
        assertEquals(1, count(subjects, "[Gatehouse] circuit opened for server mail-server-under-test (node-a)"), subjects.toString());
        assertEquals(1, count(subjects, "[Gatehouse] 75.0 % of 4 calls failed in a minute (node-a)"), subjects.toString());
        assertEquals(1, count(subjects, "[Gatehouse] 5 refusals in a minute (node-a)"), subjects.toString());
        for (String event : List.of("approval.waiting", "tool.quarantined", "circuit.opened", "error_rate.spike", "refusals.spike")) {
            long posted = hook.requests().stream().filter(r -> r.body().contains("\"event\":\"" + event + "\""))
                    .filter(r -> !r.body().contains("\"marker\"")).count();
            assertEquals(1, posted, event + " posted once");
        }

        SmtpReceiver.Mail waiting = smtp.mails().stream().filter(m -> m.subject().contains("deploy")).findFirst().orElseThrow();
        assertEquals("gatehouse@example.com", waiting.from());
        assertEquals(List.of("ops@example.com", "security@example.com"), waiting.to());
        assertEquals("auto-generated", waiting.message().getHeader("Auto-Submitted")[0]);
        assertTrue(waiting.text().contains("\nevent: approval.waiting\n"), waiting.text());
        assertTrue(waiting.text().contains("\nhost: CI bot\n"), waiting.text());
        assertTrue(waiting.text().contains("\ndetail: approval 0: held for approval (rule 'prod')\n"), waiting.text());
        smtp.mails().forEach(m -> assertTrue(m.to().stream().noneMatch(t -> t.contains("evil")), "no recipient added"));
        JsonNode status = assertJson(200, server.get("admin", "/api/alerts")).get("status");
        assertTrue(status.get("suppressed").asLong() >= 4, "three approvals and one circuit folded: " + status);
        assertEquals(0, status.get("mailFailedAttempts").asLong(), status.toString());
    }

    @Test
    @Order(3) // last: the alerts it raises while the mail server is down keep the mail thread busy with retries
    void alertsWhenTheMailServerIsDeadThenAuditWritesAndTheWebhookGoOnAndTheFailureShows() throws Exception {
        smtp.kill();
        try {
            long slowest = 0;
            for (int i = 0; i < 50; i++) {
                long start = System.nanoTime();
                append(AuditEvent.builder(AuditKind.APPROVAL, Outcome.STARTED).gateway("quickstart").tool("dead-mail-" + i));
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
            await("the webhook got the last alert while the mail server was down", 30,
                    () -> hook.requests().stream().anyMatch(r -> r.body().contains("\"dead-mail-49\"")));
            await("the mail failures show", 30, () -> assertJson(200, server.get("admin", "/api/alerts")).get("status")
                    .get("mailFailedAttempts").asLong() > 0);
            JsonNode status = assertJson(200, server.get("admin", "/api/alerts")).get("status");
            assertTrue(status.get("lastMailError").asText().contains("Connection refused"), status.toString());
            assertTrue(slowest < 2_000_000_000L, "a dead mail server never holds an audit write: slowest " + slowest / 1_000_000 + " ms");
            JsonNode test = assertJson(200, server.post("admin", "/api/alerts/test", ""));
            assertTrue(test.get("error").asText().startsWith("e-mail: "), test.toString());
        } finally {
            smtp.restart();
        }
        JsonNode test = assertJson(200, server.post("admin", "/api/alerts/test", ""));
        assertTrue(test.get("delivered").asBoolean(), test.toString());
        assertTrue(smtp.mails().stream().anyMatch(m -> m.subject().equals("[Gatehouse] test alert (node-a)")));
    }

    @Test
    @Order(2)
    void alertsWhenTheAddressesAreWrongThenProblem() {
        assertProblem(400, server.put("admin", "/api/alerts", "{\"emailTo\":[\"not an address\"]}"));
        assertProblem(400, server.put("admin", "/api/alerts", "{\"emailTo\":\"ops@example.com\"}"));
        assertProblem(400, server.put("admin", "/api/alerts", "{\"emailTo\":[]}"));
    }

    private static void append(AuditEvent.Builder event) {
        server.gatehouse().audit().appendDurably(event.build());
    }

    private static List<String> subjects() {
        List<String> out = new ArrayList<>();
        smtp.mails().forEach(m -> out.add(m.subject()));
        return out;
    }

    private static long count(List<String> subjects, String subject) {
        return subjects.stream().filter(subject::equals).count();
    }
}
