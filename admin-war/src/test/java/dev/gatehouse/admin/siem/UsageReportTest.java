package dev.gatehouse.admin.siem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The usage report over the admin API, from real audit records: per host, user, gateway and tool, JSON and CSV. */
class UsageReportTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
    private static final String PERIOD = "from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z";

    @BeforeAll
    static void calls() {
        Instant t = FROM.plus(3, ChronoUnit.DAYS);
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 1000, t);
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 3000, t);
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 2000, t);
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_COMPLETED, Outcome.UPSTREAM_ERROR, 2000, t);
        call("host-a", "Build bot", "alice", "echo", AuditKind.RATE_LIMITED, Outcome.DENIED, 0, t);
        call("host-b", "=HYPERLINK(\"http://x\")", "bob", "add", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 500, t);
        call("host-b", "=HYPERLINK(\"http://x\")", "bob", "add", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 1500, t);
        call("host-b", "=HYPERLINK(\"http://x\")", "bob", "secret", AuditKind.DENIED, Outcome.DENIED, 0, t);
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 9000, TO); // after the period
        call("host-a", "Build bot", "alice", "echo", AuditKind.CALL_STARTED, Outcome.STARTED, 0, t); // not a call's end
    }

    private static void call(String hostId, String host, String user, String tool, AuditKind kind, Outcome outcome,
                             long micros, Instant at) {
        server.gatehouse().audit().appendDurably(AuditEvent.builder(kind, outcome).hostId(hostId).hostName(host)
                .tokenIssuedBy(user).gateway("quickstart").server("demo").tool(tool).method("tools/call").time(at)
                .durationMicros(kind == AuditKind.CALL_COMPLETED ? micros : null)
                .bytesIn(kind == AuditKind.CALL_COMPLETED ? 10L : null).bytesOut(kind == AuditKind.CALL_COMPLETED ? 20L : null)
                .build());
    }

    @Test
    void usageWhenGroupedByEverythingThenOneRowPerHostUserGatewayAndToolWithOutcomesFolded() {
        JsonNode report = assertJson(200, server.get("auditor", "/api/reports/usage?" + PERIOD));
        assertEquals("2026-03-01T00:00:00Z", report.get("from").asText());
        assertEquals("[\"host\",\"user\",\"gateway\",\"tool\"]", report.get("by").toString());
        assertEquals(3, report.get("rows").size(), report.toString());
        JsonNode echo = report.get("rows").get(0);
        assertEquals("{\"host\":\"Build bot\",\"user\":\"alice\",\"gateway\":\"quickstart\",\"tool\":\"echo\",\"calls\":5,"
                + "\"succeeded\":3,\"failed\":1,\"refused\":1,\"withdrawn\":0,\"meanMillis\":2.0,\"bytesIn\":40,\"bytesOut\":80}", echo.toString());
        JsonNode add = report.get("rows").get(1);
        assertEquals(2, add.get("calls").asLong());
        assertEquals(1.0, add.get("meanMillis").asDouble());
        JsonNode denied = report.get("rows").get(2);
        assertEquals("secret", denied.get("tool").asText());
        assertEquals(1, denied.get("refused").asLong());
        assertEquals(0, denied.get("succeeded").asLong());
    }

    @Test
    void usageWhenGroupedByHostThenTotalsPerHost() {
        JsonNode rows = assertJson(200, server.get("operator", "/api/reports/usage?" + PERIOD + "&by=host")).get("rows");
        assertEquals("[{\"host\":\"Build bot\",\"calls\":5,\"succeeded\":3,\"failed\":1,\"refused\":1,\"withdrawn\":0,\"meanMillis\":2.0,"
                + "\"bytesIn\":40,\"bytesOut\":80},{\"host\":\"=HYPERLINK(\\\"http://x\\\")\",\"calls\":3,\"succeeded\":2,"
                + "\"failed\":0,\"refused\":1,\"withdrawn\":0,\"meanMillis\":1.0,\"bytesIn\":20,\"bytesOut\":40}]", rows.toString());
    }

    @Test
    void usageWhenAskedAsCsvThenAnAttachmentWhoseFormulaCellsAreDefused() {
        HttpResponse<String> csv = server.get("auditor", "/api/reports/usage?" + PERIOD + "&by=host,tool&format=csv");
        assertEquals(200, csv.statusCode());
        assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        assertEquals("host,tool,calls,succeeded,failed,refused,withdrawn,meanMillis,bytesIn,bytesOut\r\n"
                + "Build bot,echo,5,3,1,1,0,2.0,40,80\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",add,2,2,0,0,0,1.0,20,40\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\")\",secret,1,0,0,1,0,0.0,0,0\r\n", csv.body());
    }

    /**
     * A held call withdrawn undecided (cancelled) or whose credential was revoked while held is a call, counted as
     * withdrawn, neither refused nor failed; the dashboard's refusals agree (catalogue 661).
     */
    @Test
    void usageWhenAHeldCallWasWithdrawnOrRevokedThenItIsACallCountedAsWithdrawnNotRefused() {
        Instant may = Instant.parse("2026-05-10T00:00:00Z");
        call("host-h", "Held bot", "carol", "pay", AuditKind.DENIED, Outcome.CANCELLED, 0, may);
        call("host-h", "Held bot", "carol", "pay", AuditKind.DENIED, Outcome.REVOKED, 0, may.plusSeconds(1));
        call("host-h", "Held bot", "carol", "pay", AuditKind.DENIED, Outcome.DENIED, 0, may.plusSeconds(2));
        call("host-h", "Held bot", "carol", "pay", AuditKind.CALL_COMPLETED, Outcome.SUCCESS, 4000, may.plusSeconds(3));
        String period = "from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z";

        JsonNode rows = assertJson(200, server.get("auditor", "/api/reports/usage?" + period + "&by=host")).get("rows");
        assertEquals("[{\"host\":\"Held bot\",\"calls\":4,\"succeeded\":1,\"failed\":0,\"refused\":1,\"withdrawn\":2,"
                + "\"meanMillis\":4.0,\"bytesIn\":10,\"bytesOut\":20}]", rows.toString());
        JsonNode totals = assertJson(200, server.get("auditor", "/api/dashboard?from=2026-05-01T00:00:00Z"
                + "&to=2026-05-11T00:00:00Z")).get("totals");
        assertEquals(4, totals.get("calls").asLong(), totals.toString());
        assertEquals(1, totals.get("refused").asLong(), "the dashboard refuses what the report refuses: " + totals);
    }

    @Test
    void usageWhenAskedWronglyThenProblem() {
        assertProblem(400, server.get("auditor", "/api/reports/usage?by=planet"));
        assertProblem(400, server.get("auditor", "/api/reports/usage?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z"));
        assertProblem(400, server.get("auditor", "/api/reports/usage?from=yesterday"));
        assertProblem(400, server.get("auditor", "/api/reports/usage?format=xml"));
        assertProblem(400, server.get("auditor", "/api/reports/usage?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"));
        assertProblem(403, server.get("nobody", "/api/reports/usage"));
    }
}
