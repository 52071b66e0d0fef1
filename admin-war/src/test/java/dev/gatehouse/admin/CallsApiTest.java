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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/calls}: 1,500 calls (more than the 1,000 one logs page may hold) read page by page through
 * the {@code next} cursor, each once; a call's records merged into one row in the documented shape; bad
 * parameters refused with every error named; only for {@code logs:read}.
 */
class CallsApiTest {
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");
    private static final int CALLS = 1_500;

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @BeforeAll
    static void calls() {
        List<CompletableFuture<AuditEvent>> written = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            written.add(server.gatehouse().audit().append(record(AuditKind.CALL_COMPLETED, Outcome.SUCCESS, "c" + i, i)
                    .durationMicros(1000L + i).build()));
        }
        written.add(server.gatehouse().audit().append(record(AuditKind.CALL_STARTED, Outcome.STARTED, "ruled", CALLS).build()));
        written.add(server.gatehouse().audit().append(record(AuditKind.RULE, Outcome.SUCCESS, "ruled", CALLS)
                .detail("rule 'Mask cards' masked card_number at /query").build()));
        written.add(server.gatehouse().audit().append(record(AuditKind.CALL_COMPLETED, Outcome.ERROR, "ruled", CALLS + 1)
                .durationMicros(2_500L).httpStatus(200).errorCode(-32603).detail("upstream said no").build()));
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
    }

    private static AuditEvent.Builder record(AuditKind kind, Outcome outcome, String correlation, int second) {
        return AuditEvent.builder(kind, outcome).correlationId(correlation).time(T0.plusSeconds(second))
                .method("tools/call").gateway("quickstart").server("demo").tool("echo").hostId("h-ci")
                .hostName("CI bot").tokenIssuedBy("alice");
    }

    @Test
    void callsWhenPagedByCursorThenEveryCallOnceNewestFirst() {
        Set<String> seen = new HashSet<>();
        List<Instant> ends = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = assertJson(200, server.get("auditor", "/api/calls?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor)));
            page.get("calls").forEach(c -> {
                assertTrue(seen.add(c.get("correlationId").asText()), c::toString);
                ends.add(Instant.parse(c.get("endedAt").asText()));
            });
            cursor = page.get("next").isNull() ? "" : page.get("next").asText();
            pages++;
        } while (!cursor.isEmpty());

        assertEquals(CALLS + 1, seen.size());
        assertEquals(4, pages);
        for (int i = 1; i < ends.size(); i++) {
            assertTrue(!ends.get(i).isAfter(ends.get(i - 1)), "newest first at " + i);
        }
    }

    @Test
    void callsWhenSearchedForARuleHitThenTheMergedCallInTheDocumentedShape() {
        JsonNode calls = assertJson(200, server.get("auditor", "/api/calls?q=%2Fquery")).get("calls");

        assertEquals(1, calls.size(), calls::toString);
        JsonNode c = calls.get(0);
        assertEquals(Set.of("correlationId", "startedAt", "endedAt", "gateway", "server", "tool", "hostId", "host", "user",
                "endedBy", "outcome", "durationMs", "httpStatus", "errorCode", "detail", "records", "decisions", "cursor"), fields(c));
        assertEquals("ruled", c.get("correlationId").asText());
        assertEquals("2031-01-01T00:25:00Z", c.get("startedAt").asText());
        assertEquals("2031-01-01T00:25:01Z", c.get("endedAt").asText());
        assertEquals("call_completed", c.get("endedBy").asText());
        assertEquals("error", c.get("outcome").asText());
        assertEquals(2.5, c.get("durationMs").asDouble());
        assertEquals(3, c.get("records").asInt());
        assertEquals("[{\"kind\":\"rule\",\"outcome\":\"success\",\"detail\":\"rule 'Mask cards' masked card_number at /query\"}]",
                c.get("decisions").toString());
    }

    @Test
    void callsWhenSortedByDurationThenSlowestFirst() {
        JsonNode calls = assertJson(200, server.get("auditor", "/api/calls?sort=duration&order=desc&limit=3")).get("calls");

        assertEquals(List.of("ruled", "c1499", "c1498"), List.of(calls.get(0).get("correlationId").asText(),
                calls.get(1).get("correlationId").asText(), calls.get(2).get("correlationId").asText()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sort=size|query parameter 'sort' must be one of: time, duration",
        "order=up|query parameter 'order' must be one of: asc, desc",
        "cursor=not-a-cursor|query parameter 'cursor' is not a cursor this API gave (use the 'next' of a page)",
        "limit=501|query parameter 'limit' must be a whole number from 1 to 500",
        "from=yesterday|query parameter 'from' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
        // Java reads these; no database holds them (PostgreSQL's error was answered 503, database unavailable)
        "q=%00|the query string holds a control character",
        "from=-999999999-01-01T00:00:00Z|query parameter 'from' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
        "to=%2B10000-01-01T00:00:00Z|query parameter 'to' must be an ISO-8601 instant such as 2030-01-31T12:00:00Z",
        "cursor=dC4tOTIyMzM3MjAzNjg1NDc3NTgwOC4x|query parameter 'cursor' is not a cursor this API gave (use the 'next' of a page)",
        "cursor=dC4xLi01|query parameter 'cursor' is not a cursor this API gave (use the 'next' of a page)",
        "sort=duration&cursor=dC4xLjI|the cursor belongs to another sort order",
    })
    void callsWhenParametersMalformedThenBadRequestNamingThem(String parameters, String detail) {
        assertProblem(400, detail, server.get("admin", "/api/calls?" + parameters));
    }

    @Test
    void callsWhenCallerMayNotReadLogsThenForbidden() {
        assertProblem(403, server.get("nobody", "/api/calls"));
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
