package dev.gatehouse.core.audit;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jpa.Transactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tamper evidence over a real H2 database: records written by the audit writer, then edited, deleted
 * and inserted behind its back with native SQL, as someone with database access (but not the chain
 * key, kept outside the database) would; the verifier names each place.
 */
class AuditVerifierTest {
    private static final byte[] KEY = key(7);

    private EntityManagerFactory emf;
    private Transactions tx;
    private final List<AuditWriter> writers = new ArrayList<>();

    @BeforeEach
    void start() {
        emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        tx = new ResourceLocalTransactions(emf);
    }

    @AfterEach
    void stop() {
        writers.forEach(AuditWriter::close);
        emf.close();
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    /** Writes {@code count} records on {@code node}'s chain, durably, tools named t1, t2, ... */
    private void write(String node, int count) {
        AuditWriter writer = new AuditWriter(tx, new AuditChain(KEY), node, Duration.ofSeconds(5));
        writers.add(writer);
        for (int i = 1; i <= count; i++) {
            writer.appendDurably(AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED)
                    .gateway("quickstart").tool("t" + i).hostName("CI bot").build());
        }
    }

    private AuditVerification verify() {
        return new AuditVerifier(tx, new AuditChain(KEY)).verify();
    }

    private void sql(String statement) {
        tx.inTransaction(em -> em.createNativeQuery(statement).executeUpdate());
    }

    private Object value(String query) {
        return tx.read(em -> em.createNativeQuery(query).getSingleResult());
    }

    private long idOf(String node, long seq) {
        return ((Number) value("select id from gh_audit_event where node_id = '" + node + "' and node_seq = " + seq)).longValue();
    }

    private static void assertBreak(AuditVerification.Break b, String node, long seq, AuditVerification.Problem problem) {
        assertEquals(node, b.nodeId(), b::describe);
        assertEquals(seq, b.sequence(), b::describe);
        assertEquals(problem, b.problem(), b::describe);
    }

    @Test
    void verifyWhenUntouchedThenEveryChainIntact() {
        write("node-a", 5);
        write("node-b", 3);

        AuditVerification v = verify();

        assertTrue(v.intact(), v.breaks().toString());
        assertEquals(8, v.records());
        assertEquals(List.of("node-a", "node-b"), v.chains().stream().map(AuditVerification.Chain::nodeId).toList());
        AuditVerification.Chain a = v.chains().get(0);
        assertEquals(5, a.records());
        assertEquals(1, a.firstSequence());
        assertEquals(5, a.lastSequence());
        assertEquals(value("select hash from gh_audit_event where node_id = 'node-a' and node_seq = 5"), a.lastHash());
    }

    @Test
    void verifyWhenEmptyThenIntactWithNoChains() {
        AuditVerification v = verify();
        assertTrue(v.intact());
        assertEquals(0, v.records());
        assertTrue(v.chains().isEmpty());
    }

    @Test
    void verifyWhenARowIsEditedThenThatRecordIsNamedAltered() {
        write("node-a", 5);
        write("node-b", 2);
        sql("update gh_audit_event set outcome = 'DENIED' where node_id = 'node-a' and node_seq = 3");

        AuditVerification v = verify();

        assertFalse(v.intact());
        assertEquals(1, v.breaks().size(), v.breaks().toString());
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertBreak(b, "node-a", 3, AuditVerification.Problem.ALTERED);
        assertEquals(idOf("node-a", 3), b.recordId());
        assertTrue(b.describe().startsWith("node node-a record 3 (id "), b.describe());
    }

    @Test
    void verifyWhenAnEditAlsoRewritesTheHashWithoutTheKeyThenStillAltered() {
        write("node-a", 3);
        // a plain SHA-256 (or any value) in the hash column: without the key no one can produce the HMAC
        sql("update gh_audit_event set tool = 'innocent', hash = '" + "ab".repeat(32) + "' where node_id = 'node-a' and node_seq = 2");

        AuditVerification v = verify();

        assertBreak(v.breaks().get(0), "node-a", 2, AuditVerification.Problem.ALTERED);
        // and the successor no longer links to it
        assertBreak(v.breaks().get(1), "node-a", 3, AuditVerification.Problem.BROKEN_LINK);
        assertEquals(2, v.breaks().size(), v.breaks().toString());
    }

