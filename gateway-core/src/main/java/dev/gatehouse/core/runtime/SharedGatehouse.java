package dev.gatehouse.core.runtime;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.JtaTransactions;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.jpa.SchemaMigrations;
import jakarta.persistence.EntityManagerFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The one Gatehouse of an application-server deployment. In the EAR the core library is loaded once
 * for both web applications, so whichever starts first creates it and the other reuses it. On a plain
 * servlet container, without persistence units, {@link #acquireStandalone} plays the same role.
 * Its keys live in {@code gatehouse.data} (or {@code GATEHOUSE_DATA}), by default
 * {@code ~/.gatehouse}.
 * <p>
 * Each WAR deployed alone loads its own copy of the core, so one server may run two Gatehouse
 * instances over the same keys. Each writes its own audit chain, so the chain is named after the node
 * <em>and</em> the application ({@code node-1a2b3c4d@gatehouse-admin}): two writers never compete for
 * one chain's sequence numbers.
 */
public final class SharedGatehouse {
    private static Gatehouse instance;
    private static int users;

    private SharedGatehouse() {
    }

    /** The shared instance, created over the container's JTA unit on first use, after migrating its schema. */
    public static synchronized Gatehouse acquire(EntityManagerFactory containerUnit) {
        if (instance == null) {
            SettingsSource source = SettingsSource.system();
            TemporaryDatabase.check(SchemaMigrations.databaseUrl(containerUnit), source, temporaryFolder());
            SchemaMigrations.migrate(containerUnit);
            Path data = dataFolder(source);
            GatehouseSettings settings = KeyStoreFile.load(data, source, serverJournalFolder(data));
            instance = Gatehouse.start(settings.withNodeId(chainName(settings.nodeId(), applicationName())),
                    new JtaTransactions(containerUnit), Clock.systemUTC(), () -> { });
        }
        users++;
        return instance;
    }

    /**
     * The shared instance on a plain servlet container (Jetty, Tomcat), which offers no persistence unit:
     * a resource-local unit over the JDBC database of the {@code db-url} setting ({@code gatehouse.db-url}
     * or {@code GATEHOUSE_DB_URL}, with {@code db-user} and {@code db-password}), migrated first. The JDBC
     * driver comes from the container's class path.
     *
     * @param application names this copy's audit chain, e.g. the web application's context path
     */
    public static synchronized Gatehouse acquireStandalone(String application) {
        if (instance == null) {
            SettingsSource source = SettingsSource.system();
            String url = source.get("db-url").orElseThrow(() -> new IllegalStateException(
                    "Gatehouse on a plain servlet container needs the db-url setting (gatehouse.db-url or GATEHOUSE_DB_URL)"));
            TemporaryDatabase.check(url, source, temporaryFolder());
            EntityManagerFactory emf = GatehousePersistence.open(url, source.get("db-user").orElse(""),
                    source.get("db-password").orElse(""));
            GatehouseSettings settings = KeyStoreFile.load(dataFolder(source), source);
            instance = Gatehouse.start(settings.withNodeId(chainName(settings.nodeId(), Optional.of(application))),
                    new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        }
        users++;
        return instance;
    }

    /** Whether a plain servlet container has been given a database ({@link #acquireStandalone}). */
    public static boolean standaloneConfigured() {
        return SettingsSource.system().get("db-url").isPresent();
    }

    private static Path temporaryFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static Path dataFolder(SettingsSource source) {
        return source.get("data").map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".gatehouse"));
    }

    /**
     * The audit journal's default folder in an application server: the server's own data directory
     * ({@code jboss.server.data.dir} on WildFly, the instance root {@code com.sun.aas.instanceRoot} on Payara),
     * else the data folder.
     */
    static Path serverJournalFolder(Path data) {
        return ServerDataFolder.of().map(p -> p.resolve("gatehouse-audit-journal"))
                .orElse(data.resolve(KeyStoreFile.JOURNAL_FOLDER));
    }

    /** The audit chain of this node's copy of Gatehouse in the given application, within the 64-character limit. */
    static String chainName(String nodeId, Optional<String> application) {
        String name = application.map(app -> nodeId + "@" + app).orElse(nodeId);
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /** The deployment's application name (Jakarta EE {@code java:app/AppName}): the EAR's, or the WAR's when alone. */
    private static Optional<String> applicationName() {
        try {
            return Optional.ofNullable(new InitialContext().lookup("java:app/AppName")).map(Object::toString);
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Called by each web application as it stops; the last one closes Gatehouse. */
    public static synchronized void release() {
        if (users > 0 && --users == 0 && instance != null) {
            instance.close();
            instance = null;
        }
    }
}
