package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertFields;
import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/audit/verify}: the audit chain check on a running node. Rows are edited, deleted and
 * inserted with native SQL, as someone with database access but without the chain key would, and the
 * reply names each place by node and sequence.
 */
class AuditVerifyApiTest {
    private AdminServer server;
    private long first;

    @BeforeEach
    void start() throws Exception {
        server = AdminServer.start();
        for (int i = 0; i < 5; i++) {
            AuditEvent e = server.gatehouse().audit().appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED,
                    Outcome.SUCCESS).gateway("quickstart").tool("echo").detail("call " + i).build());
            if (i == 0) {
                first = e.nodeSequence();
            }
        }
        server.awaitShipped(); // the rows are edited in the table below
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void sql(String statement) {
        server.gatehouse().inTransaction(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private JsonNode verify(String user) {
        return assertJson(200, server.get(user, "/api/audit/verify"));
    }

    @Test
    void verifyWhenUntouchedThenIntact() {
        JsonNode v = verify("auditor");

        assertFields(Set.of("intact", "records", "chains", "breaks"), v);
        assertTrue(v.get("intact").asBoolean(), v::toString);
        assertEquals(0, v.get("breaks").size());
        JsonNode chain = v.get("chains").get(0);
        assertFields(Set.of("nodeId", "records", "firstSequence", "lastSequence", "lastHash"), chain);
        assertEquals("node-a", chain.get("nodeId").asText());
        assertEquals(1, chain.get("firstSequence").asLong());
        assertEquals(v.get("records").asLong(), chain.get("records").asLong());
        assertTrue(v.get("records").asLong() >= 5);
    }

    @Test
    void verifyWhenARowIsEditedThenNamesItAltered() {
        sql("update gh_audit_event set outcome = 'ERROR' where node_seq = " + (first + 2));

        JsonNode v = verify("admin");

        assertFalse(v.get("intact").asBoolean());
        assertEquals(1, v.get("breaks").size(), v::toString);
        JsonNode b = v.get("breaks").get(0);
        assertFields(Set.of("nodeId", "sequence", "recordId", "problem", "missing", "description"), b);
        assertEquals("node-a", b.get("nodeId").asText());
        assertEquals(first + 2, b.get("sequence").asLong());
        assertEquals("altered", b.get("problem").asText());
        assertTrue(b.get("description").asText().startsWith("node node-a record " + (first + 2)), b::toString);
    }

    @Test
    void verifyWhenARowIsDeletedThenNamesTheMissingRecord() {
        sql("delete from gh_audit_event where node_seq = " + (first + 1));

        JsonNode b = verify("auditor").get("breaks").get(0);

        assertEquals("missing", b.get("problem").asText());
        assertEquals(first + 1, b.get("sequence").asLong());
        assertEquals(1, b.get("missing").asLong());
    }

    @Test
    void verifyWhenARowIsInsertedThenNamesItAltered() {
        long next = first + 5;
        Object head = server.gatehouse().inTransaction(em -> em.createNativeQuery(
                "select max(node_seq) from gh_audit_event").getSingleResult());
        long seq = ((Number) head).longValue() + 1;
        sql("insert into gh_audit_event (id, correlation_id, event_time, kind, outcome, node_id, node_seq, previous_hash, hash)"
                + " select 990001, 'forged', current_timestamp, 'CALL_COMPLETED', 'SUCCESS', 'node-a', " + seq
                + ", hash, '" + "0".repeat(64) + "' from gh_audit_event where node_seq = " + (seq - 1));

        JsonNode v = verify("auditor");

        assertFalse(v.get("intact").asBoolean());
        JsonNode b = v.get("breaks").get(0);
        assertEquals("altered", b.get("problem").asText(), v::toString);
        assertEquals(seq, b.get("sequence").asLong());
        assertEquals(990001, b.get("recordId").asLong());
        assertTrue(seq >= next);
    }

    @Test
    void verifyWhenCallerLacksLogsReadThen403() {
        assertProblem(403, "missing capability 'logs:read'", server.get("nobody", "/api/audit/verify"));
    }
}
