package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.governance.Governance;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.mcp.ServerRequestIds;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules over every message, not only a {@code tools/call}'s arguments and result (docs/security-tests.md, cases
 * 184-193): a "no secrets leave" response rule governs an upstream's JSON-RPC errors (message and
 * {@code data}), its progress and log notifications, its elicitation requests (on the call's stream and on the
 * listen stream); a request rule governs a call's {@code _meta}, the client's answer to an elicitation, other
 * requests' {@code params} and the client's notifications.
 * Each through the real gateway WAR and a real upstream over HTTP ({@link LeakyUpstream}), each decision
 * audited, and what a block does depends on the message (an error replaced, a notification dropped, a server
 * request answered upstream and never shown, a client message never forwarded).
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class MessageRulesGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLUG = "leaky";
    private static final String VERSION = "2025-11-25";
    private GatewayHarness gw;
    private Governance governance;
    private LeakyUpstream leaky;
    private UpstreamServer server;
    private String token;
    private final List<Rule> rules = new ArrayList<>();

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        governance = gw.gatehouse.governance();
        leaky = new LeakyUpstream();
        server = gw.gatehouse.catalog().createServer(new NewServer("Leaky", "leaky", leaky.url, null, null, null,
                Duration.ofSeconds(20)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Leaky", SLUG, null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        token = gw.gatehouse.connections().connect(gw.host.id(), SLUG, null, "alice").token();
    }

    @AfterAll
    void stop() throws Exception {
        leaky.close();
    }

    @AfterEach
    void deleteRules() {
        rules.forEach(r -> governance.rules().delete(r.id()));
        rules.clear();
    }

    private void rule(String hook, String action) throws Exception {
        rules.add(governance.rules().create(SLUG, RuleJson.spec(JSON.readTree("{\"name\":\"no secrets " + hook + "\",\"hook\":\""
                + hook + "\",\"tools\":\"*\",\"detect\":{\"type\":\"regex\",\"patterns\":[\"S3CR3T-[A-Z-]+\"]},\"action\":{\"type\":\""
                + action + "\"}}")), "admin"));
    }

    /** Calls a tool of the leaky upstream; the reply's messages in order (one for JSON, each event's for a stream). */
    private List<JsonNode> call(String id, String tool, String meta) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}" + (meta == null ? "" : ",\"_meta\":" + meta) + "}}";
        return messages(McpHttp.post(gw.gatewayUrl(SLUG), token, body));
    }

    private static List<JsonNode> messages(HttpResponse<String> r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (McpHttp.contentType(r).startsWith("text/event-stream")) {
            for (String line : r.body().split("\n")) {
                if (line.startsWith("data:") && !line.substring(5).isBlank()) {
                    out.add(JSON.readTree(line.substring(5).strip()));
                }
            }
        } else {
            out.add(JSON.readTree(r.body()));
        }
        return out;
    }

    private static JsonNode last(List<JsonNode> messages) {
        return messages.get(messages.size() - 1);
    }

    /** The rule's audit record for this call: kind rule, the message it looked at, never the secret. */
    private AuditEvent ruleRecord(String id, String message) throws InterruptedException {
        AuditEvent e = gw.awaitAudit(a -> a.kind() == AuditKind.RULE && id.equals(a.jsonRpcId())
                && a.detail().contains("(" + message + ")"), "no rule record for " + message + " of " + id);
        assertFalse(e.detail().contains("S3CR3T"), e.detail());
        return e;
    }

    private static String id() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    void errorWhenItsMessageCarriesASecretThenRedactedOrReplacedByTheRulesError() throws Exception {
        List<JsonNode> before = call(id(), "error_message", null);
        assertTrue(last(before).toString().contains("S3CR3T-MESSAGE"), "without rules the error passes: " + before);

        rule("response", "redact");
        String id = id();
        JsonNode redacted = last(call(id, "error_message", null));
        assertEquals(-32000, redacted.at("/error/code").asInt(), redacted::toString);
        assertEquals("failed with [REDACTED:regex]", redacted.at("/error/message").asText());
        AuditEvent record = ruleRecord(id, "tools/call error");
        assertEquals("tools/call", record.method());
        assertTrue(record.detail().contains(": redact by regex at /message (1 match)"), record.detail());

        deleteRules();
        rule("response", "block");
        String blockedId = id();
        JsonNode blocked = last(call(blockedId, "error_message", null));
        assertEquals(-32050, blocked.at("/error/code").asInt(), blocked::toString);
        assertEquals("Blocked by rule 'no secrets response'", blocked.at("/error/message").asText());
        assertEquals(blockedId, blocked.get("id").asText());
        assertEquals(Outcome.DENIED, ruleRecord(blockedId, "tools/call error").outcome());
    }

    @Test
    void upstreamRefusalWhoseMessageCarriesASecretThenTheGatewaysErrorIsReadByTheRulesToo() throws Exception {
        JsonNode before = last(call(id(), "refused", null));
        assertTrue(before.at("/error/message").asText().contains("S3CR3T-REFUSED"), "shown to help the client: " + before);

        rule("response", "redact");
        String id = id();
        JsonNode redacted = last(call(id, "refused", null));
        assertEquals(-32042, redacted.at("/error/code").asInt(), redacted::toString);
        assertTrue(redacted.at("/error/message").asText().contains("boom [REDACTED:regex]"), redacted::toString);
        ruleRecord(id, "tools/call error");

        deleteRules();
        rule("response", "block");
        JsonNode blocked = last(call(id(), "refused", null));
        assertEquals(-32050, blocked.at("/error/code").asInt(), blocked::toString);
        assertFalse(blocked.toString().contains("S3CR3T"));
    }

    @Test
    void listRefusedByTheOnlyServerWithASecretInItsMessageThenTheGatewaysErrorIsReadByTheRules() throws Exception {
        try (LeakyUpstream refusing = new LeakyUpstream(true)) {
            UpstreamServer s = gw.gatehouse.catalog().createServer(new NewServer("Refusing lists", "leaky-lists",
                    refusing.url, null, null, null, Duration.ofSeconds(10)), "admin");
            gw.gatehouse.catalog().createGateway(new NewGateway("Leaky lists", "leaky-lists", null,
                    List.of(new NewGateway.Assignment(s.id(), null))), "admin");
            String listToken = gw.gatehouse.connections().connect(gw.host.id(), "leaky-lists", null, "alice").token();
            rules.add(governance.rules().create("leaky-lists", RuleJson.spec(JSON.readTree("{\"name\":\"no secrets\","
                    + "\"hook\":\"response\",\"tools\":\"*\",\"detect\":{\"type\":\"regex\",\"patterns\":[\"S3CR3T-[A-Z-]+\"]},"
                    + "\"action\":{\"type\":\"redact\"}}")), "admin"));

            HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("leaky-lists"), listToken,
                    "{\"jsonrpc\":\"2.0\",\"id\":\"l-1\",\"method\":\"tools/list\"}");

            assertEquals(502, r.statusCode(), r::body);
            assertTrue(r.body().contains("list [REDACTED:regex]"), r::body);
            assertFalse(r.body().contains("S3CR3T"), r::body);
        }
    }

    @Test
    void answerRefusedByTheUpstreamWithASecretInItsMessageThenTheGatewaysErrorIsReadByTheRules() throws Exception {
        rule("response", "redact");
        String relayed = ServerRequestIds.relayed(server.id(), JsonRpcId.of("x-refuse"));

        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + relayed
                + "\",\"result\":{\"action\":\"decline\"}}");

        assertEquals(502, r.statusCode(), r::body);
        assertTrue(r.body().contains("answer [REDACTED:regex]"), r::body);
        assertFalse(r.body().contains("S3CR3T"), r::body);
    }

    @Test
    void errorWhenItsDataCarriesASecretThenRedactedOrReplacedByTheRulesError() throws Exception {
        rule("response", "redact");
        String id = id();
        JsonNode redacted = last(call(id, "error_data", null));
        assertEquals(-32001, redacted.at("/error/code").asInt(), redacted::toString);
        assertEquals("[REDACTED:regex]", redacted.at("/error/data/detail").asText(), redacted::toString);
        assertTrue(ruleRecord(id, "tools/call error").detail().contains(" at /data/detail "));

        deleteRules();
        rule("response", "block");
        JsonNode blocked = last(call(id(), "error_data", null));
        assertEquals(-32050, blocked.at("/error/code").asInt(), blocked::toString);
        assertFalse(blocked.toString().contains("S3CR3T"));
    }

    @Test
    void progressNotificationWhenItCarriesASecretThenRedactedOrDroppedAndTheResultStillComes() throws Exception {
        rule("response", "redact");
        String id = id();
        List<JsonNode> redacted = call(id, "progress", "{\"progressToken\":\"p-1\"}");
        assertEquals(2, redacted.size(), redacted::toString);
        assertEquals("notifications/progress", redacted.get(0).path("method").asText());
        assertEquals("p-1", redacted.get(0).at("/params/progressToken").asText());
        assertEquals("step [REDACTED:regex]", redacted.get(0).at("/params/message").asText());
        assertEquals("done", last(redacted).at("/result/content/0/text").asText());
        ruleRecord(id, "notifications/progress params");

        deleteRules();
        rule("response", "block");
        String blockedId = id();
        List<JsonNode> blocked = call(blockedId, "progress", "{\"progressToken\":\"p-2\"}");
        assertEquals(1, blocked.size(), "the notification is dropped: " + blocked);
        assertEquals("done", last(blocked).at("/result/content/0/text").asText());
        assertEquals(Outcome.DENIED, ruleRecord(blockedId, "notifications/progress params").outcome());
    }

    @Test
    void logNotificationWhenItCarriesASecretThenRedactedOrDropped() throws Exception {
        rule("response", "redact");
        String id = id();
        List<JsonNode> redacted = call(id, "log", null);
        assertEquals("notifications/message", redacted.get(0).path("method").asText(), redacted::toString);
        assertEquals("info", redacted.get(0).at("/params/level").asText());
        assertEquals("log [REDACTED:regex]", redacted.get(0).at("/params/data").asText());
        ruleRecord(id, "notifications/message params");

        deleteRules();
        rule("response", "block");
        String blockedId = id();
        List<JsonNode> blocked = call(blockedId, "log", null);
        assertEquals(1, blocked.size(), blocked::toString);
        assertFalse(blocked.toString().contains("S3CR3T"));
        ruleRecord(blockedId, "notifications/message params");
    }

    @Test
    void elicitationRequestWhenItCarriesASecretThenRedactedOrAnsweredUpstreamWithTheRulesErrorAndNeverShown() throws Exception {
        rule("response", "block");
        String id = id();
        List<JsonNode> blocked = call(id, "elicit", null);
        assertEquals(1, blocked.size(), "the client never sees the request: " + blocked);
        assertEquals("error -32050", last(blocked).at("/result/content/0/text").asText(), "the server got the rule's error");
        assertTrue(leaky.received.stream().anyMatch(b -> b.startsWith("{\"jsonrpc\":\"2.0\",\"id\":\"ask-")
                && b.contains("\"error\":{\"code\":-32050")), leaky.received::toString); // under the server's own id
        assertEquals(Outcome.DENIED, ruleRecord(id, "elicitation/create params").outcome());

        deleteRules();
        rule("response", "redact");
        String redactedId = id();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + redactedId + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"elicit\","
                + "\"arguments\":{}}}";
        try (Stream<String> lines = McpHttp.lines(McpHttp.request(gw.gatewayUrl(SLUG), token, body)).body()) {
            String ask = lines.filter(l -> l.startsWith("data:") && l.contains("elicitation/create")).findFirst().orElseThrow();
            JsonNode request = JSON.readTree(ask.substring(5).strip());
            assertEquals("your key? [REDACTED:regex]", request.at("/params/message").asText(), ask);
            assertTrue(request.get("id").asText().startsWith("gh~"), ask);
            HttpResponse<String> answered = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":"
                    + request.get("id") + ",\"result\":{\"action\":\"decline\"}}");
            assertEquals(202, answered.statusCode(), answered::body);
        }
        ruleRecord(redactedId, "elicitation/create params");
    }

    @Test
    void listenStreamWhenItsMessagesCarrySecretsThenTheNotificationIsRedactedAndTheRequestAnsweredUpstream() throws Exception {
        rule("response", "redact");
        String session = initialize();
        List<String> redacted = listenUntilClean(session);
        assertFalse(redacted.toString().contains("S3CR3T"), redacted::toString);
        assertTrue(redacted.stream().anyMatch(l -> l.contains("listen [REDACTED:regex]")), redacted::toString);
        gw.awaitAudit(a -> a.kind() == AuditKind.RULE && a.detail().contains("(notifications/message params)")
                && "leaky".equals(a.server()), "no rule record of the listen stream's notification");

        deleteRules();
        rule("response", "block");
        String other = initialize();
        List<String> blocked = listenUntilClean(other);
        assertFalse(blocked.toString().contains("S3CR3T"), blocked::toString);
        assertFalse(blocked.stream().anyMatch(l -> l.contains("elicitation/create")), "never shown: " + blocked);
        assertEquals(-32050, leaky.answerTo("listen-ask").at("/error/code").asInt(), "answered upstream with the rule's error");
    }

    @Test
    void metaWhenItCarriesASecretThenRedactedBeforeTheUpstreamOrBlocked() throws Exception {
        rule("request", "redact");
        String id = id();
        JsonNode ok = last(call(id, "plain", "{\"note\":\"S3CR3T-META\"}"));
        assertEquals("ok", ok.at("/result/content/0/text").asText(), ok::toString);
        assertEquals(0, leaky.count("S3CR3T-META"), "the upstream never saw the secret");
        assertTrue(leaky.count("\"_meta\":{\"note\":\"[REDACTED:regex]\"}") >= 1, leaky.received::toString);
        ruleRecord(id, "tools/call _meta");

        deleteRules();
        rule("request", "block");
        String blockedId = id();
        long calls = leaky.count(blockedId);
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + blockedId
                + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"plain\",\"arguments\":{},\"_meta\":{\"note\":\"S3CR3T-META\"}}}");
        assertEquals(403, r.statusCode(), r::body);
        assertEquals(-32050, JSON.readTree(r.body()).at("/error/code").asInt());
        assertEquals(calls, leaky.count(blockedId), "never forwarded");
        assertEquals(Outcome.DENIED, ruleRecord(blockedId, "tools/call _meta").outcome());
    }

    @Test
    void elicitationAnswerWhenItCarriesASecretThenRedactedBeforeTheUpstreamOrRefusedAndTheServerToldSo() throws Exception {
        rule("request", "redact");
        String relayed = ServerRequestIds.relayed(server.id(), JsonRpcId.of("x-1"));
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + relayed
                + "\",\"result\":{\"action\":\"accept\",\"content\":{\"key\":\"S3CR3T-ANSWER\"}}}");
        assertEquals(202, r.statusCode(), r::body);
        JsonNode delivered = leaky.answerTo("x-1");
        assertEquals("[REDACTED:regex]", delivered.at("/result/content/key").asText(), delivered::toString);
        assertEquals(0, leaky.count("S3CR3T-ANSWER"));
        gw.awaitAudit(a -> a.kind() == AuditKind.RULE && a.detail().contains("(answer result)"), "no rule record of the answer");

        deleteRules();
        rule("request", "block");
        String second = ServerRequestIds.relayed(server.id(), JsonRpcId.of("x-2"));
        HttpResponse<String> refused = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + second
                + "\",\"result\":{\"action\":\"accept\",\"content\":{\"key\":\"S3CR3T-ANSWER\"}}}");
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(-32050, JSON.readTree(refused.body()).at("/error/code").asInt());
        assertEquals(-32050, leaky.answerTo("x-2").at("/error/code").asInt(), "the server's request ends with the rule's error");
        assertEquals(0, leaky.count("S3CR3T-ANSWER"));
    }

    @Test
    void requestParamsWhenTheyCarryASecretThenRedactedBeforeTheUpstreamOrRefused() throws Exception {
        rule("request", "redact");
        String id = id();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id
                + "\",\"method\":\"tasks/get\",\"params\":{\"taskId\":\"S3CR3T-TASK\"}}", "MCP-Protocol-Version", VERSION);
        assertEquals(200, r.statusCode(), r::body);
        assertEquals(0, leaky.count("S3CR3T-TASK"));
        assertTrue(leaky.count("\"params\":{\"taskId\":\"[REDACTED:regex]\"}") >= 1, leaky.received::toString);
        ruleRecord(id, "tasks/get params");

        deleteRules();
        rule("request", "block");
        String blockedId = id();
        HttpResponse<String> refused = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + blockedId
                + "\",\"method\":\"tasks/get\",\"params\":{\"taskId\":\"S3CR3T-TASK\"}}", "MCP-Protocol-Version", VERSION);
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(-32050, JSON.readTree(refused.body()).at("/error/code").asInt());
        assertEquals(0, leaky.count("S3CR3T-TASK"), "never forwarded");
        assertEquals(Outcome.DENIED, ruleRecord(blockedId, "tasks/get params").outcome());
    }

    @Test
    void clientNotificationWhenItCarriesASecretThenRedactedBeforeTheUpstreamOrRefused() throws Exception {
        String session = initialize();
        assertEquals(200, McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"plain\",\"arguments\":{}}}", "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION)
                .statusCode()); // the session's upstream session is opened: notifications now go to this server
        rule("request", "redact");
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/cancelled\",\"params\":{\"requestId\":\"r-1\",\"reason\":\"S3CR3T-CANCEL\"}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
        assertEquals(202, r.statusCode(), r::body);
        gw.awaitAudit(a -> a.kind() == AuditKind.RULE && a.detail().contains("(notifications/cancelled params)"),
                "no rule record of the notification");
        for (int i = 0; i < 250 && leaky.count("\"reason\":\"[REDACTED:regex]\"") == 0; i++) {
            Thread.sleep(20); // the notification is sent on without waiting for the server's acknowledgement
        }
        assertEquals(1, leaky.count("\"reason\":\"[REDACTED:regex]\""), leaky.received::toString);

        deleteRules();
        rule("request", "block");
        HttpResponse<String> refused = McpHttp.post(gw.gatewayUrl(SLUG), token, "{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/cancelled\",\"params\":{\"requestId\":\"r-2\",\"reason\":\"S3CR3T-CANCEL\"}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(-32050, JSON.readTree(refused.body()).at("/error/code").asInt());
        assertEquals(0, leaky.count("S3CR3T-CANCEL"));
    }

    private String initialize() throws Exception {
        return McpHttp.openSession(gw.gatewayUrl(SLUG), token, VERSION, "{\"elicitation\":{}}");
    }

    /** The listen stream's lines up to the upstream's last (clean) message, read within 15 s. */
    private List<String> listenUntilClean(String session) throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(gw.gatewayUrl(SLUG))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION).GET();
        HttpResponse<Stream<String>> r = McpHttp.lines(get);
        assertEquals(200, r.statusCode());
        List<String> seen = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            CompletableFuture.runAsync(() -> lines.takeWhile(l -> {
                seen.add(l);
                return !l.contains("listen clean");
            }).forEach(l -> { })).get(15, TimeUnit.SECONDS);
        }
        return seen;
    }
}
