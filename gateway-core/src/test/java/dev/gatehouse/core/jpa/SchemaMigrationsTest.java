package dev.gatehouse.core.jpa;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewHost;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema migrations on H2: a new database, one made by the builds before migrations, and a shared one. */
class SchemaMigrationsTest {
    /** The migrations after version 1, as the history names them ("2 oauth authorization server", ...). */
    private static final List<String> LATER = laterMigrations();

    private static List<String> laterMigrations() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("src/main/resources/db/migration/h2"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                    .map(n -> n.substring(1, n.length() - 4).split("__", 2))
                    .filter(v -> !v[0].equals("1"))
                    .sorted(java.util.Comparator.comparingInt(v -> Integer.parseInt(v[0])))
                    .map(v -> v[0] + " " + v[1].replace('_', ' ')).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> with(String... first) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(LATER);
        return all;
    }

    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void newDatabaseIsMigratedToTheLatestVersionOnceAndOnlyOnce() {
        SchemaMigrations.Result first = SchemaMigrations.migrate(url, "sa", "");
        SchemaMigrations.Result second = SchemaMigrations.migrate(url, "sa", "");

        String latest = LATER.isEmpty() ? "1" : LATER.get(LATER.size() - 1).split(" ", 2)[0]; // versions may have gaps
        assertEquals(new SchemaMigrations.Result("h2", latest, 1 + LATER.size(), false), first);
        assertEquals(new SchemaMigrations.Result("h2", latest, 0, false), second);
    }

    @Test
    void databaseCreatedByAnOlderDdlGenerationBuildIsAdoptedAsVersionOneWithItsData() throws SQLException {
        EntityManagerFactory legacy = openAsBeforeMigrations(url);
        String hostId = withGatehouse(legacy, g -> g.hosts().createHost(new NewHost("Old bot", HostKind.TOKEN, null), "admin").id());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            // as made by an older build, before gateways had a prefix mode
            s.execute("ALTER TABLE gh_gateway DROP COLUMN prefix_mode");
        }

        EntityManagerFactory emf = GatehousePersistence.open(url, "sa", "");
        String name = withGatehouse(emf, g -> g.hosts().host(hostId).orElseThrow().name());

        assertEquals("Old bot", name);
        assertEquals(with("1 " + SchemaMigrations.LEGACY_DESCRIPTION), history());
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT count(prefix_mode) FROM gh_gateway")) {
            assertTrue(r.next(), "the column an older build lacked is back");
        }
    }

    @Test
    void schemaSharedWithAnotherApplicationGetsGatehouseBesideIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE other_app_orders (id INT PRIMARY KEY)");
        }

        SchemaMigrations.Result result = SchemaMigrations.migrate(url, "sa", "");

        assertEquals(1 + LATER.size(), result.applied());
        assertEquals(with("0 before Gatehouse", "1 gatehouse schema"), history());
    }

    private List<String> history() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT \"version\", \"description\" FROM \""
                     + SchemaMigrations.HISTORY_TABLE + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return rows;
    }

    /** The unit as the builds before migrations opened it: EclipseLink creating the tables itself. */
    private static EntityManagerFactory openAsBeforeMigrations(String url) {
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.jdbc.url", url);
        props.put("jakarta.persistence.jdbc.user", "sa");
        props.put("jakarta.persistence.jdbc.password", "");
        props.put("eclipselink.ddl-generation", "create-or-extend-tables");
        props.put("eclipselink.ddl-generation.output-mode", "database");
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.session-name", GatehousePersistence.VERSION_1_SESSION);
        EntityManagerFactory emf = new org.eclipse.persistence.jpa.PersistenceProvider()
                .createContainerEntityManagerFactory(
                GatehousePersistence.unitInfo(GatehousePersistence.VERSION_1_ENTITY_CLASSES), props);
        emf.createEntityManager().close(); // deploys, and so creates the tables
        assertTrue(emf.isOpen());
        return emf;
    }

    private static <T> T withGatehouse(EntityManagerFactory emf, java.util.function.Function<Gatehouse, T> work) {
        GatehouseSettings settings = new GatehouseSettings("node-a", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of());
        try (Gatehouse g = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close)) {
            return work.apply(g);
        }
    }
}
