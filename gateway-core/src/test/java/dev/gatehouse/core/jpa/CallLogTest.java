package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.calls.CallLog;
import dev.gatehouse.core.calls.CallQuery;
import dev.gatehouse.core.calls.CallRow;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log read as calls on H2 and on a real PostgreSQL: 5,000 calls paged through by cursor (far past
 * the 1,000 records one logs page holds), newest first and by duration, each exactly once even while new calls
 * are recorded between pages; a call's records merged into one row; search reaching a rule's text.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CallLogTest {
    private static final Instant T0 = Instant.parse("2030-06-01T00:00:00Z");
    private static final int CALLS = 5_000;

    private EntityManagerFactory emf;
    private AuditWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
        if (emf != null) {
            emf.close();
        }
    }

    private CallLog open(String vendor) {
        emf = vendor.equals("h2") ? GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
                : GatehousePersistence.open(PostgresServer.newDatabase(), "postgres", "");
        Transactions tx = new ResourceLocalTransactions(emf);
        writer = new AuditWriter(tx, new AuditChain(new byte[32]), "node-calls", Duration.ofSeconds(30));
        return new CallLog(tx);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void pagesWhenFiveThousandCallsThenEachOnceInOrderEvenWhileNewOnesArrive(String vendor) {
        CallLog log = open(vendor);
        List<CompletableFuture<AuditEvent>> written = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            // two calls share each millisecond: the id breaks the tie; durations repeat every 97 calls
            written.add(writer.append(end("c" + i, T0.plusMillis(i / 2), Outcome.SUCCESS, (i % 97) * 1000L)));
        }
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).join();

        List<CallRow> byDuration = all(log, CallQuery.Sort.DURATION, true, false);
        List<CallRow> newestFirst = all(log, CallQuery.Sort.TIME, false, true);

        for (List<CallRow> rows : List.of(newestFirst, byDuration)) {
            assertEquals(CALLS, rows.size());
            Set<String> ids = new HashSet<>();
            rows.forEach(r -> ids.add(r.correlationId()));
            assertEquals(CALLS, ids.size(), "each call once");
        }
        for (int i = 1; i < CALLS; i++) {
            assertTrue(!newestFirst.get(i).endedAt().isAfter(newestFirst.get(i - 1).endedAt()), "newest first at " + i);
            assertTrue(byDuration.get(i).durationMicros() >= byDuration.get(i - 1).durationMicros(), "shortest first at " + i);
        }
        assertEquals(T0.plusMillis((CALLS - 1) / 2), newestFirst.get(0).endedAt(), "the calls recorded while paging are not in it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void pageWhenACallHasManyRecordsThenOneRowWithItsDecisionsAndSearchFindsARuleHit(String vendor) {
        CallLog log = open(vendor);
        writer.appendDurably(call(AuditKind.CALL_STARTED, Outcome.STARTED, "held", T0, null).build());
        writer.appendDurably(call(AuditKind.RULE, Outcome.SUCCESS, "held", T0.plusMillis(1), null)
                .detail("rule 'Mask cards' masked card_number at /query").build());
        writer.appendDurably(call(AuditKind.APPROVAL, Outcome.SUCCESS, "held", T0.plusMillis(2), null)
                .detail("approved by alice: planned release").build());
        writer.appendDurably(end("held", T0.plusSeconds(3), Outcome.SUCCESS, 3_000_000L));
        writer.appendDurably(end("plain", T0.plusSeconds(4), Outcome.ERROR, 1_000L));
        writer.appendDurably(call(AuditKind.DENIED, Outcome.DENIED, "refused", T0.plusSeconds(5), 500L).tool("delete_all")
                .detail("tool 'delete_all' is not allowed").build());

        List<CallRow> rows = log.page(query(null, CallQuery.Sort.TIME, false, null)).calls();

        assertEquals(List.of("refused", "plain", "held"), rows.stream().map(CallRow::correlationId).toList());
        CallRow held = rows.get(2);
        assertEquals(4, held.records());
        assertEquals(T0, held.startedAt());
        assertEquals(T0.plusSeconds(3), held.endedAt());
        assertEquals(List.of(AuditKind.RULE, AuditKind.APPROVAL), held.decisions().stream().map(CallRow.Decision::kind).toList());
        assertEquals(AuditKind.DENIED, rows.get(0).endedBy());
        assertNull(rows.get(0).startedAt(), "refused before it was sent: no start record");
        assertEquals(List.of("held"), ids(log, "/QUERY")); // a rule's text, any case
        assertEquals(List.of("refused"), ids(log, "not allowed"));
        assertEquals(List.of("plain"), ids(log, "plain")); // the correlation id itself
        assertEquals(List.of(), ids(log, "100%_")); // LIKE's wildcards are text
    }

    private static List<String> ids(CallLog log, String text) {
        return log.page(query(text, CallQuery.Sort.TIME, false, null)).calls().stream().map(CallRow::correlationId).toList();
    }

    /** Every page, 200 calls each; with {@code interleave}, a newer call is recorded before each next page. */
    private List<CallRow> all(CallLog log, CallQuery.Sort sort, boolean ascending, boolean interleave) {
        List<CallRow> rows = new ArrayList<>();
        CallLog.Page page = log.page(query(null, sort, ascending, null));
        rows.addAll(page.calls());
        int added = 0;
        while (page.next() != null) {
            if (interleave) {
                writer.appendDurably(end("late-" + (added++), T0.plusSeconds(86_400), Outcome.SUCCESS, 1L));
            }
            page = log.page(query(null, sort, ascending, page.next()));
            rows.addAll(page.calls());
        }
        return rows;
    }

    private static CallQuery query(String text, CallQuery.Sort sort, boolean ascending, dev.gatehouse.core.calls.CallCursor after) {
        return new CallQuery(null, null, null, null, null, null, null, null, text, sort, ascending, after, 200);
    }

    private static AuditEvent end(String correlation, Instant time, Outcome outcome, Long micros) {
        return call(AuditKind.CALL_COMPLETED, outcome, correlation, time, micros).build();
    }

    private static AuditEvent.Builder call(AuditKind kind, Outcome outcome, String correlation, Instant time, Long micros) {
        return AuditEvent.builder(kind, outcome).correlationId(correlation).time(time).method("tools/call")
                .gateway("quickstart").server("demo").tool("echo").hostId("h1").hostName("CI bot").tokenIssuedBy("alice")
                .durationMicros(micros);
    }
}
