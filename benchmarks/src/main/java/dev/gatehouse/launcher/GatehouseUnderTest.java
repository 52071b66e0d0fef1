package dev.gatehouse.launcher;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.NewHost;
import jakarta.persistence.EntityManagerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The embedded launcher assembled for a benchmark: the same Jetty, the same two WARs and the same
 * runtime as {@code java -jar gatehouse.jar}, but on a database URL of the benchmark's choosing and with
 * the Quickstart gateway pointed at an upstream the benchmark also calls directly. Lives in the
 * launcher's package to reuse its package-private assembly rather than copy it.
 */
public final class GatehouseUnderTest implements AutoCloseable {
    private final Gatehouse gatehouse;
    private final EmbeddedServer server;
    private final String token;

    private GatehouseUnderTest(Gatehouse gatehouse, EmbeddedServer server, String token) {
        this.gatehouse = gatehouse;
        this.server = server;
        this.token = token;
    }

    /** The launcher's logging setup (warnings only), for everything the benchmark starts. */
    public static void quietLogs() {
        Logging.configure();
    }

    /**
     * Starts Gatehouse on a free port.
     *
     * @param jdbcUrl null for the embedded default (H2 in {@code data}, as the launcher opens it)
     */
    public static GatehouseUnderTest start(Path data, String jdbcUrl, String user, String password, URI upstream)
            throws Exception {
        Logging.configure();
        Files.createDirectories(data);
        LauncherOptions.Database db = jdbcUrl == null ? new LauncherOptions.Database(Main.h2Url(data), "sa", "")
                : new LauncherOptions.Database(jdbcUrl, user, password);
        EntityManagerFactory emf = GatehousePersistence.open(db.url(), db.user(), db.password());
        Gatehouse gatehouse = Gatehouse.start(KeyStoreFile.load(data, SettingsSource.system()),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        LauncherOptions options = new LauncherOptions("127.0.0.1", 0, data, false, db, false);
        EmbeddedServer server = EmbeddedServer.bind(options, gatehouse,
                new AdminRealm(AdminAccounts.open(data, Optional.of("bench-admin-" + System.nanoTime())), gatehouse.consoleUsers(),
                        gatehouse.signIns()),
                WarFiles.extract(data.resolve("work/webapps")), data.resolve("work"), Optional.empty());
        DemoSeed.ensure(gatehouse, upstream);
        server.start();
        String hostId = gatehouse.hosts().createHost(new NewHost("bench", HostKind.TOKEN, "load driver"), "bench").id();
        String token = gatehouse.connections().connect(hostId, DemoSeed.GATEWAY_SLUG, null, "bench").token();
        return new GatehouseUnderTest(gatehouse, server, token);
    }

    public Gatehouse runtime() {
        return gatehouse;
    }

    public URI mcpUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + EmbeddedServer.GATEWAY_CONTEXT + "/mcp/"
                + DemoSeed.GATEWAY_SLUG);
    }

    public String token() {
        return token;
    }

    @Override
    public void close() throws Exception {
        server.close();
        gatehouse.close();
    }
}
