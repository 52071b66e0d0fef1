package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit writer on a real PostgreSQL (which refuses NUL in text) under 16 concurrent writers, one of
 * them hostile: no record of anyone else is lost, delayed into a failure or left out of the chain because
 * one record carries text the database would refuse, or is refused by the database for its own reasons.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuditWriterPostgresTest {
    private static final int CLIENTS = 16;
    private static final int RECORDS_PER_CLIENT = 10;
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 3);
    }

    private final String url = PostgresServer.newDatabase();
    private final EntityManagerFactory emf = GatehousePersistence.open(url, "postgres", "");
    private final Transactions tx = new ResourceLocalTransactions(emf);
    private final AuditWriter writer = new AuditWriter(tx, new AuditChain(KEY), "node-pg", Duration.ofSeconds(20));

    @AfterEach
    void close() {
        writer.close();
        emf.close();
    }

    private static AuditEvent call(String correlation, String id, String tool) {
        return AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId(correlation)
                .gateway("quickstart").server("demo").tool(tool).method("tools/call").jsonRpcId(id)
                .hostName("CI bot").clientAddress("127.0.0.1").userAgent("agent " + id).build();
    }

    @Test
    void appendDurablyWhenOneOf16ConcurrentClientsSendsNulAndLoneSurrogatesThenEveryRecordIsStoredAndTheChainVerifies()
            throws Exception {
        Map<String, Object> answers = runClients(client -> client == 0
                ? call("hostile-" + client, "evil\u0000id", "echo\u0000" + "\uD800" + "x\uDC00")
                : null);

        List<String> failed = answers.entrySet().stream().filter(e -> !(e.getValue() instanceof AuditEvent))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        assertEquals(List.of(), failed, "records not made durable");
        AuditEvent hostile = (AuditEvent) answers.get("hostile-0#0");
        assertEquals("evil\uFFFDid", hostile.jsonRpcId(), "NUL stored as U+FFFD");
        assertEquals("echo\uFFFD\uFFFDx\uFFFD", hostile.tool(), "lone surrogates stored as U+FFFD");
        AuditEvent stored = writer.query(AuditQuery.newest(500)).stream()
                .filter(e -> e.correlationId().equals("hostile-0")).findFirst().orElseThrow();
        assertEquals(hostile.tool(), stored.tool());
        assertEquals(CLIENTS * RECORDS_PER_CLIENT, writer.query(AuditQuery.newest(500)).size());
        AuditVerification verified = new AuditVerifier(tx, new AuditChain(KEY)).verify();
        assertTrue(verified.intact(), "the chain covers what is stored: " + verified);
    }

    @Test
    void appendDurablyWhenTheDatabaseRefusesOneRecordOfABatchThenOnlyThatRecordFails() throws Exception {
        // a refusal no text cleaning can foresee: the database's own rule, added here
        PostgresServer.superuser(url.substring(url.lastIndexOf('/') + 1),
                "ALTER TABLE gh_audit_event ADD CONSTRAINT no_poison CHECK (detail IS NULL OR detail <> 'poison')");

        Map<String, Object> answers = runClients(client -> client == 0
                ? AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId("poisoned-" + client)
                        .detail("poison").build()
                : null);

        List<String> failed = answers.entrySet().stream().filter(e -> !(e.getValue() instanceof AuditEvent))
                .map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of("poisoned-0#0"), failed, "only the refused record fails");
        assertInstanceOf(AuditUnavailable.class, answers.get("poisoned-0#0"));
        assertEquals(CLIENTS * RECORDS_PER_CLIENT - 1, writer.query(AuditQuery.newest(500)).size());
        AuditVerification verified = new AuditVerifier(tx, new AuditChain(KEY)).verify();
        assertTrue(verified.intact(), "no gap where the refused record would have been: " + verified);
        // and the writer goes on afterwards
        assertEquals("after", writer.appendDurably(call("after", "1", "echo")).correlationId());
        assertThrows(AuditUnavailable.class, () -> writer.appendDurably(
                AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).detail("poison").build()));
    }

    /**
     * {@value #CLIENTS} clients append {@value #RECORDS_PER_CLIENT} records each, durably, all at once; client
     * 0 sends {@code hostile} (by client number) as its first record. Returns each record's stored form or failure.
     */
    private Map<String, Object> runClients(Function<Integer, AuditEvent> hostile) throws Exception {
        Map<String, Object> answers = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                runs.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < RECORDS_PER_CLIENT; i++) {
                        AuditEvent bad = i == 0 ? hostile.apply(client) : null;
                        AuditEvent event = bad != null ? bad : call("c" + client + "-" + i, client + "-" + i, "echo");
                        String key = event.correlationId() + "#" + (bad != null ? 0 : i);
                        try {
                            answers.put(bad != null ? key : event.correlationId(), writer.appendDurably(event));
                        } catch (AuditUnavailable e) {
                            answers.put(bad != null ? key : event.correlationId(), e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CLIENTS * RECORDS_PER_CLIENT, answers.size());
        Set<String> kinds = answers.values().stream().map(v -> v.getClass().getSimpleName()).collect(Collectors.toSet());
        assertTrue(kinds.contains("AuditEvent"), kinds::toString);
        return answers;
    }
}
