package dev.gatehouse.launcher;

import dev.gatehouse.core.audit.AuditChain;
import dev.gatehouse.core.audit.AuditWriter;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verify command over a real data folder: keys file, H2 file database, records edited behind its back. */
class VerifyAuditTest {
    private static final SettingsSource NO_SETTINGS = new SettingsSource(k -> null, Map.of());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int verify(Path data) {
        return VerifyAudit.run(new String[]{"--data", data.toString()}, Map.of(), NO_SETTINGS,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A data folder as the launcher leaves it, with {@code count} audit records; returns the node id. */
    private static String seed(Path data, int count) {
        GatehouseSettings keys = KeyStoreFile.load(data, NO_SETTINGS);
        EntityManagerFactory emf = GatehousePersistence.open(Main.h2Url(data), "sa", "");
        try (AuditWriter writer = new AuditWriter(new ResourceLocalTransactions(emf), new AuditChain(keys.auditChainKey()),
                keys.nodeId(), Duration.ofSeconds(5))) {
            for (int i = 0; i < count; i++) {
                writer.appendDurably(AuditEvent.builder(AuditKind.ADMIN_ACTION, Outcome.SUCCESS).actor("admin")
                        .detail("seed " + i).build());
            }
        } finally {
            emf.close();
        }
        return keys.nodeId();
    }

    private static void sql(Path data, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(Main.h2Url(data), "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void runWhenUntouchedThenIntactAndExitZero(@TempDir Path data) {
        String node = seed(data, 3);

        assertEquals(VerifyAudit.INTACT, verify(data), err::toString);
        assertTrue(output().contains("1 chain(s), 3 record(s)"), output());
        assertTrue(output().contains("node " + node + ": 3 record(s), sequence 1 to 3"), output());
        assertTrue(output().contains("INTACT"), output());
    }

    @Test
    void runWhenARowIsEditedThenBrokenNamingNodeAndSequenceAndExitOne(@TempDir Path data) throws Exception {
        String node = seed(data, 4);
        sql(data, "update gh_audit_event set actor = 'nobody' where node_seq = 2");

        assertEquals(VerifyAudit.BROKEN, verify(data));
        assertTrue(output().contains("BROKEN: 1 break(s)"), output());
        assertTrue(output().contains("node " + node + " record 2 (id "), output());
        assertTrue(output().contains("content does not match its hash"), output());
    }

    @Test
    void runWhenARowIsDeletedThenTheMissingRecordIsNamed(@TempDir Path data) throws Exception {
        String node = seed(data, 4);
        sql(data, "delete from gh_audit_event where node_seq = 3");

        assertEquals(VerifyAudit.BROKEN, verify(data));
        assertTrue(output().contains("node " + node + " record 3 missing"), output());
    }

    @Test
    void runWhenNoDatabaseThenCannotCheckAndCreatesNothing(@TempDir Path data) {
        assertEquals(VerifyAudit.CANNOT_CHECK, verify(data));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no Gatehouse database"));
        assertEquals(0, data.toFile().list().length);
    }

    @Test
    void runWhenKeysFileMissingThenCannotCheck(@TempDir Path data) throws Exception {
        seed(data, 1);
        java.nio.file.Files.delete(data.resolve("gatehouse-keys.properties"));
        assertEquals(VerifyAudit.CANNOT_CHECK, verify(data));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no audit chain key"));
    }

    @Test
    void runWhenUnknownOptionThenUsageAndExitTwo() {
        int status = VerifyAudit.run(new String[]{"--fix"}, Map.of(), NO_SETTINGS,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(VerifyAudit.CANNOT_CHECK, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--fix'"));
    }
}