    @Test
    void verifyWhenARowIsDeletedThenTheGapIsNamedMissing() {
        write("node-a", 5);
        long successor = idOf("node-a", 4);
        sql("delete from gh_audit_event where node_id = 'node-a' and node_seq = 3");

        AuditVerification v = verify();

        assertEquals(1, v.breaks().size(), v.breaks().toString());
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertBreak(b, "node-a", 3, AuditVerification.Problem.MISSING);
        assertEquals(1, b.missing());
        assertEquals(successor, b.recordId());
        assertEquals(4, v.records());
        assertTrue(b.describe().contains("record 3 missing"), b.describe());
    }

    @Test
    void verifyWhenSeveralRowsAndTheFirstAreDeletedThenEachGapIsNamed() {
        write("node-a", 8);
        sql("delete from gh_audit_event where node_id = 'node-a' and node_seq in (1, 4, 5, 6)");

        AuditVerification v = verify();

        assertEquals(2, v.breaks().size(), v.breaks().toString());
        assertBreak(v.breaks().get(0), "node-a", 1, AuditVerification.Problem.MISSING);
        assertEquals(1, v.breaks().get(0).missing());
        assertBreak(v.breaks().get(1), "node-a", 4, AuditVerification.Problem.MISSING);
        assertEquals(3, v.breaks().get(1).missing());
        assertTrue(v.breaks().get(1).describe().contains("records 4 to 6 missing"), v.breaks().get(1).describe());
    }

    @Test
    void verifyWhenADeletionIsHiddenByRenumberingThenTheLinkAndTheRecordAreNamed() {
        write("node-a", 5);
        sql("delete from gh_audit_event where node_id = 'node-a' and node_seq = 3");
        sql("update gh_audit_event set node_seq = node_seq + 1000 where node_id = 'node-a' and node_seq > 3");
        sql("update gh_audit_event set node_seq = node_seq - 1001 where node_id = 'node-a' and node_seq > 1000");

        AuditVerification v = verify();

        assertEquals(4, v.records());
        assertBreak(v.breaks().get(0), "node-a", 3, AuditVerification.Problem.BROKEN_LINK);
        assertBreak(v.breaks().get(1), "node-a", 3, AuditVerification.Problem.ALTERED);
    }

    @Test
    void verifyWhenARowIsAppendedByHandThenItIsNamedAltered() {
        write("node-a", 4);
        Object head = value("select hash from gh_audit_event where node_id = 'node-a' and node_seq = 4");
        insertForged("node-a", 5, (String) head);

        AuditVerification v = verify();

        assertEquals(1, v.breaks().size(), v.breaks().toString());
        assertBreak(v.firstBreak().orElseThrow(), "node-a", 5, AuditVerification.Problem.ALTERED);
        assertEquals(900_001L, v.firstBreak().orElseThrow().recordId());
    }

    @Test
    void verifyWhenARowIsInsertedInTheMiddleThenTheFirstBreakIsTheInsertedRecord() {
        write("node-a", 5);
        sql("update gh_audit_event set node_seq = node_seq + 1000 where node_id = 'node-a' and node_seq >= 3");
        sql("update gh_audit_event set node_seq = node_seq - 999 where node_id = 'node-a' and node_seq > 1000");
        Object link = value("select hash from gh_audit_event where node_id = 'node-a' and node_seq = 2");
        insertForged("node-a", 3, (String) link);

        AuditVerification v = verify();

        AuditVerification.Break first = v.firstBreak().orElseThrow();
        assertBreak(first, "node-a", 3, AuditVerification.Problem.ALTERED);
        assertEquals(900_001L, first.recordId());
        assertEquals(6, v.records());
    }

    @Test
    void verifyWhenAWholeChainIsForgedUnderANewNodeThenItsFirstRecordIsNamed() {
        write("node-a", 2);
        insertForged("node-z", 1, null);

        AuditVerification v = verify();

        assertEquals(2, v.chains().size());
        assertEquals(1, v.breaks().size(), v.breaks().toString());
        assertBreak(v.firstBreak().orElseThrow(), "node-z", 1, AuditVerification.Problem.ALTERED);
    }

    /** Each record names the key it was chained with: a verifier holding another key says so, record by record. */
    @Test
    void verifyWhenCheckedWithAnotherKeyThenEveryRecordNamesAKeyItDoesNotHold() {
        write("node-a", 3);
        AuditVerification v = new AuditVerifier(tx, new AuditChain(key(8))).verify();
        assertEquals(3, v.breaks().size());
        assertTrue(v.breaks().stream().allMatch(b -> b.problem() == AuditVerification.Problem.UNKNOWN_KEY));
    }

