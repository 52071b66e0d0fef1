package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewHost;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.gatehouse.core.retention.Retention;
import dev.gatehouse.core.retention.RetentionPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented PostgreSQL roles (docs/sql/postgresql-roles.sql, run as written) on a real server:
 * the owner migrates, the application role runs Gatehouse and may insert and read audit records but
 * never update, delete or truncate them, and only the retention role purges.
 */
class PostgresPrivilegesTest {
    /** PostgreSQL's SQLSTATE for "insufficient privilege". */
    private static final String DENIED = "42501";
    private static String url;
    /** One sealing key for every Gatehouse started on this test's database (a node with another is refused). */
    private static final String SEALING_KEY = SecretBox.newEncodedKey();

    @BeforeAll
    static void rolesSchemaAndMigrations() throws IOException {
        url = PostgresServer.newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1);
        String script = Files.readString(Path.of("../docs/sql/postgresql-roles.sql"));
        try {
            PostgresServer.superuser(database, script);
        } catch (IllegalStateException rolesExist) {
            // roles are cluster-wide: another database of this server created them; the schema is per database
            PostgresServer.superuser(database, "CREATE SCHEMA gatehouse AUTHORIZATION gatehouse_owner",
                    "GRANT USAGE ON SCHEMA gatehouse TO gatehouse_app, gatehouse_retention");
        }
        SchemaMigrations.migrate(url, "gatehouse_owner", "");
    }

    @Test
    void gatehouseRunsAsTheApplicationRoleAndAuditsItsActions() {
        EntityManagerFactory emf = GatehousePersistence.open(url, "gatehouse_app", "");
        GatehouseSettings settings = new GatehouseSettings("node-pg", new byte[32], SEALING_KEY,
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        try (Gatehouse g = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close)) {
            String id = g.hosts().createHost(new NewHost("PG bot", HostKind.TOKEN, null), "admin").id();
            assertEquals("PG bot", g.hosts().host(id).orElseThrow().name());
        }
    }

    @Test
    void applicationRoleInsertsAndReadsAuditRecordsButNeverChangesThem() throws SQLException {
        try (Connection app = connect("gatehouse_app"); Statement s = app.createStatement()) {
            s.executeUpdate(insertAudit(9001));
            assertEquals(1, count(s, "SELECT count(*) FROM gh_audit_event WHERE id = 9001"));

            assertDenied(s, "UPDATE gh_audit_event SET detail = 'rewritten' WHERE id = 9001");
            assertDenied(s, "DELETE FROM gh_audit_event WHERE id = 9001");
            assertDenied(s, "TRUNCATE gh_audit_event");
            assertEquals(1, count(s, "SELECT count(*) FROM gh_audit_event WHERE id = 9001 AND detail IS NULL"));
        }
    }

    @Test
    void onlyTheRetentionRolePurgesAndItChangesNothingElse() throws SQLException {
        try (Connection app = connect("gatehouse_app"); Statement s = app.createStatement()) {
            s.executeUpdate(insertAudit(9002));
        }
        try (Connection retention = connect("gatehouse_retention"); Statement s = retention.createStatement()) {
            assertDenied(s, "UPDATE gh_audit_event SET detail = 'rewritten' WHERE id = 9002");
            assertDenied(s, "DELETE FROM gh_host");
            assertDenied(s, insertAudit(9003));
            assertEquals(1, s.executeUpdate("DELETE FROM gh_audit_event WHERE id = 9002 AND event_time < now()"));
        }
    }

    /**
     * Retention on a node that connects as the application role: its own connection may not delete (the run
     * fails, nothing is lost, the chain still verifies); with {@code retention-db-url} the delete goes through the
     * retention role and verify steps over the archived records.
     */
    @Test
    void retentionRunDeletesThroughTheRetentionRoleOnly(@org.junit.jupiter.api.io.TempDir Path archives) {
        EntityManagerFactory emf = GatehousePersistence.open(url, "gatehouse_app", "");
        byte[] key = new byte[32];
        GatehouseSettings settings = new GatehouseSettings("node-retention", key, SEALING_KEY,
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        ResourceLocalTransactions tx = new ResourceLocalTransactions(emf);
        try (Gatehouse g = Gatehouse.start(settings, tx, Clock.systemUTC(), emf::close)) {
            java.time.Instant old = java.time.Instant.now().minus(Duration.ofDays(40));
            for (int i = 0; i < 6; i++) {
                g.audit().appendDurably(dev.gatehouse.core.model.AuditEvent.builder(dev.gatehouse.core.model.AuditKind.CALL_COMPLETED,
                        dev.gatehouse.core.model.Outcome.SUCCESS).gateway("retained").time(old.plusSeconds(i)).build());
            }
            java.util.Map<String, String> own = java.util.Map.of("gatehouse.audit-archive-dir", archives.toString());
            Retention asApp = new Retention(tx, key, Clock.systemUTC(), new dev.gatehouse.core.runtime.SettingsSource(own::get, java.util.Map.of()));
            asApp.store().put(new RetentionPolicy("retained", 30, null, "test", java.time.Instant.now()));
            RuntimeException refused = assertThrows(RuntimeException.class, () -> asApp.run("test"));
            assertTrue(causes(refused).contains("permission denied"), causes(refused));
            assertEquals(6, count("SELECT count(*) FROM gh_audit_event WHERE gateway = 'retained'"));

            java.util.Map<String, String> viaRole = java.util.Map.of("gatehouse.audit-archive-dir", archives.toString(),
                    "gatehouse.retention-db-url", url, "gatehouse.retention-db-user", "gatehouse_retention");
            Retention asRetention = new Retention(tx, key, Clock.systemUTC(),
                    new dev.gatehouse.core.runtime.SettingsSource(viaRole::get, java.util.Map.of()));
            assertEquals(5, asRetention.run("test").orElseThrow().deleted(), "every due record but the chain head");
            assertEquals(1, count("SELECT count(*) FROM gh_audit_event WHERE gateway = 'retained'"));
            var verified = new dev.gatehouse.core.audit.AuditVerifier(tx, new dev.gatehouse.core.audit.AuditChain(key))
                    .withArchives(key).verify();
            assertTrue(verified.intact(), String.valueOf(verified.breaks()));
        }
    }

    private static long count(String sql) {
        try (Connection c = connect("gatehouse_app"); Statement s = c.createStatement()) {
            return count(s, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole cause chain of a failure as text. */
    private static String causes(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append(' ');
        }
        return s.toString();
    }

    private static Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(url, role, "");
    }

    private static String insertAudit(long id) {
        return "INSERT INTO gh_audit_event (id, correlation_id, event_time, kind, outcome, node_id, node_seq, hash)"
                + " VALUES (" + id + ", 'c-" + id + "', now() - interval '1 day', 'ADMIN_ACTION', 'SUCCESS', 'node-test', "
                + id + ", 'h')";
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void assertDenied(Statement s, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals(DENIED, e.getSQLState(), sql + ": " + e.getMessage());
    }
}
