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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.StreamSupport;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/dashboard}: the figures of a range given with offsets (an hour in Paris is the same hour
 * in UTC), in the documented shape; malformed ranges refused with every error named; only for
 * {@code logs:read}. {@code GET /api/attention}: each count only for who may act on it.
 */
class DashboardApiTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @BeforeAll
    static void calls() {
        write(AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 0, "echo", 2_000L);
        write(AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 10, "echo", 2_000L);
        write(AuditKind.CALL_COMPLETED, Outcome.UPSTREAM_ERROR, 40, "add", 4_000L);
        write(AuditKind.RATE_LIMITED, Outcome.DENIED, 50, "add", null);
        write(AuditKind.DENIED, Outcome.DENIED, 50, "add", null);
        write(AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 61, "echo", 9_000L); // after the range
    }

    private static void write(AuditKind kind, Outcome outcome, int minute, String tool, Long micros) {
        server.gatehouse().audit().appendDurably(AuditEvent.builder(kind, outcome).time(T0.plusSeconds(60L * minute))
                .correlationId("c-" + minute).hostId("h-ci").hostName("CI bot").tokenIssuedBy("alice")
                .gateway("quickstart").server("demo").tool(tool).method("tools/call").durationMicros(micros).build());
    }

    private static String range(String from, String to, String step) {
        return "/api/dashboard?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(to, StandardCharsets.UTF_8) + (step == null ? "" : "&step=" + step);
    }

    @Test
    void dashboardWhenRangeGivenWithAnOffsetThenTheFiguresOfThatInstantRange() {
        JsonNode d = assertJson(200, server.get("auditor", range("2030-01-01T01:00:00+01:00", "2030-01-01T02:00:00+01:00", "PT30M")));

        assertEquals("2030-01-01T00:00:00Z", d.get("from").asText());
        assertEquals("2030-01-01T01:00:00Z", d.get("to").asText());
        assertEquals("PT30M", d.get("step").asText());
        assertEquals(1800, d.get("stepSeconds").asLong());
        assertEquals("{\"calls\":4,\"errors\":1,\"refused\":1,\"throttled\":1,\"authFailures\":0}", d.get("totals").toString());
        assertEquals("[{\"start\":\"2030-01-01T00:00:00Z\",\"calls\":2,\"errors\":0,\"refused\":0},"
                + "{\"start\":\"2030-01-01T00:30:00Z\",\"calls\":2,\"errors\":1,\"refused\":1}]", d.get("series").toString());
        assertEquals("{\"samples\":3,\"p50Ms\":2.0,\"p95Ms\":4.0,\"p99Ms\":4.0,\"maxMs\":4.0}", d.get("latency").toString());
        assertEquals("[{\"gateway\":\"quickstart\",\"tool\":\"add\",\"calls\":2,\"errors\":1},"
                + "{\"gateway\":\"quickstart\",\"tool\":\"echo\",\"calls\":2,\"errors\":0}]", d.get("tools").toString());
        assertEquals("[{\"id\":\"h-ci\",\"name\":\"CI bot\",\"calls\":4,\"errors\":1}]", d.get("hosts").toString());
        assertEquals("[{\"id\":\"alice\",\"name\":\"alice\",\"calls\":4,\"errors\":1}]", d.get("users").toString());
        JsonNode demo = StreamSupport.stream(d.get("servers").spliterator(), false)
                .filter(s -> s.get("slug").asText().equals("demo")).findFirst().orElseThrow();
        assertEquals(3, demo.get("calls").asLong());
        assertEquals(1, demo.get("failures").asLong());
        assertEquals("failing", demo.get("health").asText());
        assertEquals("2030-01-01T00:40:00Z", demo.get("lastFailure").asText());
        assertEquals("2030-01-01T00:10:00Z", demo.get("lastSuccess").asText());
        assertEquals("closed", demo.get("circuit").asText());
        assertEquals(0, d.get("pendingApprovals").asLong());
        assertEquals(0, d.get("quarantinedTools").asLong());
    }

    @Test
    void dashboardWhenNoRangeGivenThenTheLastDayInHalfHourSteps() {
        JsonNode d = assertJson(200, server.get("admin", "/api/dashboard"));

        assertEquals("PT30M", d.get("step").asText());
        assertEquals(48, d.get("series").size());
        assertEquals(86_400, Instant.parse(d.get("to").asText()).getEpochSecond() - Instant.parse(d.get("from").asText()).getEpochSecond());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2030-01-01T00:00:00|2030-01-01T01:00:00Z||query parameter 'from' must be an ISO-8601 instant with an offset, such as 2030-01-31T12:00:00Z or 2030-01-31T13:00:00+01:00",
        "2030-01-01T01:00:00Z|2030-01-01T00:00:00Z||'from' must be before 'to'",
        "2030-01-01T00:00:00Z|2030-01-01T01:00:00Z|5m|query parameter 'step' must be an ISO-8601 duration such as PT5M or PT1H",
        "2030-01-01T00:00:00Z|2030-01-02T00:00:00Z|PT1M|'step' gives more than 500 buckets over the range",
        "2030-01-01T00:00:00Z|2030-01-01T01:00:00Z|PT0.5S|'step' must be a whole number of seconds, at least one",
        "2029-01-01T00:00:00Z|2030-01-05T00:00:00Z|P7D|the range may span at most 367 days",
    })
    void dashboardWhenRangeMalformedThenBadRequestNamingIt(String from, String to, String step, String detail) {
        assertProblem(400, detail, server.get("admin", range(from, to, step)));
    }

    @Test
    void dashboardWhenCallerMayNotReadLogsThenForbidden() {
        assertProblem(403, server.get("nobody", "/api/dashboard"));
    }

    @Test
    void attentionWhenCallerMayActOnBothThenBothCountsElseOnlyTheirs() {
        JsonNode admin = assertJson(200, server.get("admin", "/api/attention"));
        assertEquals("{\"pendingApprovals\":0,\"quarantinedTools\":0}", admin.toString());

        JsonNode auditor = assertJson(200, server.get("auditor", "/api/attention"));
        assertFalse(auditor.has("pendingApprovals") || auditor.has("quarantinedTools"), auditor::toString);
        assertTrue(auditor.isObject());
    }
}
