package dev.gatehouse.core.jpa;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditDurability;
import dev.gatehouse.core.audit.AuditLogs;
import dev.gatehouse.core.audit.AuditReader;
import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.audit.AuditUnavailable;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.audit.JournaledAuditLog;
import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journaled audit log on a real H2 and a real folder: a record is readable the moment its caller goes on,
 * the shipper copies the chain into the table in order and exactly once (also when a commit is made but reported
 * failed), replays on start what the table lacks, deletes only shipped segments, and when the database does not
 * take records the journal fills up to its limit and then refuses (fail closed) until the database takes them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JournaledAuditLogTest {
    private static final byte[] KEY = new byte[32];
    private static final String NODE = "node-journal";
    private final String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final EntityManagerFactory reads = GatehousePersistence.open(database, "sa", "");
    private final EntityManagerFactory lying = LyingCommitDriver.unit(database);
    private final List<AutoCloseable> opened = new ArrayList<>();
    @TempDir
    Path folder;

    @AfterEach
    void close() throws Exception {
        LyingCommitDriver.lieAboutNextCommits(0);
        for (AutoCloseable c : opened) {
            c.close();
        }
        lying.close();
        reads.close();
    }

    private JournaledAuditLog open(AuditStorage storage) {
        JournaledAuditLog log = new JournaledAuditLog(new ResourceLocalTransactions(lying), new AuditChain(KEY), NODE,
                Duration.ofSeconds(5), storage, Clock.systemUTC());
        opened.add(0, log);
        return log;
    }

    private AuditStorage storage(AuditDurability durability) {
        return AuditStorage.journal(durability, folder);
    }

    private static AuditEvent record(String correlation) {
        return AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId(correlation)
                .gateway("quickstart").tool("echo").method("tools/call").jsonRpcId(correlation).build();
    }

    /** The table alone, newest first. */
    private List<AuditEvent> table() {
        return new AuditReader(new ResourceLocalTransactions(reads)).query(AuditQuery.newest(AuditQuery.MAX_LIMIT));
    }

    private List<Long> tableSequences() {
        return table().stream().map(AuditEvent::nodeSequence).sorted().toList();
    }

    private AuditVerification verify(AuditJournal journal) {
        return new AuditVerifier(new ResourceLocalTransactions(reads), new AuditChain(KEY), List.of(journal)).verify();
    }

    private void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection(database, "sa", ""); var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static List<Long> sequences(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(value = AuditDurability.class, names = {"PROCESS", "FSYNC"})
    void appendDurablyWhenJournaledThenReadableAtOnceAndTheTableGetsTheChainInOrder(AuditDurability durability)
            throws Exception {
        JournaledAuditLog log = open(storage(durability));
        for (int i = 1; i <= 40; i++) {
            AuditEvent written = log.appendDurably(record("r" + i));
            assertEquals(i, written.nodeSequence());
            // the caller goes on now: the logs show its record whether or not the table has it yet
            assertEquals("r" + i, log.query(AuditQuery.newest(1)).get(0).correlationId());
        }
        await("shipped", () -> log.lag().unshipped() == 0);
        assertEquals(sequences(1, 40), tableSequences());
        assertEquals(40, log.query(AuditQuery.newest(100)).size(), "no record twice while table and tail meet");
        AuditVerification v = verify(log.journal());
        assertTrue(v.intact() && v.records() == 40, v::toString);
    }

    @Test
    void shipWhenTheDatabaseCommitsButReportsFailureThenNoRecordIsStoredTwiceAndTheChainGoesOn() throws Exception {
        JournaledAuditLog log = open(storage(AuditDurability.PROCESS));
        log.appendDurably(record("first")); // the shipper has reserved its ids: its next commit is a batch
        await("first shipped", () -> log.lag().unshipped() == 0);

        LyingCommitDriver.lieAboutNextCommits(1);
        for (int i = 0; i < 5; i++) {
            log.appendDurably(record("lied-" + i));
        }
        await("the lie told", () -> LyingCommitDriver.liesLeft() == 0);
        await("shipped after the lie", () -> log.lag().unshipped() == 0);
        log.appendDurably(record("after"));
        await("all shipped", () -> log.lag().unshipped() == 0);

        assertEquals(sequences(1, 7), tableSequences(), "each record once, in chain order");
        assertTrue(verify(log.journal()).intact());
    }

    @Test
    void startWhenTheJournalHoldsRecordsTheTableLacksThenTheyAreReplayedAndShippedSegmentsDeleted() throws Exception {
        JournaledAuditLog first = open(storage(AuditDurability.FSYNC).withSizes(1 << 20, 1024));
        first.appendDurably(record("offline-1"));
        await("shipped", () -> first.lag().unshipped() == 0);
        sql("ALTER TABLE gh_audit_event RENAME TO gh_audit_event_off"); // the database takes no audit record
        for (int i = 2; i <= 30; i++) {
            first.appendDurably(record("offline-" + i)); // answered: the journal has it
        }
        assertTrue(first.journal().segments().size() > 2, "several segments");
        first.close();
        opened.remove(first);
        sql("ALTER TABLE gh_audit_event_off RENAME TO gh_audit_event");
        assertEquals(List.of(1L), tableSequences());

        JournaledAuditLog second = open(storage(AuditDurability.FSYNC).withSizes(1 << 20, 1024));
        await("replayed", () -> second.lag().unshipped() == 0 && tableSequences().size() == 30);
        assertEquals(sequences(1, 30), tableSequences());
        assertEquals(31, second.appendDurably(record("next")).nodeSequence());
        await("shipped", () -> second.lag().unshipped() == 0);
        assertEquals(1, second.journal().segments().size(), "shipped segments deleted, the one being written kept");
        assertTrue(verify(second.journal()).intact());
    }

    @Test
    void appendWhenTheDatabaseTakesNoRecordAndTheJournalIsFullThenRefusedUntilItShipsAgain() throws Exception {
        JournaledAuditLog log = open(storage(AuditDurability.PROCESS).withSizes(4096, 1024));
        sql("ALTER TABLE gh_audit_event RENAME TO gh_audit_event_off");
        List<String> accepted = new ArrayList<>();
        AuditUnavailable refused = null;
        for (int i = 0; i < 1000 && refused == null; i++) {
            try {
                accepted.add(log.appendDurably(record("while-away-" + i)).correlationId());
            } catch (AuditUnavailable e) {
                refused = e;
            }
        }
        assertTrue(refused != null && refused.getMessage().contains("journal is full"), String.valueOf(refused));
        assertTrue(accepted.size() > 5, "calls went on into the journal first: " + accepted.size());
        // the end of a call already forwarded is still taken (headroom), so an answered call keeps its end
        AuditEvent end = log.appendDurably(AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS)
                .correlationId("while-away-end").jsonRpcId("while-away-end").build());
        accepted.add(end.correlationId());
        assertThrows(AuditUnavailable.class, () -> log.appendDurably(record("still-refused")), "new calls stay refused");
        assertTrue(log.lag().unshipped() >= accepted.size());

        sql("ALTER TABLE gh_audit_event_off RENAME TO gh_audit_event");
        await("shipped once the database is back", () -> log.lag().unshipped() == 0);
        AuditEvent after = log.appendDurably(record("back"));
        assertEquals(accepted.size() + 1, after.nodeSequence(), "the refused records never entered the chain");
        await("shipped", () -> log.lag().unshipped() == 0);
        assertEquals(sequences(1, accepted.size() + 1), tableSequences());
        assertTrue(verify(log.journal()).intact());
    }

    @Test
    void openInDatabaseModeWhenAJournalIsLeftThenItIsShippedFirstAndTheChainGoesOn() throws Exception {
        JournaledAuditLog journaled = open(storage(AuditDurability.PROCESS));
        journaled.appendDurably(record("journaled-1"));
        await("shipped", () -> journaled.lag().unshipped() == 0);
        sql("ALTER TABLE gh_audit_event RENAME TO gh_audit_event_off");
        for (int i = 2; i <= 5; i++) {
            journaled.appendDurably(record("journaled-" + i));
        }
        journaled.close();
        opened.remove(journaled);
        sql("ALTER TABLE gh_audit_event_off RENAME TO gh_audit_event");

        AuditLogs.Opened database = AuditLogs.open(new ResourceLocalTransactions(lying), new AuditChain(KEY), NODE,
                Duration.ofSeconds(5), new AuditStorage(AuditDurability.DATABASE, folder, 1 << 20, 1 << 20), Clock.systemUTC(),
                dev.gatehouse.core.runtime.NodeThreads.plain());
        opened.add(0, database.log());
        assertEquals(sequences(1, 5), tableSequences(), "shipped before anything else is written");
        assertEquals(6, database.log().appendDurably(record("database")).nodeSequence());
        try (var files = Files.list(AuditJournal.folderOf(folder, NODE))) {
            assertEquals(0, files.count(), "the shipped journal is gone");
        }
        assertTrue(new AuditVerifier(new ResourceLocalTransactions(reads), new AuditChain(KEY)).verify().intact());
    }

    @Test
    void appendWhenTheJournalCannotBeWrittenThenRefusedAndNothingEntersTheChain() throws Exception {
        JournaledAuditLog log = open(storage(AuditDurability.PROCESS).withSizes(1 << 20, 1)); // a segment per batch
        log.appendDurably(record("before"));
        // the file system refuses the next segment: its name is taken by a folder
        Files.createDirectory(AuditJournal.folderOf(folder, NODE).resolve(String.format("segment-%020d.ghj", 2)));
        AuditUnavailable refused = assertThrows(AuditUnavailable.class, () -> log.appendDurably(record("lost")));
        assertTrue(refused.getMessage().contains("journal could not write"), refused.getMessage());
        Files.delete(AuditJournal.folderOf(folder, NODE).resolve(String.format("segment-%020d.ghj", 2)));
        assertEquals(2, log.appendDurably(record("after")).nodeSequence(), "the refused record never entered the chain");
        await("shipped", () -> log.lag().unshipped() == 0);
        assertEquals(List.of("after", "before"), table().stream().map(AuditEvent::correlationId).toList());
        assertTrue(verify(log.journal()).intact());
    }
}
