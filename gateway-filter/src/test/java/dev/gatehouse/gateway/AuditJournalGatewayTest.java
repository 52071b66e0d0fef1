package dev.gatehouse.gateway;

import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit table stops taking records while calls keep coming (docs/audit.md, catalogue rows 260-262). With a
 * journal ({@code process}, {@code fsync}) calls go on into it and the health endpoint shows the lag, until the
 * journal holds its limit: then 503 and the upstream never sees the call; once the table takes records again
 * everything is shipped in chain order and calls pass again. With {@code database} the first call is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuditJournalGatewayTest {
    private static final long JOURNAL_LIMIT = 32 * 1024;
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = GatewayHarness.withJournalLimit(JOURNAL_LIMIT);
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private HttpResponse<String> call(String id) throws Exception {
        return McpHttp.post(gw.gatewayUrl("quickstart"), gw.quickstartToken, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id
                + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"" + id + "\"}}}");
    }

    private void table(String from, String to) {
        gw.gatehouse.inTransaction(em -> em.createNativeQuery("alter table " + from + " rename to " + to).executeUpdate());
    }

    @Test
    void toolsCallWhenTheTableTakesNoRecordsThenJournaledUpToItsLimitThen503AndAllShippedInOrderOnceItDoes()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> answered = new ArrayList<>();
        HttpResponse<String> refused = null;
        String refusedId = null;
        table("gh_audit_event", "gh_audit_event_off");
        try {
            for (int i = 0; i < 2000 && refused == null; i++) {
                String id = "away-" + run + "-" + i;
                HttpResponse<String> r = call(id);
                if (r.statusCode() == 200) {
                    answered.add(id);
                    if (answered.size() == 3) {
                        String health = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/health", null).body();
                        assertTrue(health.matches(".*\"unshipped\":([1-9]\\d*),.*"), health);
                    }
                } else {
                    refused = r;
                    refusedId = id;
                }
            }
        } finally {
            table("gh_audit_event_off", "gh_audit_event");
        }
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + refusedId + "\",\"error\":{\"code\":-32041,\"message\":"
                + "\"Audit log unavailable; the call was not forwarded\"}}", refused.body());
        assertEquals(0, gw.upstream.count(refusedId), "a refused call never reaches the upstream");
        if (gw.auditStorage().journaled()) {
            assertTrue(answered.size() >= 10, "calls went on into the journal first: " + answered.size());
        } else {
            assertEquals(List.of(), answered, "without a journal the table is the audit log");
        }

        String back = "back-" + run;
        HttpResponse<String> after = null;
        for (int i = 0; i < 300 && (after == null || after.statusCode() != 200); i++) {
            after = call(back);
            if (after.statusCode() != 200) {
                Thread.sleep(50); // until the shipper has emptied the journal below its limit
            }
        }
        assertEquals(200, after.statusCode(), after.body());
        gw.completed(back);
        gw.awaitShipped();
        for (String id : answered) {
            List<?> kinds = gw.gatehouse.inTransaction(em -> em.createNativeQuery(
                    "select kind from gh_audit_event where jsonrpc_id = ?1 order by node_seq").setParameter(1, id).getResultList());
            assertEquals(List.of("CALL_STARTED", "CALL_COMPLETED"), kinds, id);
        }
        AuditVerification verified = AuditVerifier.of(gw.gatehouse).verify();
        assertTrue(verified.intact(), verified::toString);
    }
}
