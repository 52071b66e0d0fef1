package dev.gatehouse.gateway;

import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway on a real PostgreSQL, which refuses NUL in text: 16 clients call tools at once and one of
 * them puts NUL and lone surrogates in its JSON-RPC id and tool name. Before, its records failed whole
 * group-commit batches, and good calls of other clients got 503 or lost their completion records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AuditOnPostgresTest {
    private static final int CLIENTS = 16;
    private static final int CALLS_PER_CLIENT = 8;
    private EmbeddedPostgres postgres;
    private String url;
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE gatehouse_audit");
        }
        url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/gatehouse_audit";
        gw = GatewayHarness.on(url, "postgres");
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        postgres.close();
    }

    @Test
    void toolsCallWhenOneOf16ConcurrentClientsSendsNulThenEveryGoodCallIsAnsweredAndAuditedAndTheChainVerifies()
            throws Exception {
        Map<String, HttpResponse<String>> good = new ConcurrentHashMap<>();
        Map<String, HttpResponse<String>> hostile = new ConcurrentHashMap<>();
        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                runs.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < CALLS_PER_CLIENT; i++) {
                        if (client == 0) {
                            // JSON escapes: the gateway sees a real U+0000 and lone surrogates
                            String id = "\"evil\\u0000" + i + "\\ud800\"";
                            String tool = i % 2 == 0 ? "echo" : "echo\\u0000\\udc00";
                            hostile.put(String.valueOf(i), McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                                    "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                                            + tool + "\",\"arguments\":{\"message\":\"hostile " + i + "\"}}}"));
                        } else {
                            String id = "good-" + client + "-" + i;
                            good.put(id, McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken,
                                    "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":"
                                            + "{\"name\":\"echo\",\"arguments\":{\"message\":\"" + id + "\"}}}"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> unanswered = good.entrySet().stream()
                .filter(e -> e.getValue().statusCode() != 200 || e.getValue().body().split(e.getKey(), -1).length < 3) // the id and the echoed text
                .map(e -> e.getKey() + "=" + e.getValue().statusCode()).sorted().toList();
        assertEquals((CLIENTS - 1) * CALLS_PER_CLIENT, good.size());
        assertEquals(List.of(), unanswered, "good calls not answered");
        for (String id : good.keySet()) {
            gw.completed(id); // waits, bounded, for the completion record of every answered call
        }
        Map<String, List<AuditKind>> byId = records().stream().filter(e -> e.jsonRpcId() != null)
                .collect(Collectors.groupingBy(AuditEvent::jsonRpcId, Collectors.mapping(AuditEvent::kind, Collectors.toList())));
        List<String> wrong = good.keySet().stream()
                .filter(id -> !byId.getOrDefault(id, List.of()).containsAll(List.of(AuditKind.CALL_STARTED, AuditKind.CALL_COMPLETED))
                        || byId.get(id).size() != 2)
                .map(id -> id + "=" + byId.get(id)).sorted().toList();
        assertEquals(List.of(), wrong, "good calls without exactly their start and completion records");
        // the hostile client's calls are audited too, with the text made storable
        List<String> hostileIds = byId.keySet().stream().filter(id -> id.startsWith("evil")).sorted().toList();
        assertTrue(hostileIds.size() >= CALLS_PER_CLIENT, "hostile calls audited: " + hostileIds);
        assertTrue(hostileIds.stream().allMatch(id -> id.matches("evil\uFFFD\\d\uFFFD")), hostileIds::toString);
        AuditVerification verified = AuditVerifier.of(gw.gatehouse).verify();
        assertTrue(verified.intact(), verified::toString);
    }

    /**
     * Another session locks the audit table. Without a journal ({@code database}) the start record commits only after
     * the durable wait: 503, not forwarded, and its terminal record follows the late start record. With a journal the
     * call is answered at once and both records reach the table, in chain order, when the lock goes.
     */
    @Test
    void toolsCallWhenTheAuditTableIsLockedThen503AndATerminalRecordFollowsInDatabaseModeAndAnsweredWithAJournal()
            throws Exception {
        String id = "late-start";
        HttpResponse<String> reply;
        try (Connection lock = java.sql.DriverManager.getConnection(url, "postgres", "")) {
            // another session holds the audit table: inserts wait (a stalled database, as an operator's lock makes)
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE gh_audit_event IN SHARE MODE");
            reply = McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":\""
                    + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"late\"}}}");
            lock.rollback(); // the lock goes: the start record commits now, after its caller was refused
        }

        AuditEvent terminal = gw.completed(id);
        if (gw.auditStorage().journaled()) {
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals(dev.gatehouse.core.model.Outcome.SUCCESS, terminal.outcome());
        } else {
            assertEquals(503, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("-32041"), reply.body());
            assertEquals(dev.gatehouse.core.model.Outcome.ERROR, terminal.outcome());
            assertEquals(503, terminal.httpStatus());
            assertTrue(terminal.detail().startsWith("not forwarded"), terminal.detail());
        }
        gw.awaitShipped();
        List<AuditKind> kinds = records().stream().filter(e -> id.equals(e.jsonRpcId())).map(AuditEvent::kind).toList();
        assertEquals(List.of(AuditKind.CALL_COMPLETED, AuditKind.CALL_STARTED), kinds, "newest first: the end follows the start");
        assertTrue(AuditVerifier.of(gw.gatehouse).verify().intact());
    }

    private List<AuditEvent> records() {
        List<AuditEvent> all = new ArrayList<>();
        gw.gatehouse.audit().scan(AuditQuery.newest(AuditQuery.MAX_LIMIT), 100_000, all::add);
        return all;
    }
}
