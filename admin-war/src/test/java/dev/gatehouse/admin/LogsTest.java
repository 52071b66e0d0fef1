package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertFields;
import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/logs}: newest first, filtered, each record in the documented shape. */
class LogsTest {
    static final Set<String> ENTRY_FIELDS = Set.of("id", "correlationId", "time", "kind", "outcome", "host", "hostId",
            "user", "tokenPublicId", "actor", "gateway", "server", "tool", "method", "jsonRpcId", "httpStatus",
            "errorCode", "detail", "durationMs", "upstreamDurationMs", "bytesIn", "bytesOut", "clientAddress",
            "userAgent", "mcpSessionId", "traceId", "cursor");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static final List<AuditEvent> written = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        written.add(call("h-ci", "CI bot", Outcome.SUCCESS, "echo", 0));
        written.add(call("h-cron", "Cron", Outcome.SUCCESS, "add", 1));
        written.add(call("h-ci", "CI bot", Outcome.DENIED, "delete_all", 2));
        written.add(call("h-ci", "CI bot", Outcome.ERROR, "echo", 3));
        // with an audit journal a record gets its database id when shipped: compare the stored records
        server.awaitShipped();
        written.replaceAll(e -> server.gatehouse().audit().query(new dev.gatehouse.core.model.AuditQuery(null, null, null,
                null, null, null, null, null, e.correlationId(), null, null, 1)).get(0));
    }

    private static AuditEvent call(String hostId, String hostName, Outcome outcome, String tool, int minute) {
        return server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, outcome)
                .time(T0.plusSeconds(60L * minute)).correlationId("corr-" + minute).hostId(hostId).hostName(hostName)
                .tokenPublicId("Ab12Cd3" + minute).tokenIssuedBy("alice").gateway("quickstart").server("demo")
                .tool(tool).method("tools/call").jsonRpcId("7").httpStatus(200).errorCode(null)
                .detail(null).durationMicros(1500L).upstreamDurationMicros(1250L).bytesIn(120L).bytesOut(480L)
                .clientAddress("10.0.0.5").userAgent("agent/1.0").mcpSessionId("sess-1")
                .traceId(minute == 3 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null).build());
    }

    @Test
    void logsWhenHostGivenByIdThenItsRecordsNewestFirstInTheDocumentedShape() {
        JsonNode entries = assertJson(200, server.get("auditor", "/api/logs?host=h-ci"));

        assertEquals(List.of(written.get(3).id(), written.get(2).id(), written.get(0).id()), ids(entries));
        JsonNode e = entries.get(0);
        assertFields(ENTRY_FIELDS, e);
        assertEquals("corr-3", e.get("correlationId").asText());
        assertEquals("2030-01-01T00:03:00Z", e.get("time").asText());
        assertEquals("call_completed", e.get("kind").asText());
        assertEquals("error", e.get("outcome").asText());
        assertEquals("CI bot", e.get("host").asText());
        assertEquals("h-ci", e.get("hostId").asText());
        assertEquals("alice", e.get("user").asText());
        assertEquals("Ab12Cd33", e.get("tokenPublicId").asText());
        assertTrue(e.get("actor").isNull());
        assertEquals("quickstart", e.get("gateway").asText());
        assertEquals("demo", e.get("server").asText());
        assertEquals("echo", e.get("tool").asText());
        assertEquals("tools/call", e.get("method").asText());
        assertEquals("7", e.get("jsonRpcId").asText());
        assertEquals(200, e.get("httpStatus").asInt());
        assertTrue(e.get("errorCode").isNull());
        assertEquals(1.5, e.get("durationMs").asDouble());
        assertEquals(1.25, e.get("upstreamDurationMs").asDouble());
        assertEquals(120, e.get("bytesIn").asLong());
        assertEquals(480, e.get("bytesOut").asLong());
        assertEquals("10.0.0.5", e.get("clientAddress").asText());
        assertEquals("agent/1.0", e.get("userAgent").asText());
        assertEquals("sess-1", e.get("mcpSessionId").asText());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", e.get("traceId").asText());
        assertTrue(entries.get(1).get("traceId").isNull(), "untraced records say null");
    }

    @Test
    void logsWhenHostGivenByNameThenSameAsById() {
        JsonNode byName = assertJson(200, server.get("auditor", "/api/logs?host=" + enc("CI bot")));
        JsonNode byOtherCase = assertJson(200, server.get("auditor", "/api/logs?host=ci+BOT"));

        assertEquals(assertJson(200, server.get("auditor", "/api/logs?host=h-ci")), byName);
        assertEquals(byName, byOtherCase);
    }

    @Test
    void logsWhenOutcomeGivenThenOnlyThatOutcome() {
        JsonNode entries = assertJson(200, server.get("operator", "/api/logs?outcome=denied&kind=call_completed"));

        assertEquals(List.of(written.get(2).id()), ids(entries));
        assertEquals("delete_all", entries.get(0).get("tool").asText());
    }

    @Test
    void logsWhenLimitGivenThenThatManyNewest() {
        JsonNode entries = assertJson(200, server.get("auditor", "/api/logs?kind=call_completed&limit=2"));

        assertEquals(List.of(written.get(3).id(), written.get(2).id()), ids(entries));
    }

    @Test
    void logsWhenTimeWindowGivenThenFromInclusiveToExclusive() {
        JsonNode entries = assertJson(200, server.get("auditor",
                "/api/logs?from=2030-01-01T00:01:00Z&to=2030-01-01T00:03:00Z&tool=add"));

        assertEquals(List.of(written.get(1).id()), ids(entries));
    }

    @Test
    void logsWhenAdminActedThenActionListedWithActor() {
        assertJson(201, server.post("operator", "/api/hosts", "{\"name\":\"Logged bot\",\"kind\":\"TOKEN\"}"));

        JsonNode entries = assertJson(200, server.get("auditor",
                "/api/logs?kind=admin_action&user=operator&host=" + enc("Logged bot")));

        assertEquals(1, entries.size());
        JsonNode e = entries.get(0);
        assertEquals("admin_action", e.get("kind").asText());
        assertEquals("success", e.get("outcome").asText());
        assertEquals("operator", e.get("actor").asText());
        assertEquals("host.created", e.get("detail").asText());
        assertEquals("Logged bot", e.get("host").asText());
        assertEquals(201, e.get("httpStatus").asInt());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "outcome=maybe|query parameter 'outcome' must be one of: started, success, error, denied, unauthorized, rejected, upstream_error, timeout, cancelled, revoked",
            "limit=0|query parameter 'limit' must be a whole number from 1 to 1000",
            "limit=1001|query parameter 'limit' must be a whole number from 1 to 1000",
            "limit=ten|query parameter 'limit' must be a whole number from 1 to 1000",
            "from=yesterday|query parameter 'from' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
            "tool=%00|the query string holds a control character",
            "user=alice%0Abob|the query string holds a control character",
            "from=-999999999-01-01T00:00:00Z|query parameter 'from' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
            "to=%2B10000-01-01T00:00:00Z|query parameter 'to' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
            "from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z|query parameter 'from' must be before 'to'",
            "host=a&host=b|query parameter 'host' is given more than once"})
    void logsWhenFilterInvalidThenBadRequest(String query, String detail) {
        assertProblem(400, detail, server.get("auditor", "/api/logs?" + query));
    }

    /** {@code q} finds records by their error text (any case, {@code %} and {@code _} as text) or correlation id (catalogue 621). */
    @Test
    void logsWhenSearchTextGivenThenRecordsWithItInTheirDetailToolHostOrUser() {
        server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.REQUEST, Outcome.ERROR)
                .time(T0.minusSeconds(86_400)).correlationId("corr-search").hostId("h-search").hostName("Searcher")
                .tool("fail").method("tools/call").detail("JSON-RPC error: Upstream Exploded at 50%_done").build());

        assertEquals(List.of("corr-search"), correlationIds(assertJson(200, server.get("auditor", "/api/logs?q=" + enc("exploded AT 50%_")))));
        assertEquals(List.of(), correlationIds(assertJson(200, server.get("auditor", "/api/logs?q=" + enc("exploded at 50%x")))));
        assertEquals(List.of("corr-search"), correlationIds(assertJson(200, server.get("auditor", "/api/logs?q=corr-search"))));
        assertEquals(List.of("corr-search"), correlationIds(assertJson(200, server.get("auditor",
                "/api/logs?kind=request&q=searcher"))));
        assertProblem(400, "query parameter 'q' may be at most 200 characters", server.get("auditor", "/api/logs?q=" + "x".repeat(201)));
    }

    private static List<String> correlationIds(JsonNode entries) {
        List<String> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.get("correlationId").asText()));
        return ids;
    }

    @Test
    void logsWhenKindUnknownThenBadRequestListingEveryKind() {
        String kinds = java.util.Arrays.stream(dev.gatehouse.core.model.AuditKind.values())
                .map(dev.gatehouse.core.model.AuditKind::wireName).collect(java.util.stream.Collectors.joining(", "));
        assertProblem(400, "query parameter 'kind' must be one of: " + kinds, server.get("auditor", "/api/logs?kind=nap"));
    }

    @Test
    void logsWhenQueryEscapeMalformedThenBadRequestProblem() throws Exception {
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("GET " + AdminServer.CONTEXT + "/api/logs?tool=%zz HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: " + AdminServer.basic("auditor", "auditor-pw") + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(response.startsWith("HTTP/1.1 400 "), response);
            assertTrue(response.contains("\r\nContent-Type: application/problem+json\r\n"), response);
            assertTrue(response.endsWith("\"detail\":\"the query string is not correctly encoded\"}"), response);
        }
    }

    private static List<Long> ids(JsonNode entries) {
        List<Long> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.get("id").asLong()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
