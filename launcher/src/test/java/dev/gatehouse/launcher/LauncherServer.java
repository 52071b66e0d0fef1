package dev.gatehouse.launcher;

import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.KeyStoreFile;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded server as {@code Main} starts it (both WARs from the packaged jar's copies, the demo server on
 * its loopback connector, H2 in a data folder), on a free port, with one token for the demo gateway.
 */
final class LauncherServer implements AutoCloseable {
    final Gatehouse gatehouse;
    final DemoMcpServer demo;
    final EmbeddedServer server;
    final int demoPort;
    final String token;

    LauncherServer(Path data) throws Exception {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {"--host", "127.0.0.1", "--port", "0", "--data", data.toString()}, Map.of());
        LauncherOptions.Database db = options.database();
        EntityManagerFactory emf = GatehousePersistence.open(db.url(), db.user(), db.password());
        gatehouse = Gatehouse.start(KeyStoreFile.load(data, new SettingsSource(k -> null, Map.of())),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        AdminAccounts accounts = AdminAccounts.open(data, Optional.of("launcher-server-Pa55"));
        gatehouse.consoleUsers().manageHere(accounts::rolesByUser);
        demo = DemoMcpServer.create("/mcp");
        server = EmbeddedServer.bind(options, gatehouse, new AdminRealm(accounts, gatehouse.consoleUsers(), gatehouse.signIns()),
                WarFiles.extract(data.resolve("work/webapps")), data.resolve("work"), Optional.of(demo));
        var demoUrl = server.demoUrl(demo).orElseThrow();
        demoPort = demoUrl.getPort();
        DemoSeed.ensure(gatehouse, demoUrl);
        server.start();
        var host = gatehouse.hosts().createHost(new NewHost("Launcher test client", HostKind.TOKEN, "tests"), "admin");
        token = gatehouse.connections().connect(host.id(), DemoSeed.GATEWAY_SLUG, null, "alice").token();
    }

    int port() {
        return server.port();
    }

    String mcpPath() {
        return EmbeddedServer.GATEWAY_CONTEXT + "/mcp/" + DemoSeed.GATEWAY_SLUG;
    }

    /** A raw HTTP/1.1 exchange: the request text as given (ISO-8859-1), the whole reply until the server closes. */
    String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** GET of a raw request target (sent exactly as given, encoded or not). */
    String get(String target) throws IOException {
        return exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    @Override
    public void close() throws Exception {
        server.close();
        demo.close();
        gatehouse.close();
    }
}
