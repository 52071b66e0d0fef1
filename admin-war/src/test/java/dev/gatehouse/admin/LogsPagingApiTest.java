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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /api/logs} paged by keyset in both directions, as the console's first, previous, next and last page
 * read it: 1,255 records (five of them in one microsecond, so the id breaks the tie) walked forward by each page's
 * last {@code cursor}, backward from the oldest page with {@code order=asc}, and the page just before a record;
 * every record once, in one order, whichever way. Cursors and orders the API never gave are refused.
 */
class LogsPagingApiTest {
    private static final Instant T0 = Instant.parse("2032-03-01T00:00:00Z");
    private static final int RECORDS = 1_250;
    private static final String SCOPE = "/api/logs?gateway=paging";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    /** Every record's correlation id, newest first (time, then id, descending). */
    private static final List<String> NEWEST_FIRST = new ArrayList<>();

    @BeforeAll
    static void records() {
        List<CompletableFuture<AuditEvent>> written = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            written.add(append("r" + i, T0.plusSeconds(i)));
        }
        for (int i = 0; i < 5; i++) { // one after the other: ids grow in this order
            written.add(append("tie" + i, T0.minusSeconds(1)));
            written.get(written.size() - 1).join();
        }
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();
        for (int i = RECORDS - 1; i >= 0; i--) {
            NEWEST_FIRST.add("r" + i);
        }
        for (int i = 4; i >= 0; i--) {
            NEWEST_FIRST.add("tie" + i);
        }
    }

    private static CompletableFuture<AuditEvent> append(String correlation, Instant time) {
        return server.gatehouse().audit().append(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                .correlationId(correlation).time(time).method("tools/call").gateway("paging").tool("echo").build());
    }

    @Test
    void logsWhenWalkedForwardByCursorThenEveryRecordOnceNewestFirst() {
        List<String> seen = walk("");

        assertEquals(NEWEST_FIRST, seen);
    }

    @Test
    void logsWhenWalkedBackFromTheOldestPageThenEveryRecordOnceOldestFirst() {
        List<String> seen = walk("&order=asc");

        List<String> oldestFirst = new ArrayList<>(NEWEST_FIRST);
        Collections.reverse(oldestFirst);
        assertEquals(oldestFirst, seen);
    }

    @Test
    void logsWhenThePageBeforeARecordAskedThenTheRecordsJustNewerNearestFirst() {
        JsonNode page = assertJson(200, server.get("auditor", SCOPE + "&limit=700"));
        String cursorOf600 = page.get(600).get("cursor").asText();

        JsonNode before = assertJson(200, server.get("auditor", SCOPE + "&order=asc&limit=100&cursor=" + cursorOf600));

        assertEquals(100, before.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(NEWEST_FIRST.get(599 - i), before.get(i).get("correlationId").asText());
        }
        // and within one microsecond too: the page after tie3 (the oldest page read oldest first) is the three below it
        JsonNode oldest = assertJson(200, server.get("auditor", SCOPE + "&order=asc&limit=5"));
        assertEquals(List.of("tie0", "tie1", "tie2", "tie3", "tie4"), correlations(oldest));
        JsonNode ties = assertJson(200, server.get("auditor", SCOPE + "&cursor=" + oldest.get(3).get("cursor").asText()));
        assertEquals(List.of("tie2", "tie1", "tie0"), correlations(ties));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cursor=not-a-cursor|query parameter 'cursor' is not a cursor this API gave (use a record's 'cursor')",
            // a calls cursor (t.1.2) is not a records cursor
            "cursor=dC4xLjI|query parameter 'cursor' is not a cursor this API gave (use a record's 'cursor')",
            // a.-1.5 and a.253402300800000000.1: before 1970, after what a database holds
            "cursor=YS4tMS41|query parameter 'cursor' is not a cursor this API gave (use a record's 'cursor')",
            "cursor=YS4yNTM0MDIzMDA4MDAwMDAwMDAuMQ|query parameter 'cursor' is not a cursor this API gave (use a record's 'cursor')",
            "order=newest|query parameter 'order' must be one of: asc, desc"})
    void logsWhenCursorOrOrderNotTheApisThenBadRequestNamingIt(String query, String detail) {
        assertProblem(400, detail, server.get("auditor", "/api/logs?" + query));
    }

    /** Every record of the scope, page after page of 500 by the last record's cursor, until a page is empty. */
    private static List<String> walk(String order) {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 10; pages++) {
            JsonNode page = assertJson(200, server.get("auditor", SCOPE + order + "&limit=500" + cursor));
            if (page.isEmpty()) {
                return seen;
            }
            seen.addAll(correlations(page));
            cursor = "&cursor=" + page.get(page.size() - 1).get("cursor").asText();
        }
        throw new AssertionError("more than 10 pages of 500 for " + RECORDS + " records");
    }

    private static List<String> correlations(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.forEach(e -> ids.add(e.get("correlationId").asText()));
        return ids;
    }
}
