package dev.gatehouse.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import org.eclipse.persistence.jpa.JpaEntityManagerFactory;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Brings the database to the schema the entities expect, with the versioned SQL scripts in
 * {@code db/migration/h2} and {@code db/migration/postgresql} (Flyway), before any entity manager
 * touches it: at every start of the launcher and at every deployment in an application server.
 * Nodes that start together are safe: Flyway serialises them with a database lock.
 * <p>
 * Two kinds of existing database are adopted rather than refused:
 * <ul>
 *   <li>a Gatehouse database created by the builds before migrations (EclipseLink DDL generation, the
 *       launcher's data folder): it is extended to the entities as those builds did at every start, which
 *       makes it version 1 exactly, and marked as version 1 ({@value #LEGACY_DESCRIPTION});</li>
 *   <li>a shared schema holding other applications' tables (an application server's default datasource):
 *       version 1 is applied beside them.</li>
 * </ul>
 */
public final class SchemaMigrations {
    /** Flyway's own bookkeeping table, named like every Gatehouse table. */
    public static final String HISTORY_TABLE = "gh_schema_history";
    static final String LEGACY_DESCRIPTION = "schema created by EclipseLink before migrations";
    private static final String LEGACY_MARKER_TABLE = "gh_audit_event";
    private static final System.Logger LOG = System.getLogger(SchemaMigrations.class.getName());

    private SchemaMigrations() {
    }

    /** The outcome of one run: the version the database is now at, and how many scripts were applied. */
    public record Result(String vendor, String version, int applied, boolean adoptedLegacy) {
    }

    /** Migrates the database behind an application server's persistence unit. */
    public static Result migrate(EntityManagerFactory containerUnit) {
        return migrate(dataSourceOf(containerUnit));
    }

    /** The JDBC URL of the database behind an application server's persistence unit, as its driver reports it. */
    public static String databaseUrl(EntityManagerFactory containerUnit) {
        try (Connection c = dataSourceOf(containerUnit).getConnection()) {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("Gatehouse cannot reach its database: " + e.getMessage(), e);
        }
    }

    /** Migrates the database at a JDBC URL (the launcher, tests). */
    public static Result migrate(String jdbcUrl, String user, String password) {
        FluentConfiguration configuration = configure().dataSource(jdbcUrl, user, password == null ? "" : password);
        if (isLegacy(configuration)) {
            GatehousePersistence.extendAsBeforeMigrations(jdbcUrl, user, password);
        }
        return migrate(configuration);
    }

    /** Migrates the database behind {@code dataSource}. */
    public static Result migrate(DataSource dataSource) {
        return migrate(configure().dataSource(dataSource));
    }

    private static FluentConfiguration configure() {
        return Flyway.configure(SchemaMigrations.class.getClassLoader());
    }

    /** Fails with a message naming the cause. */
    private static Result migrate(FluentConfiguration configuration) {
        String vendor;
        boolean legacy;
        try (Connection c = configuration.getDataSource().getConnection()) {
            vendor = vendorOf(c.getMetaData());
            legacy = tableExists(c, LEGACY_MARKER_TABLE) && !tableExists(c, HISTORY_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Gatehouse cannot reach its database to check the schema: " + e.getMessage(), e);
        }
        Flyway flyway = configuration
                .locations("classpath:db/migration/" + vendor)
                .table(HISTORY_TABLE)
                // a non-empty schema without history: version 1 is already there (legacy) or still to apply (shared)
                .baselineOnMigrate(true)
                .baselineVersion(legacy ? "1" : "0")
                .baselineDescription(legacy ? LEGACY_DESCRIPTION : "before Gatehouse")
                .validateMigrationNaming(true)
                .placeholders(java.util.Map.of("legacyTimeZone", legacyTimeZone(vendor, java.time.ZoneId.systemDefault())))
                .load();
        try {
            MigrateResult result = flyway.migrate();
            String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
            Result outcome = new Result(vendor, version, result.migrationsExecuted, legacy);
            if (legacy || outcome.applied() > 0) {
                LOG.log(System.Logger.Level.INFO, "Gatehouse " + vendor + " schema now at version " + version + " ("
                        + (legacy ? "adopted a schema created before migrations, " : "") + outcome.applied() + " applied)");
            }
            return outcome;
        } catch (RuntimeException e) {
            throw new IllegalStateException("Gatehouse could not bring the " + vendor + " schema up to date: "
                    + e.getMessage() + " (a node that connects as the application role, which may not create"
                    + " tables, needs the schema migrated by its owner first: java -jar gatehouse.jar --migrate-only"
                    + " --db-url ... --db-user gatehouse_owner; see docs/cluster.md)", e);
        }
    }

    /**
     * The zone in which times stored before V5 (TIMESTAMP without zone, written through the JVM's default zone)
     * are read: this JVM's default zone, as the database names it. A region (Europe/Berlin) is named as such,
     * so daylight saving is applied per value; a fixed offset is written as H2 reads it (ISO, east positive)
     * or as PostgreSQL does (POSIX, west positive).
     */
    static String legacyTimeZone(String vendor, java.time.ZoneId zone) {
        java.time.ZoneId normal = zone.normalized();
        if (!(normal instanceof java.time.ZoneOffset offset)) {
            return zone.getId();
        }
        if (vendor.equals("h2")) {
            return offset.getTotalSeconds() == 0 ? "UTC" : offset.getId();
        }
        if (offset.getTotalSeconds() == 0) {
            return "UTC";
        }
        java.time.ZoneOffset west = java.time.ZoneOffset.ofTotalSeconds(-offset.getTotalSeconds());
        return "UTC" + west.getId();
    }

    private static boolean isLegacy(FluentConfiguration configuration) {
        try (Connection c = configuration.getDataSource().getConnection()) {
            return tableExists(c, LEGACY_MARKER_TABLE) && !tableExists(c, HISTORY_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Gatehouse cannot reach its database to check the schema: " + e.getMessage(), e);
        }
    }

    /** The migration folder for the database product: {@code h2} or {@code postgresql}. */
    static String vendorOf(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return "h2";
        }
        if (product.contains("postgres")) {
            return "postgresql";
        }
        throw new IllegalStateException("Gatehouse ships schema migrations for H2 and PostgreSQL, not for "
                + meta.getDatabaseProductName() + "; point its datasource at one of those");
    }

    /** Whether the table is in the connection's current schema (H2 folds names to upper case, PostgreSQL to lower). */
    private static boolean tableExists(Connection c, String table) throws SQLException {
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet r = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JTA datasource EclipseLink was given by the container for the unit. */
    static DataSource dataSourceOf(EntityManagerFactory unit) {
        if (!(unit.unwrap(JpaEntityManagerFactory.class).getServerSession().getDatasourceLogin() instanceof DatasourceLogin login)) {
            throw new IllegalStateException("Gatehouse cannot find the datasource of its persistence unit to migrate the schema");
        }
        if (login.getConnector() instanceof JNDIConnector jndi && jndi.getDataSource() != null) {
            return jndi.getDataSource();
        }
        throw new IllegalStateException("Gatehouse cannot find the datasource of its persistence unit to migrate"
                + " the schema (connector: " + login.getConnector() + ")");
    }
}
