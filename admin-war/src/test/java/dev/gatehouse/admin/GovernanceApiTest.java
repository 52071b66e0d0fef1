package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.approval.ApprovalDesk;
import dev.gatehouse.core.approval.HeldCall;
import dev.gatehouse.core.approval.Verdict;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules, rate limits, tool quarantine and held calls through the admin API. */
class GovernanceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDACT_MAIL = "{\"name\":\"no mail\",\"hook\":\"both\",\"tools\":\"*\","
            + "\"detect\":{\"type\":\"builtin\",\"detectors\":[\"email\"]},\"action\":{\"type\":\"redact\"}}";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void rulesWhenCreatedReplacedAndDeletedThenEachStepStoredAndAudited() {
        HttpResponse<String> created = server.post("admin", "/api/gateways/quickstart/rules", REDACT_MAIL);

        JsonNode rule = assertJson(201, created);
        String id = rule.get("id").asText();
        assertEquals(AdminServer.CONTEXT + "/api/rules/" + id, created.headers().firstValue("Location").orElseThrow());
        assertEquals("quickstart", rule.get("gateway").asText());
        assertEquals("{\"type\":\"builtin\",\"detectors\":[\"email\"],\"keys\":false}", rule.get("detect").toString());
        assertEquals("{\"type\":\"redact\"}", rule.get("action").toString());
        assertEquals(100, rule.get("priority").asInt());
        assertEquals("admin", rule.get("createdBy").asText());
        assertEquals(rule, assertJson(200, server.get("auditor", "/api/rules/" + id)));
        assertTrue(assertJson(200, server.get("operator", "/api/gateways/quickstart/rules")).toString().contains(id));
        AuditEvent audited = server.audit(1).get(0);
        assertEquals("rule.created: 'no mail' (" + id + ")", audited.detail());
        assertEquals("quickstart", audited.gateway());

        JsonNode replaced = assertJson(200, server.put("admin", "/api/rules/" + id, REDACT_MAIL.replace("\"redact\"",
                "\"mask\",\"keepLast\":3").replace("\"tools\":\"*\"", "\"tools\":\"demo__*\",\"observe\":true")));
        assertEquals("{\"type\":\"mask\",\"keepLast\":3}", replaced.get("action").toString());
        assertEquals("demo__*", replaced.get("tools").asText());
        assertTrue(replaced.get("observe").asBoolean());

        assertEquals(204, server.delete("admin", "/api/rules/" + id).statusCode());
        assertProblem(404, "no such rule", server.get("admin", "/api/rules/" + id));
        assertEquals("rule.deleted: 'no mail' (" + id + ")", server.audit(1).get(0).detail());
    }

    @Test
    void createRuleWhenInvalidThenProblemNamesTheFieldAndNothingStored() {
        assertProblem(400, "'detect.patterns' holds an expression RE2 does not accept: invalid or unsupported Perl"
                        + " syntax in '(?='",
                server.post("admin", "/api/gateways/quickstart/rules", "{\"name\":\"x\",\"hook\":\"request\","
                        + "\"detect\":{\"type\":\"regex\",\"patterns\":[\"a(?=b)\"]},\"action\":{\"type\":\"block\"}}"));
        assertProblem(400, "'hook' must be request, response or both",
                server.post("admin", "/api/gateways/quickstart/rules", REDACT_MAIL.replace("both", "sideways")));
        assertProblem(404, "no such gateway", server.post("admin", "/api/gateways/nope/rules", REDACT_MAIL));
        assertProblem(403, "missing capability 'rules:manage'",
                server.post("operator", "/api/gateways/quickstart/rules", REDACT_MAIL));
        assertEquals(List.of(), server.gatehouse().governance().rules().rules("quickstart").stream()
                .filter(r -> r.name().equals("x")).toList());
    }

    @Test
    void tryWhenRuleAndSampleThenDecisionAndRewrittenPayloadAndNothingSaved() {
        int before = server.gatehouse().governance().rules().rules("quickstart").size();

        JsonNode trial = assertJson(200, server.post("admin", "/api/gateways/quickstart/rules/try",
                "{\"rule\":" + REDACT_MAIL + ",\"hook\":\"response\",\"tool\":\"echo\",\"payload\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"write to bob@example.org\"}]}}"));

        assertEquals("modified", trial.get("decision").asText());
        assertEquals("write to [REDACTED:email]", trial.at("/payload/content/0/text").asText());
        assertEquals("{\"rule\":\"no mail\",\"action\":\"redact\",\"observed\":false,\"detectors\":[\"email\"],"
                + "\"pointers\":[\"/content/0/text\"],\"matches\":1,\"keys\":false,\"note\":null}", trial.get("hits").get(0).toString());
        assertFalse(trial.toString().contains("bob@"));
        assertEquals(before, server.gatehouse().governance().rules().rules("quickstart").size());

        JsonNode blocked = assertJson(200, server.post("admin", "/api/gateways/quickstart/rules/try",
                "{\"rule\":" + REDACT_MAIL.replace("\"redact\"", "\"block\"") + ",\"hook\":\"request\","
                        + "\"payload\":{\"to\":\"bob@example.org\"}}"));
        assertEquals("blocked", blocked.get("decision").asText());
        assertEquals("{\"code\":-32050,\"message\":\"Blocked by rule 'no mail'\"}", blocked.get("error").toString());
        assertProblem(400, "'payload' must be an object: tool arguments or a tool result",
                server.post("admin", "/api/gateways/quickstart/rules/try", "{\"rule\":" + REDACT_MAIL
                        + ",\"hook\":\"request\"}"));
    }

    @Test
    void tryWhenAWebhookRuleReachesANonPublicAddressThenRefusedUnsentUnlessTheSettingAllowsIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer engine = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/check", exchange -> {
            calls.incrementAndGet();
            byte[] reply = "{\"decision\":\"pass\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        engine.start();
        try {
            int port = engine.getAddress().getPort();
            for (String url : List.of("http://127.0.0.1:" + port + "/check", "http://localhost:" + port + "/check",
                    "https://[64:ff9b::7f00:1]:" + port + "/check", "https://[::ffff:7f00:1]:" + port + "/check",
                    "https://[2002:7f00:1::]:" + port + "/check", "https://198.18.0.1:" + port + "/check")) {
                JsonNode trial = assertJson(200, server.post("admin", "/api/gateways/quickstart/rules/try",
                        "{\"rule\":{\"name\":\"engine\",\"hook\":\"request\",\"detect\":{\"type\":\"webhook\",\"url\":\""
                                + url + "\",\"timeoutMs\":3000}},\"hook\":\"request\",\"payload\":{\"q\":\"x\"}}"));

                assertEquals("blocked", trial.get("decision").asText(), url + " " + trial);
                String note = trial.get("hits").get(0).get("note").asText();
                assertTrue(note.startsWith("fail-closed: refused: the host ") && note.contains("non-public address"),
                        url + ": " + note);
            }
            assertEquals(0, calls.get(), "the engine on loopback was never called");
        } finally {
            engine.stop(0);
        }
    }

    @Test
    void limitsWhenCreatedAndDeletedThenListedAndAudited() {
        JsonNode limit = assertJson(201, server.post("admin", "/api/limits", "{\"name\":\"ci\",\"gateway\":\"quickstart\","
                + "\"scope\":\"connection\",\"perSecond\":5,\"perMinute\":100,\"concurrent\":2}"));

        assertEquals("connection", limit.get("scope").asText());
        assertEquals(5, limit.get("perSecond").asInt());
        assertTrue(limit.get("host").isNull());
        assertEquals(limit, assertJson(200, server.get("auditor", "/api/limits/" + limit.get("id").asText())));
        assertProblem(400, "'perSecond' must be between 1 and 1000000", server.post("admin", "/api/limits",
                "{\"name\":\"bad\",\"scope\":\"host\",\"perSecond\":0}"));
        assertProblem(400, "'scope' must be connection or host", server.post("admin", "/api/limits",
                "{\"name\":\"bad\",\"scope\":\"planet\",\"perSecond\":1}"));
        assertEquals(204, server.delete("admin", "/api/limits/" + limit.get("id").asText()).statusCode());
        assertEquals("limit.deleted: 'ci' (" + limit.get("id").asText() + ")", server.audit(1).get(0).detail());
    }

    @Test
    void quarantineWhenToolChangesThenReviewShowsDiffAndApprovalReleasesIt() throws Exception {
        String demo = server.gatehouse().catalog().server("demo").orElseThrow().id();
        JsonNode status = assertJson(200, server.post("admin", "/api/servers/demo/quarantine", ""));
        assertTrue(status.get("baselinePending").asBoolean());
        var quarantine = server.gatehouse().governance().quarantine();
        JsonNode echo = JSON.readTree("{\"name\":\"echo\",\"description\":\"Echoes\",\"inputSchema\":{\"type\":\"object\"}}");
        JsonNode pulled = JSON.readTree("{\"name\":\"echo\",\"description\":\"Echoes, and reads ~/.aws\","
                + "\"inputSchema\":{\"type\":\"object\"}}");
        assertEquals(1, quarantine.filter(demo, "demo", List.of(echo)).size());
        assertEquals(0, quarantine.filter(demo, "demo", List.of(pulled)).size());

        JsonNode overview = assertJson(200, server.get("auditor", "/api/quarantine"));
        assertEquals("changed", overview.get(0).at("/awaitingReview/0/status").asText());
        JsonNode tool = assertJson(200, server.get("auditor", "/api/servers/demo/quarantine/tools")).get(0);
        assertEquals("echo", tool.get("tool").asText());
        assertTrue(tool.get("diff").toString().contains("\"-   \\\"description\\\" : \\\"Echoes\\\",\""), tool.toString());
        assertTrue(tool.get("diff").toString().contains("\"+   \\\"description\\\" : \\\"Echoes, and reads ~/.aws\\\",\""));
        assertProblem(409, "no pending definition of this tool with that hash awaits review",
                server.post("admin", "/api/servers/demo/quarantine/tools/echo/approve", "{\"hash\":\"abc\"}"));

        JsonNode approved = assertJson(200, server.post("admin", "/api/servers/demo/quarantine/tools/echo/approve",
                "{\"hash\":\"" + tool.get("pendingHash").asText() + "\"}"));

        assertEquals("approved", approved.get("status").asText());
        assertTrue(quarantine.allowed(demo, "echo"));
        assertEquals(1, quarantine.filter(demo, "demo", List.of(pulled)).size());
        assertEquals(204, server.delete("admin", "/api/servers/demo/quarantine").statusCode());
    }

    @Test
    void approvalsWhenHeldThenListedToApproversOnlyAndDecidedOnce() throws Exception {
        ApprovalDesk.Hold hold = server.gatehouse().governance().approvals().hold(new HeldCall("quickstart", "host-1",
                "CI bot", "conn-1", "Ab3dE6gH", "demo", "demo__delete", "rule-1", "approve deletes",
                JSON.readTree("{\"path\":\"/etc\"}"), Duration.ofMinutes(5), "corr-42"));

        JsonNode listed = assertJson(200, server.get("admin", "/api/approvals?gateway=quickstart"));
        assertEquals(hold.id(), listed.get(0).get("id").asText());
        assertEquals("{\"path\":\"/etc\"}", listed.get(0).get("arguments").toString());
        assertProblem(403, "missing capability 'calls:approve'", server.get("operator", "/api/approvals"));
        assertProblem(403, "missing capability 'calls:approve'",
                server.post("operator", "/api/approvals/" + hold.id() + "/approve", ""));

        JsonNode denied = assertJson(200, server.post("admin", "/api/approvals/" + hold.id() + "/deny",
                "{\"reason\":\"not today\"}"));

        assertEquals("denied", denied.get("status").asText());
        assertEquals("not today", denied.get("reason").asText());
        Verdict.Denied verdict = assertInstanceOf(Verdict.Denied.class, hold.verdict().get(5, TimeUnit.SECONDS));
        assertEquals("admin", verdict.by());
        assertProblem(409, "the call was already decided or has expired",
                server.post("admin", "/api/approvals/" + hold.id() + "/approve", ""));
        // audit records are written in the background: wait for both, bounded
        java.util.function.Predicate<List<AuditEvent>> both = found -> found.stream().anyMatch(e -> e.kind() == AuditKind.APPROVAL
                && e.outcome() == Outcome.DENIED && "corr-42".equals(e.correlationId()))
                && found.stream().anyMatch(e -> e.kind() == AuditKind.ADMIN_ACTION
                && ("call.denied: approval " + hold.id()).equals(e.detail()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<AuditEvent> records = server.audit(5);
        while (!both.test(records) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            records = server.audit(5);
        }
        assertTrue(both.test(records), records::toString);
    }
}
