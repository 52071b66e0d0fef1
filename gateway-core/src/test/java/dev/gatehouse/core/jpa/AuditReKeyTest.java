package dev.gatehouse.core.jpa;

import dev.gatehouse.core.Eventually;
import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditDurability;
import dev.gatehouse.core.audit.AuditKeys;
import dev.gatehouse.core.audit.AuditLogs;
import dev.gatehouse.core.audit.AuditReader;
import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.audit.AuditVerification;
import dev.gatehouse.core.audit.AuditVerifier;
import dev.gatehouse.core.audit.AuditWriter;
import dev.gatehouse.core.audit.journal.AuditJournal;
import dev.gatehouse.core.crypto.KeyIds;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.retention.ArchiveVerification;
import dev.gatehouse.core.retention.Retention;
import dev.gatehouse.core.retention.RetentionPolicy;
import dev.gatehouse.core.runtime.NodeThreads;
import dev.gatehouse.core.runtime.SettingsSource;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A re-key (docs/cluster.md) on a real H2 and a real journal folder: each audit record keeps the id of the key it
 * was chained under in every {@code audit-durability} mode, also when it waited in the journal across the re-key
 * and was replayed into the table by the node on its new key; the chain verifies over table and journal with the
 * old key retired and names the old records {@code unknown_key} without it; retention's archives made before the
 * re-key, and the gaps they cover, still verify.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuditReKeyTest {
    private static final String NODE = "node-rekey";
    private static final byte[] OLD = key(1);
    private static final byte[] NEW = key(2);
    private final String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final EntityManagerFactory emf = GatehousePersistence.open(database, "sa", "");
    private final ResourceLocalTransactions tx = new ResourceLocalTransactions(emf);
    private final List<AutoCloseable> opened = new ArrayList<>();
    @TempDir
    Path folder;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        emf.close();
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private AuditLogs.Opened open(byte[] chainKey, AuditDurability durability) {
        AuditLogs.Opened log = AuditLogs.open(tx, new AuditChain(chainKey), NODE, Duration.ofSeconds(5),
                new AuditStorage(durability, folder, 1 << 20, 1 << 20), Clock.systemUTC(), NodeThreads.plain());
        opened.add(0, log.log());
        return log;
    }

    private static AuditEvent record(String correlation, Instant time) {
        return AuditEvent.builder(AuditKind.CALL_COMPLETED, Outcome.SUCCESS).correlationId(correlation).time(time)
                .gateway("quickstart").tool("echo").build();
    }

    /** The table's records in chain order. */
    private List<AuditEvent> table() {
        return new AuditReader(tx).query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream()
                .sorted(java.util.Comparator.comparing(AuditEvent::nodeSequence)).toList();
    }

    private void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection(database, "sa", ""); var s = c.createStatement()) {
            s.execute(statement);
        }
    }


    @ParameterizedTest
    @EnumSource(AuditDurability.class)
    void recordsWhenReKeyedThenEachKeepsItsKeyIdThroughTheJournalAndVerifiesUnderIt(AuditDurability durability)
            throws Exception {
        // before the re-key: three records in the table, two more left in the journal while the table was away
        AuditDurability before = durability == AuditDurability.DATABASE ? AuditDurability.PROCESS : durability;
        AuditLogs.Opened old = open(OLD, before);
        for (int i = 1; i <= 3; i++) {
            old.log().appendDurably(record("old-" + i, Instant.now()));
        }
        Eventually.await(() -> old.lag().unshipped(), n -> n == 0, "shipped");
        sql("ALTER TABLE gh_audit_event RENAME TO gh_audit_event_off");
        old.log().appendDurably(record("old-4", Instant.now()));
        old.log().appendDurably(record("old-5", Instant.now()));
        old.log().close();
        opened.remove(old.log());
        sql("ALTER TABLE gh_audit_event_off RENAME TO gh_audit_event");

        // the node on its new key: replays (or, in database mode, ships at start) the old records, then writes its own
        AuditLogs.Opened rekeyed = open(NEW, durability);
        for (int i = 6; i <= 8; i++) {
            rekeyed.log().appendDurably(record("new-" + i, Instant.now()));
        }
        List<AuditJournal> journals = rekeyed.journal().stream().toList();
        AuditVerification acrossBoth = new AuditVerifier(tx, new AuditKeys(NEW, List.of(OLD)), journals).verify();
        assertTrue(acrossBoth.intact() && acrossBoth.records() == 8, "table and journal under both keys: " + acrossBoth);

        Eventually.await(() -> rekeyed.lag().unshipped() == 0 ? table().size() : -1, n -> n == 8, "every record in the table");
        List<String> keyIds = table().stream().map(AuditEvent::keyId).toList();
        String oldId = KeyIds.of(OLD);
        String newId = KeyIds.of(NEW);
        assertEquals(List.of(oldId, oldId, oldId, oldId, oldId, newId, newId, newId), keyIds);
        assertTrue(new AuditVerifier(tx, new AuditKeys(NEW, List.of(OLD)), journals).verify().intact());

        AuditVerification withoutOldKey = new AuditVerifier(tx, new AuditKeys(NEW, List.of()), journals).verify();
        assertEquals(5, withoutOldKey.breaks().size(), withoutOldKey::toString);
        assertTrue(withoutOldKey.breaks().stream().allMatch(b -> b.problem() == AuditVerification.Problem.UNKNOWN_KEY
                && oldId.equals(b.keyId())), withoutOldKey::toString);
    }

    @Test
    void archiveWhenMadeBeforeAReKeyThenItAndTheGapItCoversStillVerifyWithTheOldKeyRetired() throws Exception {
        Map<String, String> settings = Map.of("gatehouse.audit-archive-dir", folder.resolve("archives").toString());
        SettingsSource source = new SettingsSource(settings::get, Map.of());
        Instant old = Instant.now().minus(Duration.ofDays(40));
        try (AuditWriter writer = new AuditWriter(tx, new AuditChain(OLD), NODE, Duration.ofSeconds(5))) {
            for (int i = 0; i < 6; i++) {
                writer.appendDurably(record("archived-" + i, old.plusSeconds(i)));
            }
            writer.appendDurably(record("kept", Instant.now()));
        }
        Retention beforeReKey = new Retention(tx, new AuditKeys(OLD, List.of()), Clock.systemUTC(), source);
        beforeReKey.store().put(new RetentionPolicy("quickstart", 30, null, "test", Instant.now()));
        var outcome = beforeReKey.run("test").orElseThrow();
        assertEquals(6, outcome.deleted());
        try (AuditWriter writer = new AuditWriter(tx, new AuditChain(NEW), NODE, Duration.ofSeconds(5))) {
            writer.appendDurably(record("after-rekey", Instant.now()));
        }

        AuditKeys rekeyed = new AuditKeys(NEW, List.of(OLD));
        ArchiveVerification archive = new Retention(tx, rekeyed, Clock.systemUTC(), source)
                .verify(outcome.manifest().id()).orElseThrow();
        assertTrue(archive.intact() && archive.records() == 6, archive::toString);
        AuditVerification chain = new AuditVerifier(tx, rekeyed).withArchives(rekeyed).verify();
        assertTrue(chain.intact() && chain.records() == 2, "the archived gap is stepped over: " + chain);

        AuditKeys newAlone = new AuditKeys(NEW, List.of());
        assertFalse(new Retention(tx, newAlone, Clock.systemUTC(), source).verify(outcome.manifest().id()).orElseThrow()
                .intact(), "without the retired key the archive's signature cannot be checked");
    }
}
