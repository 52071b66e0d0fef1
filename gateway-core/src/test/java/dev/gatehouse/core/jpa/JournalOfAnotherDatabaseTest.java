package dev.gatehouse.core.jpa;

import dev.gatehouse.core.Eventually;
import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditDurability;
import dev.gatehouse.core.audit.AuditLogs;
import dev.gatehouse.core.audit.AuditReader;
import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.audit.JournalShipment;
import dev.gatehouse.core.audit.JournaledAuditLog;
import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.audit.journal.JournalOwner;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.NodeThreads;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal belongs to one database (V28's identity): a node that tried Gatehouse out on H2 (database A) and
 * then starts against PostgreSQL (database B) with the same journal folder never ships A's unshipped records
 * into B; they are set aside intact beside the journal folder, B's chain starts clean, and shipping the set
 * aside journal to A afterwards gives A every record with a clean verify. A journal of A with nothing
 * unshipped is reset; the ordinary restart against the same database, and a journal from before V28, replay.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JournalOfAnotherDatabaseTest {
    private static final byte[] KEY = new byte[32];
    private static final String NODE = "node-try-out";
    private final String h2 = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final EntityManagerFactory a = GatehousePersistence.open(h2, "sa", "");
    private final EntityManagerFactory b = GatehousePersistence.open(PostgresServer.newDatabase(), "postgres", "");
    private final List<AutoCloseable> opened = new ArrayList<>();
    @TempDir
    Path data;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        a.close();
        b.close();
    }

    private Path root() {
        return data.resolve("audit-journal");
    }

    private JournaledAuditLog open(EntityManagerFactory database, AuditDurability durability) {
        JournaledAuditLog log = new JournaledAuditLog(new ResourceLocalTransactions(database), new AuditChain(KEY), NODE,
                Duration.ofSeconds(5), AuditStorage.journal(durability, root()), Clock.systemUTC());
        opened.add(0, log);
        return log;
    }

    private void stop(JournaledAuditLog log) {
        log.close();
        opened.remove(log);
    }

    private static AuditEvent record(String correlation) {
        return AuditEvent.builder(AuditKind.CALL_STARTED, Outcome.STARTED).correlationId(correlation)
                .gateway("quickstart").tool("echo").method("tools/call").jsonRpcId(correlation).build();
    }

    private static List<String> table(EntityManagerFactory database) {
        return new AuditReader(new ResourceLocalTransactions(database)).query(AuditQuery.newest(AuditQuery.MAX_LIMIT))
                .stream().sorted(java.util.Comparator.comparingLong(AuditEvent::nodeSequence))
                .map(AuditEvent::correlationId).toList();
    }

    private static AuditVerification verify(EntityManagerFactory database) {
        return new AuditVerifier(new ResourceLocalTransactions(database), new AuditChain(KEY)).verify();
    }

    private void sqlOnA(String statement) throws Exception {
        try (var c = DriverManager.getConnection(h2, "sa", ""); var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Eventually.await(condition::getAsBoolean, Boolean::booleanValue, what);
    }

    private static List<String> segments(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ghj")).sorted().toList();
        }
    }

    /** A's journal: "a-1" shipped into A, then "a-2" to "a-4" journaled while A does not take records. */
    private void journalUnshippedOnA(AuditDurability durability) throws Exception {
        JournaledAuditLog onA = open(a, durability);
        onA.appendDurably(record("a-1"));
        await("a-1 shipped", () -> onA.lag().unshipped() == 0);
        sqlOnA("ALTER TABLE gh_audit_event RENAME TO gh_audit_event_off");
        for (int i = 2; i <= 4; i++) {
            onA.appendDurably(record("a-" + i));
        }
        stop(onA);
        sqlOnA("ALTER TABLE gh_audit_event_off RENAME TO gh_audit_event");
        assertEquals(List.of("a-1"), table(a), "a-2 to a-4 are in A's journal only");
    }

    @ParameterizedTest
    @EnumSource(value = AuditDurability.class, names = {"PROCESS", "FSYNC"})
    void startAgainstAnotherDatabaseWhenTheJournalHoldsUnshippedRecordsThenSetAsideIntactAndShippableToItsOwn(
            AuditDurability durability) throws Exception {
        journalUnshippedOnA(durability);

        JournaledAuditLog onB = open(b, durability);
        Path aside = onB.setAside().orElseThrow(() -> new AssertionError("A's journal was not set aside"));
        assertTrue(aside.startsWith(data) && !aside.startsWith(root()), "beside the journal folder, not in it: " + aside);
        assertEquals(aside.toString(), onB.lag().setAside(), "the node's status names it");
        assertEquals(0, onB.lag().unshipped(), "the node starts on a fresh journal");
        assertEquals(1, onB.appendDurably(record("b-1")).nodeSequence(), "B's chain starts at its own beginning");
        await("b-1 shipped", () -> onB.lag().unshipped() == 0);
        assertEquals(List.of("b-1"), table(b), "B holds none of A's records");
        assertTrue(verify(b).intact(), () -> verify(b).toString());
        stop(onB);

        assertThrows(JournalShipment.Refused.class, () -> JournalShipment.ship(aside, new ResourceLocalTransactions(b),
                new AuditChain(KEY)), "the command refuses to ship A's journal into B");
        assertEquals(List.of("b-1"), table(b));
        JournalShipment.Result shipped = JournalShipment.ship(aside, new ResourceLocalTransactions(a), new AuditChain(KEY))
                .orElseThrow();
        assertEquals(3, shipped.records());
        assertEquals(List.of("a-1", "a-2", "a-3", "a-4"), table(a), "every record of A in A");
        assertTrue(verify(a).intact(), () -> verify(a).toString());
    }

    @ParameterizedTest
    @EnumSource(value = AuditDurability.class, names = {"PROCESS", "FSYNC"})
    void startAgainstAnotherDatabaseWhenTheJournalHoldsNothingUnshippedThenItIsReset(AuditDurability durability)
            throws Exception {
        JournaledAuditLog onA = open(a, durability);
        onA.appendDurably(record("a-1"));
        await("a-1 shipped", () -> onA.lag().unshipped() == 0);
        stop(onA);

        JournaledAuditLog onB = open(b, durability);
        assertTrue(onB.setAside().isEmpty(), "nothing unshipped: nothing to set aside");
        try (Stream<Path> siblings = Files.list(data)) {
            assertEquals(List.of("audit-journal"), siblings.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(1, onB.appendDurably(record("b-1")).nodeSequence());
        await("b-1 shipped", () -> onB.lag().unshipped() == 0);
        assertEquals(List.of("b-1"), table(b));
        assertEquals(List.of("a-1"), table(a));
        assertTrue(verify(b).intact());
        assertEquals(DatabaseIdentity.of(new ResourceLocalTransactions(b)),
                JournalOwner.read(AuditJournal.folderOf(root(), NODE)).orElseThrow().databaseId());
    }

    @Test
    void startInDatabaseModeAgainstAnotherDatabaseWhenTheJournalHoldsUnshippedRecordsThenSetAsideNotShipped()
            throws Exception {
        journalUnshippedOnA(AuditDurability.PROCESS);
        AuditLogs.Opened onB = AuditLogs.open(new ResourceLocalTransactions(b), new AuditChain(KEY), NODE,
                Duration.ofSeconds(5), new AuditStorage(AuditDurability.DATABASE, root(), 1 << 20, 1 << 20),
                Clock.systemUTC(), NodeThreads.plain());
        opened.add(0, onB.log());
        Path aside = onB.setAside().orElseThrow();
        assertEquals(aside.toString(), onB.lag().setAside());
        assertEquals(1, onB.log().appendDurably(record("b-1")).nodeSequence());
        assertEquals(List.of("b-1"), table(b));
        assertEquals(4, segmentsRecords(aside), "kept intact");
    }

    private long segmentsRecords(Path folder) {
        try (AuditJournal journal = AuditJournal.openFolder(folder, NODE, false, Long.MAX_VALUE)) {
            return journal.head().orElseThrow().sequence();
        }
    }

    @ParameterizedTest
    @EnumSource(value = AuditDurability.class, names = {"PROCESS", "FSYNC"})
    void restartAgainstTheSameDatabaseOrWithAJournalFromBeforeV28ThenItReplays(AuditDurability durability)
            throws Exception {
        journalUnshippedOnA(durability);
        Path owner = AuditJournal.folderOf(root(), NODE).resolve(JournalOwner.FILE);
        assertTrue(Files.isRegularFile(owner));
        Files.delete(owner); // a journal written before V28 names no database: it is taken as the current one's

        JournaledAuditLog again = open(a, durability);
        assertTrue(again.setAside().isEmpty());
        await("replayed", () -> again.lag().unshipped() == 0);
        assertEquals(List.of("a-1", "a-2", "a-3", "a-4"), table(a));
        assertEquals(5, again.appendDurably(record("a-5")).nodeSequence());
        stop(again);

        JournaledAuditLog third = open(a, durability);
        assertTrue(third.setAside().isEmpty(), "the same database's journal is never set aside");
        assertEquals(6, third.appendDurably(record("a-6")).nodeSequence());
        await("shipped", () -> third.lag().unshipped() == 0);
        assertTrue(verify(a).intact());
        assertNotEquals(DatabaseIdentity.of(new ResourceLocalTransactions(a)), DatabaseIdentity.of(new ResourceLocalTransactions(b)));
        assertTrue(segments(AuditJournal.folderOf(root(), NODE)).size() >= 1);
    }
}
