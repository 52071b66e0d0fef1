package dev.gatehouse.launcher;

import dev.gatehouse.core.users.PasswordRules;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.SchemaMigrations;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.retention.Retention;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar gatehouse.jar}: Gatehouse on its embedded default — Jetty 12, an H2 database in the
 * data folder, both WARs, and a demo gateway ready to call. {@code java -jar gatehouse.jar demo-upstream}
 * runs the demo MCP server alone ({@link DemoUpstreamCommand}), for a first run on an application server;
 * {@code java -jar gatehouse.jar bridge -- COMMAND} serves a stdio MCP server over HTTP ({@link BridgeCommand}).
 * {@code java -jar gatehouse.jar ship-audit-journal} ships the audit journal of a node that will not come back
 * ({@link ShipJournalCommand}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && DemoUpstreamCommand.NAME.equals(args[0])) {
            DemoUpstreamCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            return;
        }
        if (args.length > 0 && BridgeCommand.NAME.equals(args[0])) {
            BridgeCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
            return;
        }
        if (args.length > 0 && UpstreamAuthClientCommand.NAME.equals(args[0])) {
            System.exit(UpstreamAuthClientCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && ShipJournalCommand.NAME.equals(args[0])) {
            System.exit(ShipJournalCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
                    SettingsSource.system(), System.out, System.err));
            return;
        }
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
        Optional<Running> running = start(options, System.getenv(), out);
        if (running.isPresent()) {
            Running r = running.get();
            Runtime.getRuntime().addShutdownHook(new Thread(r::close, "gatehouse-shutdown"));
            r.server().join();
        }
    }

    /** Gatehouse started and serving; closing it stops the server, the demo and the runtime, in that order. */
    record Running(EmbeddedServer server, Optional<DemoMcpServer> demo, Gatehouse gatehouse) implements AutoCloseable {
        int port() {
            return server.port();
        }

        @Override
        public void close() {
            stop(server, demo, gatehouse);
        }
    }

    /**
     * Starts Gatehouse as {@link #run} does, without waiting for it to end (in-process tests); empty when
     * the options only migrate the schema.
     *
     * @param env the environment ({@code GATEHOUSE_ADMIN_PASSWORD})
     */
    static Optional<Running> start(LauncherOptions options, Map<String, String> env, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Logging.configure();
        Optional<String> adminPassword = Optional.ofNullable(env.get("GATEHOUSE_ADMIN_PASSWORD")).filter(p -> !p.isEmpty());
        adminPassword.ifPresent(p -> PasswordRules.check("GATEHOUSE_ADMIN_PASSWORD", p));
        LauncherOptions.Database db = options.database();
        // a migration keeps nothing of the node: no data folder for it unless the database lives there (H2)
        boolean needsFolder = !options.migrateOnly() || db.url().startsWith("jdbc:h2:");
        Path data = needsFolder ? DataFolder.prepare(options.data()) : options.data();
        if (options.migrateOnly()) {
            SchemaMigrations.Result result = SchemaMigrations.migrate(db.url(), db.user(), db.password());
            out.println("Gatehouse schema of " + db + ": version " + result.version() + ", " + result.applied()
                    + " migration(s) applied");
            DataFolder.tighten(data);
            return Optional.empty();
        }
        defaultArchiveFolder(data);
        EntityManagerFactory emf = GatehousePersistence.open(db.url(), db.user(), db.password());
        Gatehouse gatehouse = Gatehouse.start(KeyStoreFile.load(data, SettingsSource.system()),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        AdminAccounts accounts = AdminAccounts.open(data, adminPassword);
        gatehouse.consoleUsers().manageHere(accounts::rolesByUser);
        endConsentsOfRemovedUsers(gatehouse, accounts, out);
        Optional<DemoMcpServer> demo = options.demo() ? Optional.of(DemoMcpServer.create("/mcp")) : Optional.empty();

        AdminRealm realm = new AdminRealm(accounts, gatehouse.consoleUsers(), gatehouse.signIns());
        EmbeddedServer server = EmbeddedServer.bind(options, gatehouse, realm,
                WarFiles.extract(data.resolve("work/webapps")), data.resolve("work"), demo);
        demo.ifPresent(d -> DemoSeed.ensure(gatehouse, server.demoUrl(d).orElseThrow()));
        server.start();
        DataFolder.tighten(data);

        new StartBanner(options, server.port(), accounts, demo.isPresent(), (System.nanoTime() - started) / 1_000_000)
                .print(out);
        return Optional.of(new Running(server, demo, gatehouse));
    }

    /** Audit retention archives go to {@code DATA/audit-archive} unless {@code audit-archive-dir} names another folder. */
    private static void defaultArchiveFolder(Path data) {
        if (SettingsSource.system().get(Retention.ARCHIVE_DIR_SETTING).isEmpty()) {
            System.setProperty("gatehouse." + Retention.ARCHIVE_DIR_SETTING, data.resolve("audit-archive").toAbsolutePath().toString());
        }
    }

    /**
     * A user removed from {@code admin-users.properties} (the file is read at start) and not a console user of the
     * database loses what acts as them:
     * their OAuth consents and the access and refresh tokens issued on them, and their upstream identities
     * (deleted, and revoked at the upstream where it offers RFC 7009). API tokens they generated belong
     * to their hosts and stay (the break-glass revocation by user ends those too).
     */
    private static void endConsentsOfRemovedUsers(Gatehouse gatehouse, AdminAccounts accounts, PrintStream out) {
        java.util.Set<String> users = new java.util.HashSet<>(accounts.users());
        gatehouse.consoleUsers().list().forEach(u -> users.add(u.name())); // a disabled user's consents ended at once
        var removed = gatehouse.oauth().revokeConsentsOfRemovedUsers(users, "launcher: user removed");
        if (!removed.isEmpty()) {
            out.println("Ended the OAuth consents and tokens of " + removed.size()
                    + " user(s) no longer in " + AdminAccounts.FILE_NAME);
        }
        java.util.Set<String> owners = new java.util.TreeSet<>(gatehouse.identities().owners());
        owners.removeAll(users);
        for (String owner : owners) {
            gatehouse.identities().deleteOfOwner(owner, "launcher: user removed").forEach(gatehouse.upstreamRevocation());
        }
        if (!owners.isEmpty()) {
            out.println("Deleted the upstream identities of " + owners.size() + " user(s) no longer in "
                    + AdminAccounts.FILE_NAME);
        }
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
