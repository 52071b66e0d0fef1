package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V18 on a database with servers as the builds before identities stored them (their header credential on the
 * server row): each credential becomes the server's shared identity, sealed as it was, and the server keeps
 * presenting it; a server without one gets none.
 */
class SharedIdentityMigrationTest {
    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void migrationWhenAServerHadAHeaderCredentialThenItIsTheServersSharedIdentityAndStillSent() throws Exception {
        String key = SecretBox.newEncodedKey();
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2")
                .table(SchemaMigrations.HISTORY_TABLE).target("17")
                .placeholders(Map.of("legacyTimeZone", SchemaMigrations.legacyTimeZone("h2", java.time.ZoneId.systemDefault())))
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO gh_upstream_server (id, name, slug, url, transport,"
                     + " auth_header_name, auth_secret_sealed, connect_timeout_ms, read_timeout_ms, enabled, created_by,"
                     + " created_at) VALUES (?, ?, ?, 'http://localhost:9/mcp', 'STREAMABLE_HTTP', ?, ?, 5000, 60000, TRUE,"
                     + " 'admin', CURRENT_TIMESTAMP)")) {
            insert.setString(1, "11111111-1111-1111-1111-111111111111");
            insert.setString(2, "GitHub");
            insert.setString(3, "github");
            insert.setString(4, "X-Api-Key");
            insert.setString(5, SecretBox.fromBase64(key).seal("the-service-account-key"));
            insert.executeUpdate();
            insert.setString(1, "22222222-2222-2222-2222-222222222222");
            insert.setString(2, "Open");
            insert.setString(3, "open");
            insert.setString(4, null);
            insert.setString(5, null);
            insert.executeUpdate();
        }

        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        GatehouseSettings settings = new GatehouseSettings("node-a", new byte[32], key, Duration.ofSeconds(5),
                GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        try (Gatehouse g = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close)) {
            UpstreamServer github = g.catalog().server("github").orElseThrow();
            assertEquals(Optional.of(new UpstreamServer.Credential("X-Api-Key", "the-service-account-key")), github.credential());
            List<UpstreamIdentity> identities = g.identities().list(Optional.empty());
            assertEquals(1, identities.size());
            UpstreamIdentity shared = identities.get(0);
            assertTrue(shared.shared());
            assertEquals(github.id(), shared.id());
            assertEquals(UpstreamIdentity.Kind.SECRET, shared.kind());
            assertEquals("X-Api-Key", shared.headerName());
            assertEquals(Optional.empty(), g.catalog().server("open").orElseThrow().credential());
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT auth_secret_sealed FROM gh_upstream_server WHERE slug = 'github'")) {
            assertTrue(r.next());
            assertNull(r.getString(1), "the old column no longer holds it");
        }
    }
}
