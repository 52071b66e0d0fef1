package dev.gatehouse.gateway;

import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away and comes back while the gateway keeps running (docs/security-tests.md,
 * "Database faults"): Gatehouse reaches H2 over TCP, and the test stops and restarts the TCP server.
 * While it is down every MCP request is a 503 with Retry-After (never a 200, never a 401 that would
 * look like a bad token); once it is back, the same gateway serves and audits again, without a restart.
 */
class DatabaseFaultTest {
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"echo\",\"arguments\":{\"message\":\"%s\"}}}";

    private final String name = "gh-" + UUID.randomUUID();
    private int dbPort;
    private org.h2.tools.Server tcp;
    private Connection keeper;
    private Gatehouse gatehouse;
    private Server jetty;
    private DemoMcpServer demo;
    private final UpstreamRecorder upstream = new UpstreamRecorder();
    private String baseUrl;
    private String token;
    @org.junit.jupiter.api.io.TempDir
    Path journal;

    @BeforeEach
    void start() throws Exception {
        dbPort = freePort();
        startDatabase();
        keeper = DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/mem:" + name, "sa", "");
        gatehouse = Gatehouse.start(new GatehouseSettings("node-db", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(2), 64 * 1024, List.of()).withAuditStorage(AuditStorage.from(SettingsSource.system(), journal)),
                new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        demo = DemoMcpServer.create("/mcp");
        ServletContextHandler upstreamContext = new ServletContextHandler("/upstream");
        ServletHolder holder = new ServletHolder("demo", demo.servlet());
        holder.setAsyncSupported(true);
        upstreamContext.addServlet(holder, "/mcp");
        upstreamContext.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(upstream), "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/gatehouse");
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, gatehouse);
        jetty.setHandler(new ContextHandlerCollection(upstreamContext, webapp));
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();

        UpstreamServer server = gatehouse.catalog().createServer(new NewServer("Demo", "demo", baseUrl + "/upstream/mcp",
                null, null, null, Duration.ofSeconds(20)), "admin");
        gatehouse.catalog().createGateway(new NewGateway("Quickstart", "quickstart", null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
        Host host = gatehouse.hosts().createHost(new NewHost("CI bot", HostKind.TOKEN, null), "admin");
        token = gatehouse.connections().connect(host.id(), "quickstart", null, "alice").token();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            demo.close();
            jetty.stop();
            startDatabase(); // so the runtime can flush and close cleanly
            gatehouse.close();
        } finally {
            keeper.close();
            tcp.stop();
        }
    }

    private void startDatabase() throws Exception {
        if (tcp != null && tcp.isRunning(false)) {
            return;
        }
        tcp = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(dbPort), "-ifExists").start();
    }

    private RawHttp.Reply call(String id, String message) throws Exception {
        return RawHttp.exchange(baseUrl, "POST", "/gatehouse/mcp/quickstart", CALL.formatted(id, message),
                "Authorization: Bearer " + token, "Content-Type: application/json", "Accept: application/json");
    }

    @Test
    void mcpWhenDatabaseGoesAwayThen503NeverA401AndServesAgainWhenItReturnsWithoutARestart() throws Exception {
        assertEquals(200, call("before", "before").status());

        tcp.stop();
        String lost = "while-down-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            RawHttp.Reply down = call("down-" + i, lost);
            assertEquals(503, down.status(), down.body());
            assertEquals("5", down.header("Retry-After"));
            assertNull(down.header("WWW-Authenticate"), "a database outage must not look like a bad token");
        }
        assertEquals(503, RawHttp.exchange(baseUrl, "GET", "/gatehouse/health", null).status());
        assertEquals(0, upstream.count(lost), "nothing may reach the upstream while the audit log is unreachable");

        startDatabase();
        String marker = "after-" + UUID.randomUUID();
        RawHttp.Reply back = null;
        for (int i = 0; i < 50; i++) {
            back = call("after", marker);
            if (back.status() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(200, back.status(), back.body());
        assertTrue(back.body().contains(marker), back.body());
        assertEquals(200, RawHttp.exchange(baseUrl, "GET", "/gatehouse/health", null).status());
        List<AuditEvent> records = gatehouse.audit().query(AuditQuery.newest(50)).stream()
                .filter(e -> "after".equals(e.jsonRpcId())).toList();
        assertTrue(records.stream().anyMatch(e -> e.kind() == AuditKind.CALL_STARTED), records.toString());
        assertTrue(records.stream().anyMatch(e -> e.kind() == AuditKind.CALL_COMPLETED), records.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
