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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's own connectors with {@link ConnectorLimits} (docs/security-tests.md, "HTTP"), on the real
 * embedded server as {@code Main} starts it (both WARs, the demo server on its loopback connector, H2 in
 * a data folder): a client that sends its body one byte a second gets {@code 408} and the connection is
 * closed within seconds, on both connectors; oversized headers get {@code 431}; a normal client is
 * served; and a reply that is slow but legal (the demo's {@code slow_count} as an event stream, far below
 * 1 KiB/s) is not cut, since only the request has a minimum data rate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorLimitsTest {
    /** A trickling client would need this long to finish its body; the server must give up long before. */
    private static final int TRICKLE_SECONDS = 120;

    private Gatehouse gatehouse;
    private DemoMcpServer demo;
    private EmbeddedServer server;
    private int demoPort;
    private String token;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        LauncherOptions options = LauncherOptions.parse(
                new String[] {"--host", "127.0.0.1", "--port", "0", "--data", data.toString()}, Map.of());
        LauncherOptions.Database db = options.database();
        EntityManagerFactory emf = GatehousePersistence.open(db.url(), db.user(), db.password());
        gatehouse = Gatehouse.start(KeyStoreFile.load(data, new SettingsSource(k -> null, Map.of())),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        AdminAccounts accounts = AdminAccounts.open(data, Optional.of("connector-limits-Pa55"));
        demo = DemoMcpServer.create("/mcp");
        server = EmbeddedServer.bind(options, gatehouse, new AdminRealm(accounts, gatehouse.signIns()), WarFiles.extract(data.resolve("work/webapps")),
                data.resolve("work"), Optional.of(demo));
        URI demoUrl = server.demoUrl(demo).orElseThrow();
        demoPort = demoUrl.getPort();
        DemoSeed.ensure(gatehouse, demoUrl);
        server.start();
        var host = gatehouse.hosts().createHost(new NewHost("Slow client", HostKind.TOKEN, "tests"), "admin");
        token = gatehouse.connections().connect(host.id(), DemoSeed.GATEWAY_SLUG, null, "alice").token();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        demo.close();
        gatehouse.close();
    }

    private String mcpPath() {
        return EmbeddedServer.GATEWAY_CONTEXT + "/mcp/" + DemoSeed.GATEWAY_SLUG;
    }

    private String mcpHeaders() {
        return "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n";
    }

    /**
     * Sends the head, then the body at one byte a second for at most {@code seconds} (or at once when 0);
     * returns the status line.
     */
    private static String post(int port, String path, String headers, int bodyLength, int seconds) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                if (seconds == 0) {
                    out.write(ping().getBytes(StandardCharsets.US_ASCII));
                } else {
                    for (int i = 0; i < seconds && i < bodyLength; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(1000);
                    }
                }
                out.flush();
            } catch (IOException closed) {
                // the server gave up on us: read its answer below
            }
            byte[] reply = socket.getInputStream().readNBytes(64);
            return new String(reply, StandardCharsets.ISO_8859_1).split("\r\n")[0];
        }
    }

    private static String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    }

    /** Trickles a body to the connector; returns the status line once the server gave up on it. */
    private static String trickle(int port, String path, String headers) throws Exception {
        long start = System.nanoTime();
        String status = post(port, path, headers, 1000, TRICKLE_SECONDS);
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        // every byte resets the idle timeout: only the minimum data rate ends this before the body would (generous bound)
        assertTrue(seconds < TRICKLE_SECONDS / 2, seconds + " s");
        return status;
    }

    @Test
    void postWhenBodyTricklesInAtOneBytePerSecondThen408AndClosedWithinSeconds() throws Exception {
        assertEquals("HTTP/1.1 408 Request Timeout", trickle(server.port(), mcpPath(), mcpHeaders()));
    }

    @Test
    void postToTheDemoConnectorWhenBodyTricklesInThenRefusedAndClosedWithinSeconds() throws Exception {
        String status = trickle(demoPort, EmbeddedServer.DEMO_CONTEXT + demo.endpoint(),
                "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        // Jetty's 408 reaches the MCP SDK's servlet as a failed read, which it answers with its own 500
        assertTrue(status.equals("HTTP/1.1 408 Request Timeout") || status.equals("HTTP/1.1 500 Server Error"), status);
    }

    @Test
    void postWhenHeadersOversizedThen431() throws Exception {
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", post(server.port(), mcpPath(),
                mcpHeaders() + "X-Padding: " + "h".repeat(ConnectorLimits.MAX_REQUEST_HEADER_BYTES) + "\r\n",
                ping().length(), 0));
    }

    @Test
    void postWhenBodyArrivesAtOnceThenServed() throws Exception {
        assertEquals("HTTP/1.1 200 OK", post(server.port(), mcpPath(), mcpHeaders(), ping().length(), 0));
    }

    @Test
    void toolsCallWhenTheReplyIsASlowEventStreamThenItIsRelayedWhole() throws Exception {
        int steps = 4;
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":" + steps + ",\"delayMs\":1500},\"_meta\":{\"progressToken\":\"p\"}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + mcpPath()))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(call)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(steps, r.body().lines().filter(l -> l.contains("notifications/progress")).count(), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.startsWith("data: {\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"result\"")),
                r.body());
    }
}
