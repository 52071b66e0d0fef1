package dev.gatehouse.launcher;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.SchemaMigrations;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code java -jar gatehouse.jar}: Gatehouse on its embedded default — Jetty 12, an H2 database in the
 * data folder, both WARs, and a demo gateway ready to call.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (LauncherOptions.UsageRequested e) {
            System.out.print(LauncherOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("gatehouse: " + e.getMessage());
            System.err.print(LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, System.out);
        } catch (Exception e) {
            System.err.println("gatehouse: could not start: " + rootMessage(e));
            System.exit(1);
        }
    }

    static void run(LauncherOptions options, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Logging.quiet();
        Path data = options.data();
        Files.createDirectories(data);
        LauncherOptions.Database db = options.database();
        if (options.migrateOnly()) {
            SchemaMigrations.Result result = SchemaMigrations.migrate(db.url(), db.user(), db.password());
            out.println("Gatehouse schema of " + db + ": version " + result.version() + ", " + result.applied()
                    + " migration(s) applied");
            return;
        }
        EntityManagerFactory emf = GatehousePersistence.open(db.url(), db.user(), db.password());
        Gatehouse gatehouse = Gatehouse.start(KeyStoreFile.load(data, SettingsSource.system()),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        AdminAccounts accounts = AdminAccounts.open(data,
                Optional.ofNullable(System.getenv("GATEHOUSE_ADMIN_PASSWORD")).filter(p -> !p.isEmpty()));
        Optional<DemoMcpServer> demo = options.demo() ? Optional.of(DemoMcpServer.create("/mcp")) : Optional.empty();

        EmbeddedServer server = EmbeddedServer.bind(options, gatehouse, new AdminRealm(accounts),
                WarFiles.extract(data.resolve("work/webapps")), data.resolve("work"), demo);
        demo.ifPresent(d -> DemoSeed.ensure(gatehouse, server.demoUrl(d).orElseThrow()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, demo, gatehouse), "gatehouse-shutdown"));
        server.start();

        new StartBanner(options, server.port(), accounts, demo.isPresent(), (System.nanoTime() - started) / 1_000_000)
                .print(out);
        server.join();
    }

    /** The embedded default's database in a data folder (see {@link LauncherOptions#h2Url}). */
    static String h2Url(Path data) {
        return LauncherOptions.h2Url(data);
    }

    private static void stop(EmbeddedServer server, Optional<DemoMcpServer> demo, Gatehouse gatehouse) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("gatehouse: error while stopping the server: " + rootMessage(e));
        }
        demo.ifPresent(DemoMcpServer::close);
        gatehouse.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : e.getMessage() + " (" + message + ")";
    }
}
