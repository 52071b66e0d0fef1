package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.ApiAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/logs/export} (CSV and JSON Lines) and {@code GET /api/logs?connection=}. */
class LogExportTest {
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");
    private static final Instant FORMULAS = Instant.parse("2030-06-01T00:00:00Z");
    private static final String HEADER = "id,correlationId,time,kind,outcome,host,hostId,user,tokenPublicId,actor,"
            + "gateway,server,tool,method,jsonRpcId,httpStatus,errorCode,detail,durationMs,upstreamDurationMs,"
            + "bytesIn,bytesOut,clientAddress,userAgent,mcpSessionId,traceId";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static IssuedConnection connection;
    private static String rotatedPublicId;

    @BeforeAll
    static void start() throws Exception {
        Host host = server.gatehouse().hosts().createHost(new NewHost("Export bot", HostKind.TOKEN, null), "seed");
        connection = server.gatehouse().connections().connect(host.id(), "quickstart", null, "alice");
        String first = publicId(connection.token());
        rotatedPublicId = publicId(server.gatehouse().connections().rotate(connection.connection().id(), Duration.ZERO,
                null, "alice").token());
        call(first, "echo", "=HYPERLINK(\"http://evil\")", 0);
        call(rotatedPublicId, "add", "agent, \"quoted\"\nnext line", 1);
        call("Other123", "echo", "other/1.0", 2);
        String[] formulas = {"x;=HYPERLINK(\"http://evil\")", "  =1+2", "\"=cmd|' /C calc'!A0\"", "a|-2+3",
                "ok\t@SUM(A1)", "\uff1d1+1", "plain text", "tools/call; fine"};
        for (int i = 0; i < formulas.length; i++) {
            server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                    .time(FORMULAS.plusSeconds(i)).hostName("Formula bot").tool(formulas[i]).build());
        }
    }

    private static void call(String publicId, String tool, String userAgent, int minute) {
        server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                .time(T0.plusSeconds(60L * minute)).hostId("h-export").hostName("Export bot").tokenPublicId(publicId)
                .tokenIssuedBy("alice").gateway("quickstart").server("demo").tool(tool).method("tools/call")
                .jsonRpcId("1").httpStatus(200).durationMicros(2000L).userAgent(userAgent).build());
    }

    @Test
    void exportWhenCsvThenHeaderRowsNewestFirstQuotedAndFormulasDefused() {
        HttpResponse<String> response = server.get("auditor", "/api/logs/export?format=csv&kind=call_completed"
                + "&from=2031-01-01T00:00:00Z");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("text/csv;charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow()
                .replace(" ", "").toLowerCase());
        assertTrue(response.headers().firstValue("Content-Disposition").orElseThrow()
                .matches("attachment; filename=\"gatehouse-audit-\\d{8}T\\d{6}Z\\.csv\""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        String[] lines = response.body().split("\r\n", -1);
        assertEquals(HEADER, lines[0]);
        assertEquals(5, lines.length, response::body); // header, 3 records, the empty rest after the last CRLF
        assertTrue(lines[1].contains(",Other123,"), lines[1]);
        assertTrue(response.body().contains(",\"agent, \"\"quoted\"\"\nnext line\","), response::body);
        assertTrue(lines[3].contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","), lines[3]);
        assertTrue(lines[3].contains(",2031-01-01T00:00:00Z,call_completed,success,Export bot,h-export,alice,"), lines[3]);
        assertTrue(lines[3].contains(",200,,,2.0,,,,"), lines[3]);
    }

    /** Security catalogue row 175: OWASP CSV injection, including a separator a spreadsheet's locale splits on. */
    @Test
    void exportWhenCsvThenFormulasAfterSeparatorsAndLeadingSpacesDefused() {
        HttpResponse<String> response = server.get("auditor", "/api/logs/export?format=csv"
                + "&from=2030-06-01T00:00:00Z&to=2030-06-02T00:00:00Z");

        assertEquals(200, response.statusCode(), response::body);
        List<String> tools = new ArrayList<>();
        for (String line : response.body().split("\r\n")) {
            if (line.contains(",Formula bot,")) {
                tools.add(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)[12]);
            }
        }
        assertEquals(List.of("\"tools/call; fine\"", "plain text", "'\uff1d1+1", "\"'ok\t@SUM(A1)\"", "\"'a|-2+3\"",
                "\"'\"\"=cmd|' /C calc'!A0\"\"\"", "'  =1+2", "\"'x;=HYPERLINK(\"\"http://evil\"\")\""), tools);
    }

    @Test
    void exportWhenJsonLinesThenEachLineIsTheLogsEntry() throws Exception {
        HttpResponse<String> response = server.get("auditor", "/api/logs/export?format=jsonl&kind=call_completed"
                + "&from=2031-01-01T00:00:00Z");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/jsonl", response.headers().firstValue("Content-Type").orElseThrow());
        String[] lines = response.body().split("\n");
        JsonNode listed = assertJson(200, server.get("auditor", "/api/logs?kind=call_completed&from=2031-01-01T00:00:00Z"));
        assertEquals(listed.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(listed.get(i), new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[i]));
        }
    }

    @Test
    void exportWhenDoneThenAuditedWithFormatAndCount() {
        assertEquals(200, server.get("auditor", "/api/logs/export?format=jsonl&tool=add").statusCode());

        AuditEvent e = server.gatehouse().audit().query(new AuditQuery(null, null, null, null, null, null,
                AuditKind.ADMIN_ACTION, null, null, null, null, 1)).get(0);
        assertEquals(AuditKind.ADMIN_ACTION, e.kind());
        assertEquals("auditor", e.actor());
        assertEquals("logs.exported: jsonl, 1 records", e.detail());
    }

    @Test
    void exportWhenLimitAboveTheListCapThenAllowedUpToTheExportCap() {
        assertEquals(200, server.get("auditor", "/api/logs/export?format=csv&limit=5000").statusCode());
        assertProblem(400, "query parameter 'limit' must be a whole number from 1 to 100000",
                server.get("auditor", "/api/logs/export?format=csv&limit=100001"));
        assertProblem(400, "query parameter 'limit' must be a whole number from 1 to 1000",
                server.get("auditor", "/api/logs?limit=5000"));
    }

    @Test
    void exportWhenFormatMissingOrUnknownThenBadRequestWithEveryError() {
        assertProblem(400, "query parameter 'format' is required: csv or jsonl",
                server.get("auditor", "/api/logs/export"));
        String detail = assertProblem(400, server.get("auditor", "/api/logs/export?format=xml&outcome=meh"))
                .get("detail").asText();
        assertTrue(detail.startsWith("query parameter 'format' must be one of: csv, jsonl; query parameter 'outcome'"
                + " must be one of: started, success,"), detail);
    }

    @Test
    void logsWhenConnectionGivenThenRecordsOfEveryTokenItHadAcrossRotations() {
        JsonNode entries = assertJson(200, server.get("auditor", "/api/logs?kind=call_completed&connection="
                + connection.connection().id()));

        List<String> tools = new ArrayList<>();
        entries.forEach(e -> tools.add(e.get("tool").asText()));
        assertEquals(List.of("add", "echo"), tools);
        assertEquals(rotatedPublicId, entries.get(0).get("tokenPublicId").asText());
        assertProblem(404, "no connection with id 'nope'", server.get("auditor", "/api/logs?connection=nope"));
        String csv = server.get("auditor", "/api/logs/export?format=csv&kind=call_completed&connection="
                + connection.connection().id()).body();
        assertEquals(3, csv.split("\r\n").length, csv); // header and 2 records (a quoted bare LF ends no record)
    }

    @Test
    void exportWhenAnonymousThenUnauthorizedProblem() {
        HttpResponse<String> response = server.get(null, "/api/logs/export?format=csv");

        assertEquals(401, response.statusCode());
        assertEquals("authentication is required", json(response).get("detail").asText());
    }

    private static String publicId(String token) {
        return ApiTokenFormat.parse(token).orElseThrow().publicId();
    }
}
