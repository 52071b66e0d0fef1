package dev.gatehouse.gateway;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the audit log holds after calls through the gateway, and that no call passes when it cannot write. */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest {
    private GatewayHarness gw;
    private String publicId;

    private LeakyUpstream erring;
    private String erringToken;

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        publicId = ApiTokenFormat.parse(gw.quickstartToken).orElseThrow().publicId();
        erring = new LeakyUpstream();
        var server = gw.gatehouse.catalog().createServer(new dev.gatehouse.core.store.NewServer("Erring", "erring-audit",
                erring.url, null, null, null, java.time.Duration.ofSeconds(10)), "admin");
        gw.gatehouse.catalog().createGateway(new dev.gatehouse.core.store.NewGateway("Erring", "erring-audit", null,
                List.of(new dev.gatehouse.core.store.NewGateway.Assignment(server.id(), null))), "admin");
        erringToken = gw.gatehouse.connections().connect(gw.host.id(), "erring-audit", null, "alice").token();
    }

    @org.junit.jupiter.api.AfterAll
    void stop() throws Exception {
        erring.close();
    }

    private List<AuditEvent> records(Predicate<AuditEvent> filter) {
        return gw.gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream().filter(filter).toList();
    }

    /** Records written in the background (group commit) appear shortly; wait for them, bounded. */
    private AuditEvent eventually(Predicate<AuditEvent> filter) throws InterruptedException {
        return gw.awaitAudit(filter, "no such audit record");
    }

    private static String call(String id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void toolsCallWhenTracingOffThenNoTraceIdAndTheClientsTraceparentNeverReachesTheUpstream() throws Exception {
        String id = "u-" + UUID.randomUUID();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                call(id, "echo", "{\"message\":\"untraced " + id + "\"}"),
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertEquals(200, r.statusCode());
        assertNull(gw.completed(id).traceId());
        UpstreamRecorder.Seen seen = gw.upstream.seen.stream().filter(s -> s.body().contains("untraced " + id))
                .findFirst().orElseThrow();
        assertNull(seen.header("traceparent"), "a client's header is never passed upstream");
    }

    @Test
    void toolsCallWhenAnsweredThenStartedAndCompletedShareTheCorrelationIdWithFullAttribution() throws Exception {
        String id = "a-" + UUID.randomUUID();
        String body = call(id, "echo", "{\"message\":\"audited\"}");
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, body, "User-Agent", "audit-test/1");
        assertEquals(200, r.statusCode());

        // both records are durable before the reply completes: no waiting here
        List<AuditEvent> mine = records(e -> id.equals(e.jsonRpcId()));
        assertEquals(2, mine.size(), mine.toString());
        AuditEvent completed = mine.get(0);
        AuditEvent started = mine.get(1);
        assertEquals(AuditKind.CALL_STARTED, started.kind());
        assertEquals(Outcome.STARTED, started.outcome());
        assertEquals(AuditKind.CALL_COMPLETED, completed.kind());
        assertEquals(Outcome.SUCCESS, completed.outcome());
        assertEquals(started.correlationId(), completed.correlationId());
        for (AuditEvent e : mine) {
            assertEquals(gw.host.id(), e.hostId());
            assertEquals("CI bot", e.hostName());
            assertEquals(publicId, e.tokenPublicId());
            assertEquals("alice", e.tokenIssuedBy());
            assertEquals("quickstart", e.gateway());
            assertEquals("demo", e.server());
            assertEquals("echo", e.tool());
            assertEquals("tools/call", e.method());
            assertEquals("127.0.0.1", e.clientAddress());
            assertEquals("audit-test/1", e.userAgent());
            assertEquals((long) body.length(), e.bytesIn());
        }
        assertEquals(200, completed.httpStatus());
        assertNull(completed.errorCode());
        assertTrue(completed.durationMicros() >= completed.upstreamDurationMicros(), completed.toString());
        assertTrue(completed.upstreamDurationMicros() > 0);
        assertEquals((long) r.body().getBytes(StandardCharsets.UTF_8).length, completed.bytesOut());
    }

    /**
     * A tool's error text is in its record, bounded, and the calls' search finds it (catalogue 621): over JSON and
     * over an event stream, and cut to 500 characters.
     */
    @Test
    void toolsCallWhenToolFailsThenCompletedAsErrorWithItsTextWhichTheSearchFinds() throws Exception {
        String id = "f-" + UUID.randomUUID();
        String failure = "demo failure " + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(id, "fail", "{\"message\":\"" + failure + "\"}"));
        AuditEvent completed = records(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED).get(0);
        assertEquals(Outcome.ERROR, completed.outcome());
        assertNull(completed.errorCode());
        assertEquals("tool error: " + failure, errorText(completed));
        assertEquals(List.of(completed.correlationId()), searched(failure.toUpperCase(java.util.Locale.ROOT)));

        String streamed = "s-" + UUID.randomUUID();
        String longText = "x".repeat(700);
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call(streamed, "fail", "{\"message\":\"" + longText + "\"}"),
                "Accept", McpHttp.BOTH);
        AuditEvent cut = records(e -> streamed.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED).get(0);
        assertEquals("tool error: " + "x".repeat(500) + "…", errorText(cut));
    }

    /** A record's detail without the identity the call presented upstream (which follows it). */
    static String errorText(AuditEvent e) {
        return e.detail().split("; identity ")[0];
    }

    /** The correlation ids of the calls the calls' search ({@code GET /api/calls?q=}) finds for {@code text}, once there. */
    private List<String> searched(String text) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        List<String> found = List.of();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = gw.gatehouse.calls().page(new dev.gatehouse.core.calls.CallQuery(null, null, null, null, null, null, null,
                    null, text, dev.gatehouse.core.calls.CallQuery.Sort.TIME, false, null, 10)).calls().stream()
                    .map(dev.gatehouse.core.calls.CallRow::correlationId).toList();
            if (found.isEmpty()) {
                Thread.sleep(20); // the record is shipped from the journal to the table in the background
            }
        }
        return found;
    }

    @Test
    void toolsCallWhenUpstreamAnswersAJsonRpcErrorThenCompletedAsErrorWithItsCode() throws Exception {
        String id = "u-" + UUID.randomUUID();
        HttpResponse<String> r = McpHttp.post(gw.gatewayUrl("erring-audit"), erringToken, call(id, "error_message", "{}"));
        AuditEvent completed = records(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED).get(0);
        assertEquals(Outcome.ERROR, completed.outcome(), r.body());
        assertNotNull(completed.errorCode(), r.body());
        assertTrue(r.body().contains("\"code\":" + completed.errorCode()), r.body());
        String message = JSON_MAPPER.readTree(r.body()).at("/error/message").asText();
        assertEquals("JSON-RPC error: " + message, completed.detail(), r.body()); // catalogue 622
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void toolsCallWhenUpstreamDownThenCompletedAsUpstreamError() throws Exception {
        String id = "d-" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("downgw"), gw.downToken, call(id, "echo", "{}"));
        AuditEvent completed = records(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED).get(0);
        assertEquals(Outcome.UPSTREAM_ERROR, completed.outcome());
        assertEquals(502, completed.httpStatus());
        assertEquals(-32042, completed.errorCode());
    }

    @Test
    void toolsCallWhenUpstreamTooSlowThenCompletedAsTimeout() throws Exception {
        String id = "s-" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("slowgw"), gw.slowToken, call(id, "echo", "{}"));
        AuditEvent completed = records(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED).get(0);
        assertEquals(Outcome.TIMEOUT, completed.outcome());
        assertEquals(504, completed.httpStatus());
    }

    @Test
    void toolsListWhenAnsweredThenOneListRecord() throws Exception {
        String id = "l-" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/list\"}");
        AuditEvent list = eventually(e -> id.equals(e.jsonRpcId()));
        assertEquals(AuditKind.LIST, list.kind());
        assertEquals(Outcome.SUCCESS, list.outcome());
        assertEquals(publicId, list.tokenPublicId());
        assertEquals(1, records(e -> id.equals(e.jsonRpcId())).size());
    }

    @Test
    void pingWhenAnsweredThenNotRecorded() throws Exception {
        String id = "p-" + UUID.randomUUID();
        String list = "l-" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"ping\"}");
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":\"" + list + "\",\"method\":\"tools/list\"}");
        eventually(e -> list.equals(e.jsonRpcId())); // written after the ping would have been
        assertTrue(records(e -> id.equals(e.jsonRpcId())).isEmpty());
    }

    @Test
    void authFailureWhenTokenUnknownThenRecordedWithPublicIdButNeverTheToken() throws Exception {
        String unknown = new ApiTokenFormat().newToken("Unknown1");
        String agent = "intruder/" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), unknown, "{}", "User-Agent", agent);
        AuditEvent e = eventually(a -> agent.equals(a.userAgent()));
        assertEquals(AuditKind.AUTH_FAILURE, e.kind());
        assertEquals(Outcome.UNAUTHORIZED, e.outcome());
        assertEquals("Unknown1", e.tokenPublicId());
        assertEquals("UNKNOWN", e.detail());
        assertEquals("quickstart", e.gateway());
        assertEquals(401, e.httpStatus());
        assertEquals("127.0.0.1", e.clientAddress());
    }

    @Test
    void authFailureWhenTokenRevokedThenTheSame401AttributedToTheHostAndUserItBelongedTo() throws Exception {
        Host host = gw.gatehouse.hosts().createHost(new NewHost("Revoked bot " + UUID.randomUUID(), HostKind.TOKEN, "t"), "admin");
        var connection = gw.gatehouse.connections().connect(host.id(), "quickstart", null, "dave");
        String token = connection.token();
        assertEquals(200, McpHttp.post(gw.gatewayUrl("quickstart"), token, call("r-1", "echo", "{\"message\":\"hi\"}")).statusCode());
        gw.gatehouse.connections().deleteConnection(connection.connection().id(), "admin");
        String agent = "revoked/" + UUID.randomUUID();
        String wrongSecretAgent = "guesser/" + UUID.randomUUID();
        String wrongSecret = new ApiTokenFormat().newToken(ApiTokenFormat.parse(token).orElseThrow().publicId());

        HttpResponse<String> refused = McpHttp.post(gw.gatewayUrl("quickstart"), token, "{}", "User-Agent", agent);
        HttpResponse<String> unknown = McpHttp.post(gw.gatewayUrl("quickstart"), new ApiTokenFormat().newToken("Unknown2"), "{}");
        McpHttp.post(gw.gatewayUrl("quickstart"), wrongSecret, "{}", "User-Agent", wrongSecretAgent);

        assertEquals(401, refused.statusCode());
        assertEquals(unknown.body(), refused.body()); // the client learns nothing of why
        assertEquals(unknown.headers().firstValue("WWW-Authenticate"), refused.headers().firstValue("WWW-Authenticate"));
        AuditEvent e = eventually(a -> agent.equals(a.userAgent()));
        assertEquals(AuditKind.AUTH_FAILURE, e.kind());
        assertEquals("REVOKED", e.detail());
        assertEquals(host.id(), e.hostId());
        assertEquals(host.name(), e.hostName());
        assertEquals("dave", e.tokenIssuedBy());
        assertEquals("quickstart", e.gateway());
        assertEquals(ApiTokenFormat.parse(token).orElseThrow().publicId(), e.tokenPublicId());
        // a wrong secret proves nothing about the owner: not attributed
        AuditEvent guess = eventually(a -> wrongSecretAgent.equals(a.userAgent()));
        assertEquals("WRONG_SECRET", guess.detail());
        assertNull(guess.hostId());
        assertNull(guess.tokenIssuedBy());
    }

    @Test
    void authFailureWhenTokenOfAnotherGatewayThenRecordedAsDenied() throws Exception {
        String agent = "wanderer/" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.otherToken, "{}", "User-Agent", agent);
        AuditEvent e = eventually(a -> agent.equals(a.userAgent()));
        assertEquals(AuditKind.AUTH_FAILURE, e.kind());
        assertEquals(Outcome.DENIED, e.outcome());
        assertEquals("WRONG_GATEWAY", e.detail());
        assertEquals("quickstart", e.gateway());
        assertEquals(ApiTokenFormat.parse(gw.otherToken).orElseThrow().publicId(), e.tokenPublicId());
        assertEquals(403, e.httpStatus());
    }

    @Test
    void auditRowsWhenAnyTrafficThenNoRawTokenInAnyColumn() throws Exception {
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call("raw-1", "echo", "{\"message\":\"x\"}"));
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.otherToken, "{}");
        McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken + "x", "{}");
        String agent = "last/" + UUID.randomUUID();
        McpHttp.post(gw.gatewayUrl("quickstart"), "gth_garbage", "{}", "User-Agent", agent);
        eventually(a -> agent.equals(a.userAgent()));
        gw.awaitShipped();
        List<?> rows = gw.gatehouse.inTransaction(em -> em.createNativeQuery("select * from gh_audit_event").getResultList());
        assertFalse(rows.isEmpty());
        for (Object row : rows) {
            for (Object column : (Object[]) row) {
                String value = String.valueOf(column);
                assertFalse(value.contains("gth_"), value);
                assertFalse(value.contains(gw.quickstartToken.substring(13, 45)), value);
            }
        }
    }

    /**
     * The audit table refuses inserts. With {@code audit-durability=database} that is the audit log itself: 503 and
     * the upstream never sees the call. With a journal the call is answered, its records are readable at once and
     * reach the table once it takes inserts again; the journal's own limit is {@link AuditJournalGatewayTest}'s.
     */
    @Test
    void toolsCallWhenTheAuditTableCannotBeWrittenThen503InDatabaseModeAndJournaledOtherwise() throws Exception {
        String marker = "must-not-arrive-" + UUID.randomUUID();
        gw.gatehouse.inTransaction(em -> em.createNativeQuery("alter table gh_audit_event rename to gh_audit_event_off").executeUpdate());
        HttpResponse<String> r;
        try {
            r = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, call("closed-1", "echo", "{\"message\":\"" + marker + "\"}"));
        } finally {
            gw.gatehouse.inTransaction(em -> em.createNativeQuery("alter table gh_audit_event_off rename to gh_audit_event").executeUpdate());
        }
        if (!gw.auditStorage().journaled()) {
            assertEquals(503, r.statusCode());
            assertEquals("application/json", McpHttp.contentType(r));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"closed-1\",\"error\":{\"code\":-32041,\"message\":"
                    + "\"Audit log unavailable; the call was not forwarded\"}}", r.body());
            assertEquals(0, gw.upstream.count(marker));
            return;
        }
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, gw.upstream.count(marker));
        eventually(e -> "closed-1".equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED);
        gw.awaitShipped();
        List<?> kinds = gw.gatehouse.inTransaction(em -> em.createNativeQuery(
                "select kind from gh_audit_event where jsonrpc_id = 'closed-1' order by node_seq").getResultList());
        assertEquals(List.of("CALL_STARTED", "CALL_COMPLETED"), kinds);
    }

    @Test
    void toolsCallWhenClientLeavesMidStreamThenCompletedAsCancelled() throws Exception {
        String id = "gone-" + UUID.randomUUID();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":30,\"delayMs\":100},\"_meta\":{\"progressToken\":\"g\"}}}";
        URI base = URI.create(gw.baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + gw.quickstartToken
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.contains("notifications/progress")) {
                    break; // the stream is flowing; now hang up
                }
            }
        }
        AuditEvent completed = eventually(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED);
        assertEquals(Outcome.CANCELLED, completed.outcome());
        Optional<AuditEvent> started = records(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_STARTED).stream().findFirst();
        assertEquals(completed.correlationId(), started.orElseThrow().correlationId());
    }
}
