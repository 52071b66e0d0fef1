package dev.gatehouse.launcher;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented command for the journal of a node that will not come back (docs/cluster.md), run as written:
 * the records the table lacks are verified under the chain key and shipped in chain order, once; a journal
 * written under another key is refused whole.
 */
class ShipJournalCommandTest {
    private static final SettingsSource NO_SETTINGS = new SettingsSource(k -> null, Map.of());
    private static final String DEAD_NODE = "node-gone";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int ship(Path data, Path journal) {
        return ShipJournalCommand.run(new String[]{"--journal", journal.toString(), "--data", data.toString()}, Map.of(),
                NO_SETTINGS, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The dead node's journal, copied off its disk: records 1 to {@code to} of its chain under {@code key}. */
    private static Path deadNodesJournal(Path copies, byte[] key, int to) throws Exception {
        AuditChain chain = new AuditChain(key);
        List<AuditEvent> records = new ArrayList<>();
        String previous = null;
        for (int seq = 1; seq <= to; seq++) {
            AuditEvent e = AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS).tool("echo").jsonRpcId("dead-" + seq)
                    .build().sealed(null, DEAD_NODE, seq, previous, null);
            String hash = chain.hash(e, previous);
            records.add(e.sealed(null, DEAD_NODE, seq, previous, hash));
            previous = hash;
        }
        try (AuditJournal journal = AuditJournal.open(copies, DEAD_NODE, true, 512)) {
            for (AuditEvent e : records) {
                journal.append(List.of(e));
            }
        }
        return AuditJournal.folderOf(copies, DEAD_NODE);
    }

    private static List<Long> shipped(Path data) throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (var c = DriverManager.getConnection(Main.h2Url(data), "sa", "");
             var rs = c.createStatement().executeQuery("select node_seq from gh_audit_event where node_id = '" + DEAD_NODE
                     + "' order by node_seq")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }

    /** A data folder as the launcher leaves it (keys, H2 database), with a record of its own node. */
    private static GatehouseSettings dataFolder(Path data) {
        GatehouseSettings keys = KeyStoreFile.load(data, NO_SETTINGS);
        EntityManagerFactory emf = GatehousePersistence.open(Main.h2Url(data), "sa", "");
        try (AuditWriter writer = new AuditWriter(new ResourceLocalTransactions(emf), new AuditChain(keys.auditChainKey()),
                keys.nodeId(), Duration.ofSeconds(5))) {
            writer.appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).actor("admin").build());
        } finally {
            emf.close();
        }
        return keys;
    }

    @Test
    void shipWhenANodeWillNotComeBackThenItsJournalIsVerifiedShippedInOrderOnceAndRemoved(@TempDir Path data,
                                                                                       @TempDir Path copies) throws Exception {
        GatehouseSettings keys = dataFolder(data);
        Path journal = deadNodesJournal(copies, keys.auditChainKey(), 12);

        assertEquals(ShipJournalCommand.SHIPPED, ship(data, journal), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("12 record(s) verified and shipped, sequence 1 to 12"),
                out::toString);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 12).boxed().toList(), shipped(data));
        try (Stream<Path> left = Files.list(journal)) {
            assertEquals(0, left.count(), "shipped segments are removed");
        }
        assertEquals(ShipJournalCommand.SHIPPED, ship(data, journal), "shipping again changes nothing");
        assertEquals(12, shipped(data).size());
        assertEquals(VerifyAudit.INTACT, VerifyAudit.run(new String[]{"--data", data.toString()}, Map.of(), NO_SETTINGS,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void shipWhenTheJournalWasWrittenUnderAnotherKeyThenRefusedAndNothingShipped(@TempDir Path data,
                                                                             @TempDir Path copies) throws Exception {
        dataFolder(data);
        byte[] otherKey = new byte[32];
        otherKey[0] = 7;
        Path journal = deadNodesJournal(copies, otherKey, 3);

        assertEquals(ShipJournalCommand.REFUSED, ship(data, journal));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("record 1: content does not match its hash"), err::toString);
        assertEquals(List.of(), shipped(data));
    }

    @Test
    void shipWhenTheJournalBelongsToAnotherDatabaseThenRefusedAndNothingShipped(@TempDir Path data,
                                                                            @TempDir Path copies) throws Exception {
        GatehouseSettings keys = dataFolder(data);
        Path journal = deadNodesJournal(copies, keys.auditChainKey(), 3);
        // set aside at start by a node that wrote it against another database (an H2 try-out before PostgreSQL)
        dev.gatehouse.core.audit.journal.JournalOwner.write(journal,
                new dev.gatehouse.core.audit.journal.JournalOwner.Owner("a-database-that-is-not-this-one", 0));

        assertEquals(ShipJournalCommand.REFUSED, ship(data, journal));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("belongs to database a-database-that-is-not-this-one"),
                err::toString);
        assertEquals(List.of(), shipped(data));
        assertEquals(3, countSegmentsRecords(journal), "kept intact for its own database");
    }

    private static long countSegmentsRecords(Path journal) {
        try (AuditJournal j = AuditJournal.openFolder(journal, DEAD_NODE, false, Long.MAX_VALUE)) {
            return j.head().orElseThrow().sequence();
        }
    }

    @Test
    void verifyWhenRecordsAreStillInAJournalThenTheyAreWalkedWithTheTable(@TempDir Path data) throws Exception {
        GatehouseSettings keys = dataFolder(data);
        deadNodesJournal(data.resolve(KeyStoreFile.JOURNAL_FOLDER), keys.auditChainKey(), 4);

        assertEquals(VerifyAudit.INTACT, VerifyAudit.run(new String[]{"--data", data.toString()}, Map.of(), NO_SETTINGS,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("node " + DEAD_NODE + ": 4 record(s), sequence 1 to 4"),
                out::toString);
    }
}
