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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit writer when the database's answer to a commit is lost or late ({@link LyingCommitDriver} in
 * front of a real H2): the writer learns what is really stored, its chain goes on from there, and a record
 * that became durable only after its caller gave up is followed by the caller's terminal record.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuditWriterCommitFaultTest {
    private static final byte[] KEY = new byte[32];
    private final String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final EntityManagerFactory reads = GatehousePersistence.open(database, "sa", "");
    private final EntityManagerFactory lying = LyingCommitDriver.unit(database);
    private AuditWriter writer;

    @AfterEach
    void close() {
        LyingCommitDriver.lieAboutNextCommits(0);
        LyingCommitDriver.releaseCommits();
        if (writer != null) {
            writer.close();
        }
        lying.close();
        reads.close();
    }

    private AuditWriter writer(Duration durableWait) {
        writer = new AuditWriter(new ResourceLocalTransactions(lying), new AuditChain(KEY), "node-lying", durableWait);
        return writer;
    }

    private static AuditEvent record(String correlation) {
        return AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId(correlation)
                .gateway("quickstart").tool("echo").method("tools/call").jsonRpcId("1").build();
    }

    private List<AuditEvent> stored() {
        return new dev.gatehouse.core.audit.AuditReader(new ResourceLocalTransactions(reads)).query(AuditQuery.newest(100));
    }

    private AuditVerification verify() {
        return new AuditVerifier(new ResourceLocalTransactions(reads), new AuditChain(KEY)).verify();
    }

    @Test
    void appendDurablyWhenTheDatabaseCommitsButReportsFailureThenTheCallerIsToldStoredAndLaterRecordsChainOn() {
        AuditWriter log = writer(Duration.ofSeconds(10));
        log.appendDurably(record("before"));

        LyingCommitDriver.lieAboutNextCommits(1);
        AuditEvent lied = log.appendDurably(record("committed-but-reported-failed"));
        assertEquals(0, LyingCommitDriver.liesLeft(), "the commit was lied about");

        AuditEvent after = log.appendDurably(record("after"));
        assertEquals(lied.nodeSequence() + 1, after.nodeSequence());
        assertEquals(lied.hash(), after.previousHash());
        assertEquals(List.of("after", "committed-but-reported-failed", "before"),
                stored().stream().map(AuditEvent::correlationId).toList());
        assertTrue(verify().intact(), verify()::toString);
    }

    @Test
    void appendDurablyWhenACommitFailsForRealThenTheNextBatchStillCommits() throws Exception {
        AuditWriter log = writer(Duration.ofSeconds(10));
        log.appendDurably(record("before"));
        try (var c = java.sql.DriverManager.getConnection(database, "sa", ""); var s = c.createStatement()) {
            // the database refuses every audit insert for a moment (a real refusal: its own constraint)
            s.execute("ALTER TABLE gh_audit_event ADD CONSTRAINT closed CHECK (correlation_id <> 'refused')");
        }

        assertThrows(AuditUnavailable.class, () -> log.appendDurably(record("refused")));

        assertEquals("after", log.appendDurably(record("after")).correlationId());
        assertTrue(verify().intact(), verify()::toString);
        assertEquals(List.of("after", "before"), stored().stream().map(AuditEvent::correlationId).toList());
    }

    @Test
    void appendDurablyWhenTheCommitOutlastsTheWaitThenTheCallerIsRefusedAndItsTerminalRecordFollowsTheLateOne()
            throws Exception {
        AuditWriter log = writer(Duration.ofMillis(300));
        log.appendDurably(record("before"));

        LyingCommitDriver.holdCommits();
        AuditUnavailable refused = assertThrows(AuditUnavailable.class, () -> log.appendDurably(record("late"),
                started -> AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.ERROR).correlationId(started.correlationId())
                        .httpStatus(503).detail("not forwarded").build()));
        assertTrue(refused.getMessage().contains("300 ms"), refused.getMessage());
        assertEquals(List.of("before"), stored().stream().map(AuditEvent::correlationId).toList(), "still held");
        LyingCommitDriver.releaseCommits();

        List<AuditEvent> late = awaitRecords("late", 2);
        assertEquals(AuditKind.CALL_COMPLETED, late.get(0).kind(), "the terminal record is the newest");
        assertEquals(Outcome.ERROR, late.get(0).outcome());
        assertEquals(AuditKind.CALL_STARTED, late.get(1).kind());
        assertTrue(verify().intact(), verify()::toString);
    }

    private List<AuditEvent> awaitRecords(String correlation, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<AuditEvent> found = stored().stream().filter(e -> e.correlationId().equals(correlation)).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " records for " + correlation + ": " + stored());
    }
}