    @Test
    void verifyWhenTheChainIsLongerThanAPageThenWalksEveryPageAndFindsALateEdit() {
        write("node-a", 23);
        sql("update gh_audit_event set tool = 'x' where node_id = 'node-a' and node_seq = 21");

        AuditVerification v = new AuditVerifier(tx, new AuditChain(KEY), 5).verify();

        assertEquals(23, v.records());
        assertEquals(23, v.chains().get(0).lastSequence());
        assertEquals(1, v.breaks().size(), v.breaks().toString());
        assertBreak(v.firstBreak().orElseThrow(), "node-a", 21, AuditVerification.Problem.ALTERED);
    }

    @Test
    void verifyWhenManyBreaksThenReportsAtMostTheCap() {
        write("node-a", AuditVerifier.MAX_BREAKS + 20);
        AuditVerification v = new AuditVerifier(tx, new AuditChain(key(9)), 50).verify();
        assertEquals(AuditVerifier.MAX_BREAKS, v.breaks().size());
        assertEquals(AuditVerifier.MAX_BREAKS + 20, v.records());
    }

    /** A row as someone with database access but without the chain key would add it. */
    private void insertForged(String node, long seq, String previousHash) {
        sql("insert into gh_audit_event (id, correlation_id, event_time, kind, outcome, tool, gateway, node_id, node_seq,"
                + " previous_hash, hash) values (900001, 'forged', current_timestamp, 'CALL_COMPLETED', 'SUCCESS', 'echo',"
                + " 'quickstart', '" + node + "', " + seq + ", " + (previousHash == null ? "null" : "'" + previousHash + "'")
                + ", '" + "cd".repeat(32) + "')");
    }

    /**
     * A re-key (cluster.md, "Re-keying"): the node's chain goes on under a new key, each record naming the key
     * it was chained with; a verifier holding the new key and the retired one finds the whole chain intact,
     * across the change. One holding only the new key names the records of the old one as UNKNOWN_KEY with
     * the key's id, not as altered.
     */
    @Test
    void chainWhenReKeyedThenVerifiesWithTheRetiredKeyAndNamesItWithout() {
        write("node-a", 3);
        AuditWriter after = new AuditWriter(tx, new AuditChain(key(8)), "node-a", Duration.ofSeconds(5));
        writers.add(after);
        for (int i = 4; i <= 5; i++) {
            after.appendDurably(AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).tool("t" + i).build());
        }

        AuditVerification both = new AuditVerifier(tx, new AuditKeys(key(8), List.of(KEY))).verify();
        AuditVerification newOnly = new AuditVerifier(tx, new AuditChain(key(8))).verify();

        assertTrue(both.intact(), both.breaks().toString());
        assertEquals(5, both.records());
        assertEquals(List.of(1L, 2L, 3L), newOnly.breaks().stream().map(AuditVerification.Break::sequence).toList());
        assertTrue(newOnly.breaks().stream().allMatch(b -> b.problem() == AuditVerification.Problem.UNKNOWN_KEY
                && new AuditChain(KEY).keyId().equals(b.keyId())), newOnly.breaks().toString());
        assertTrue(newOnly.breaks().get(0).describe().contains("audit-chain-old-keys"), newOnly.breaks().get(0).describe());
    }

    /** Records written before key ids (V23) name no key: they verify under whichever held key fits. */
    @Test
    void recordWhenWrittenBeforeKeyIdsThenVerifiesUnderTheKeyThatFits() {
        write("node-a", 2);
        sql("UPDATE gh_audit_event SET key_id = NULL");

        assertTrue(new AuditVerifier(tx, new AuditKeys(key(8), List.of(KEY))).verify().intact());
        assertEquals(AuditVerification.Problem.ALTERED,
                new AuditVerifier(tx, new AuditChain(key(8))).verify().breaks().get(0).problem());
    }

    /** The key id a record carries is the id of the key it was chained with: a changed id is caught. */
    @Test
    void recordWhenItsKeyIdIsChangedThenNotIntact() {
        write("node-a", 2);
        sql("UPDATE gh_audit_event SET key_id = '" + new AuditChain(key(8)).keyId() + "' WHERE node_seq = 2");

        AuditVerification verified = new AuditVerifier(tx, new AuditKeys(key(8), List.of(KEY))).verify();

        assertEquals(List.of(AuditVerification.Problem.ALTERED),
                verified.breaks().stream().map(AuditVerification.Break::problem).toList());
    }
}
