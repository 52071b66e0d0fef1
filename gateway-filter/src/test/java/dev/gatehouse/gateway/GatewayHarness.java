package dev.gatehouse.gateway;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.audit.AuditStorage;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.SettingsSource;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.session.SessionLimit;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.Publication;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One in-process Jetty 12 (ee10) server holding the gateway WAR exactly as shipped (web.xml from
 * src/main/webapp, parent-first class loading, the runtime handed over in the context attribute as
 * the launcher does), the real demo MCP server as upstream, a slow upstream, and a Gatehouse over an
 * in-memory H2 database seeded with gateways, a token host and connections.
 */
final class GatewayHarness implements AutoCloseable {
    static final String UPSTREAM_KEY_HEADER = "X-Upstream-Key";
    static final String UPSTREAM_KEY = "upstream-secret";
    static final Duration SLOW_READ_TIMEOUT = Duration.ofMillis(300);
    /** Keep-alive interval of listen streams, short so a test sees one. */
    static final Duration KEEP_ALIVE = Duration.ofMillis(400);

    final MutableClock clock = new MutableClock();
    /** Shared by both nodes, as a cluster shares its keys. */
    private final String sealingKey = SecretBox.newEncodedKey();
    final String jdbcUrl;
    private final String dbUser;
    /** Keeps the in-memory H2 database alive (null on another database). */
    private final java.sql.Connection keeper;
    /** The audit journal of every node of this harness, in the durability the build asks for (gatehouse.audit-durability). */
    private final Path journals = java.nio.file.Files.createTempDirectory("gatehouse-journal");
    final EntityManagerFactory emf;
    final Gatehouse gatehouse;
    final Server jetty;
    final UpstreamRecorder upstream = new UpstreamRecorder();
    final DemoMcpServer demo;
    final DemoMcpServer second;
    /** A third upstream on a Jetty of its own, so a test can stop it while the gateway runs. */
    final Server flakyJetty;
    final DemoMcpServer flaky;
    final String duoToken;
    final String quickstartPeerToken;
    final String baseUrl;
    final Host host;
    final String quickstartToken;
    final String otherToken;
    final String slowToken;
    final String downToken;
    final IssuedConnection quickstartConnection;

    /**
     * Circuits that never open in practice: the shared harness serves many test classes whose failing
     * upstreams (down, slow, stopped) would otherwise open each other's circuits and change their answers.
     * {@code CircuitBreakerGatewayTest} runs a harness of its own with the real defaults.
     */
    static final CircuitBreaker.Settings PATIENT_CIRCUITS = new CircuitBreaker.Settings(Integer.MAX_VALUE, Duration.ofSeconds(1));

    private final CircuitBreaker.Settings circuits;
    /** 0: the journal's default limit. */
    private final long journalMaxBytes;
    private final int maxSessions;
    private final Duration keepAlive;

    GatewayHarness() throws Exception {
        this(null);
    }

    /** A gateway advertising {@code publicBaseUrl} (null: URLs follow each request). */
    GatewayHarness(URI publicBaseUrl) throws Exception {
        this(publicBaseUrl, PATIENT_CIRCUITS);
    }

    /** A gateway whose upstream circuit breaker has these settings. */
    GatewayHarness(URI publicBaseUrl, CircuitBreaker.Settings circuits) throws Exception {
        this(publicBaseUrl, circuits, null, null, SessionLimit.DEFAULT_MAX_PER_CONNECTION, KEEP_ALIVE, 0, 0);
    }

    /** A gateway whose listen streams get keep-alives (and session checks) at this interval. */
    GatewayHarness(URI publicBaseUrl, CircuitBreaker.Settings circuits, Duration keepAlive) throws Exception {
        this(publicBaseUrl, circuits, null, null, SessionLimit.DEFAULT_MAX_PER_CONNECTION, keepAlive, 0, 0);
    }

    /** A gateway on the database at {@code databaseUrl} (an empty one, such as a new PostgreSQL database). */
    static GatewayHarness on(String databaseUrl, String user) throws Exception {
        return new GatewayHarness(null, PATIENT_CIRCUITS, databaseUrl, user, SessionLimit.DEFAULT_MAX_PER_CONNECTION,
                KEEP_ALIVE, 0, 0);
    }

    /**
     * A gateway started with these Gatehouse settings ({@code gatehouse.NAME} system properties, set for its
     * start only and restored afterwards, as the settings are read once at start); names starting with
     * {@code otel.} are OpenTelemetry's own system properties and set as they are.
     */
    static GatewayHarness withSettings(java.util.Map<String, String> settings) throws Exception {
        return withSettings(settings, GatewayHarness::new);
    }

    /**
     * A gateway whose container (the harness's one Jetty, its upstreams included) runs on at most
     * {@code threads} threads (one acceptor, one selector, small send buffers), started with these settings.
     */
    static GatewayHarness withContainerThreads(int threads, java.util.Map<String, String> settings) throws Exception {
        return withSettings(settings, () -> new GatewayHarness(null, PATIENT_CIRCUITS, null, null,
                SessionLimit.DEFAULT_MAX_PER_CONNECTION, KEEP_ALIVE, 0, threads));
    }

    /** Starts a harness. */
    private interface Start {
        GatewayHarness start() throws Exception;
    }

    private static GatewayHarness withSettings(java.util.Map<String, String> settings, Start start) throws Exception {
        synchronized (GatewayHarness.class) {
            java.util.Map<String, String> before = new java.util.HashMap<>();
            settings.forEach((name, value) -> before.put(property(name), System.setProperty(property(name), value)));
            try {
                return start.start();
            } finally {
                before.forEach((name, value) -> {
                    if (value == null) {
                        System.clearProperty(name);
                    } else {
                        System.setProperty(name, value);
                    }
                });
            }
        }
    }

    private static String property(String setting) {
        return setting.startsWith("otel.") ? setting : "gatehouse." + setting;
    }

    /** A gateway whose connections may each hold at most {@code maxSessionsPerConnection} live sessions. */
    static GatewayHarness withSessionLimit(int maxSessionsPerConnection) throws Exception {
        return new GatewayHarness(null, PATIENT_CIRCUITS, null, null, maxSessionsPerConnection, KEEP_ALIVE, 0, 0);
    }

    /** A gateway whose audit journal refuses records once it holds {@code journalMaxBytes} not yet shipped. */
    static GatewayHarness withJournalLimit(long journalMaxBytes) throws Exception {
        return new GatewayHarness(null, PATIENT_CIRCUITS, null, null, SessionLimit.DEFAULT_MAX_PER_CONNECTION, KEEP_ALIVE,
                journalMaxBytes, 0);
    }

    private GatewayHarness(URI publicBaseUrl, CircuitBreaker.Settings circuits, String databaseUrl, String user,
                           int maxSessionsPerConnection, Duration keepAlive, long journalMaxBytes, int containerThreads)
            throws Exception {
        this.journalMaxBytes = journalMaxBytes;
        this.circuits = circuits;
        this.maxSessions = maxSessionsPerConnection;
        this.keepAlive = keepAlive;
        if (databaseUrl == null) {
            jdbcUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            dbUser = "sa";
            // created here and opened by Gatehouse only if it exists, so stopDatabase() makes it unreachable for good
            keeper = java.sql.DriverManager.getConnection(jdbcUrl, "sa", "");
            emf = GatehousePersistence.open(jdbcUrl + ";IFEXISTS=TRUE", "sa", "");
        } else {
            jdbcUrl = databaseUrl;
            dbUser = user;
            keeper = null;
            emf = GatehousePersistence.open(jdbcUrl, user, "");
        }
        GatehouseSettings settings = new GatehouseSettings("node-test", new byte[32], sealingKey,
                Duration.ofSeconds(5), 64 * 1024, List.of("https://allowed.example"), publicBaseUrl, maxSessionsPerConnection)
                .withAuditStorage(auditStorage());
        gatehouse = Gatehouse.start(settings, new ResourceLocalTransactions(emf), clock, circuits, emf::close);

        jetty = containerThreads == 0 ? new Server() : new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(
                containerThreads, Math.min(containerThreads, 8)));
        ServerConnector connector = containerThreads == 0 ? new ServerConnector(jetty) : new ServerConnector(jetty, 1, 1);
        if (containerThreads != 0) {
            connector.setAcceptedSendBufferSize(16 * 1024); // a client that stops reading fills its connection soon
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        demo = DemoMcpServer.create("/mcp");
        second = DemoMcpServer.create("/mcp");
        jetty.setHandler(new ContextHandlerCollection(upstreamContext(), demoContext("/second", second), slowContext(),
                gatewayContext()));
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();

        UpstreamServer demoServer = gatehouse.catalog().createServer(new NewServer("Demo", "demo",
                baseUrl + "/upstream/mcp", UPSTREAM_KEY_HEADER, UPSTREAM_KEY, null, Duration.ofSeconds(20)), "admin");
        UpstreamServer slow = gatehouse.catalog().createServer(new NewServer("Slow", "slow",
                baseUrl + "/slow/mcp", null, null, null, SLOW_READ_TIMEOUT), "admin");
        UpstreamServer down = gatehouse.catalog().createServer(new NewServer("Down", "down",
                "http://127.0.0.1:" + freePort() + "/mcp", null, null, null, null), "admin");
        flaky = DemoMcpServer.create("/mcp");
        flakyJetty = new Server();
        ServerConnector flakyConnector = new ServerConnector(flakyJetty);
        flakyConnector.setHost("127.0.0.1");
        flakyJetty.addConnector(flakyConnector);
        flakyJetty.setHandler(demoContext("/flaky", flaky));
        flakyJetty.start();
        UpstreamServer secondServer = gatehouse.catalog().createServer(new NewServer("Second", "second",
                baseUrl + "/second/mcp", null, null, null, Duration.ofSeconds(20)), "admin");
        UpstreamServer flakyServer = gatehouse.catalog().createServer(new NewServer("Flaky", "flaky",
                "http://127.0.0.1:" + flakyConnector.getLocalPort() + "/flaky/mcp", null, null, null, Duration.ofSeconds(20)), "admin");
        gateway("Quickstart", "quickstart", demoServer);
        gatehouse.catalog().createGateway(new NewGateway("Duo", "duo", null, List.of(
                new NewGateway.Assignment(demoServer.id(), "demo"), new NewGateway.Assignment(secondServer.id(), "two"),
                new NewGateway.Assignment(flakyServer.id(), "flaky"))), "admin");
        gatehouse.catalog().publish("duo", new Publication("second", "two",
                Exposure.selected(Set.of("add", "slow_count")), Exposure.NONE, Exposure.ALL));
        gateway("Other", "other", demoServer);
        gateway("Slow gateway", "slowgw", slow);
        gateway("Down gateway", "downgw", down);
        host = gatehouse.hosts().createHost(new NewHost("CI bot", HostKind.TOKEN, "tests"), "admin");
        quickstartConnection = gatehouse.connections().connect(host.id(), "quickstart", null, "alice");
        quickstartToken = quickstartConnection.token();
        otherToken = gatehouse.connections().connect(host.id(), "other", null, "alice").token();
        slowToken = gatehouse.connections().connect(host.id(), "slowgw", null, "alice").token();
        downToken = gatehouse.connections().connect(host.id(), "downgw", null, "alice").token();
        duoToken = gatehouse.connections().connect(host.id(), "duo", null, "alice").token();
        Host peer = gatehouse.hosts().createHost(new NewHost("Peer bot", HostKind.TOKEN, "tests"), "admin");
        quickstartPeerToken = gatehouse.connections().connect(peer.id(), "quickstart", null, "bob").token();
    }

    /** Gatehouse's store of OAuth grants over this harness's database: to give a user an OAuth identity directly. */
    dev.gatehouse.core.jpa.JpaUpstreamGrants upstreamGrants() {
        return new dev.gatehouse.core.jpa.JpaUpstreamGrants(new ResourceLocalTransactions(emf), SecretBox.fromBase64(sealingKey),
                clock, (dev.gatehouse.core.jpa.JpaIdentityStore) gatehouse.identities());
    }

    /** Shuts the database down: every later query of Gatehouse fails, as when the database server is gone. */
    void stopDatabase() throws java.sql.SQLException {
        try (var statement = keeper.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    /**
     * The newest audit record matching {@code filter}; records are written in the background (group commit),
     * so it is waited for, bounded.
     */
    AuditEvent awaitAudit(Predicate<AuditEvent> filter, String missing) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<AuditEvent> found = gatehouse.audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream()
                    .filter(filter).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(missing);
    }

    /** The {@code CALL_COMPLETED} record of the call with JSON-RPC id {@code id}, once written. */
    AuditEvent completed(String id) throws InterruptedException {
        return awaitAudit(e -> id.equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_COMPLETED,
                "no CALL_COMPLETED record for " + id);
    }

    String gatewayUrl(String slug) {
        return baseUrl + "/gatehouse/mcp/" + slug;
    }

    private void gateway(String name, String slug, UpstreamServer server) {
        gatehouse.catalog().createGateway(new NewGateway(name, slug, null,
                List.of(new NewGateway.Assignment(server.id(), null))), "admin");
    }

    private ServletContextHandler upstreamContext() {
        ServletContextHandler context = new ServletContextHandler("/upstream");
        ServletHolder holder = new ServletHolder("demo", demo.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        FilterHolder recorder = new FilterHolder(upstream);
        recorder.setAsyncSupported(true);
        context.addFilter(recorder, "/*", EnumSet.of(DispatcherType.REQUEST));
        return context;
    }

    private static ServletContextHandler demoContext(String path, DemoMcpServer server) {
        ServletContextHandler context = new ServletContextHandler(path);
        ServletHolder holder = new ServletHolder("demo", server.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        return context;
    }

    /**
     * A second Gatehouse node: its own runtime and Jetty, on the same database. Returns its base URL;
     * closed with the harness.
     */
    String startSecondNode() throws Exception {
        EntityManagerFactory emf2 = keeper == null ? GatehousePersistence.open(jdbcUrl, dbUser, "")
                : GatehousePersistence.open(jdbcUrl + ";IFEXISTS=TRUE", "sa", "");
        GatehouseSettings settings = new GatehouseSettings("node-b", new byte[32], sealingKey,
                Duration.ofSeconds(5), 64 * 1024, List.of(), null, maxSessions).withAuditStorage(auditStorage());
        Gatehouse node = Gatehouse.start(settings, new ResourceLocalTransactions(emf2), clock, circuits, emf2::close);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = gatewayContext();
        webapp.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, node);
        server.setHandler(webapp);
        server.start();
        secondNode = server;
        secondRuntime = node;
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    private Server secondNode;
    private Gatehouse secondRuntime;

    private static ServletContextHandler slowContext() {
        ServletContextHandler context = new ServletContextHandler("/slow");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    Thread.sleep(SLOW_READ_TIMEOUT.multipliedBy(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.setContentType("application/json");
                resp.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
            }
        }), "/mcp");
        return context;
    }

    private WebAppContext gatewayContext() {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/gatehouse");
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, gatehouse);
        webapp.setInitParameter(dev.gatehouse.gateway.mcp.McpGatewayServlet.KEEP_ALIVE_SETTING,
                Long.toString(keepAlive.toMillis()));
        return webapp;
    }

    /** The durability the build runs the suite in ({@code -Dgatehouse.audit-durability}, default process), journal here. */
    AuditStorage auditStorage() {
        AuditStorage storage = AuditStorage.from(SettingsSource.system(), journals);
        return journalMaxBytes == 0 ? storage : storage.withSizes(journalMaxBytes, journalMaxBytes / 4);
    }

    /** Waits, bounded, until the audit table holds every record of this node's journal (for reads of the table itself). */
    void awaitShipped() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (gatehouse.auditLag().unshipped() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit journal was not shipped within 30 s: " + gatehouse.auditLag());
            }
            Thread.sleep(5);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (secondNode != null) {
                secondNode.stop();
                secondRuntime.close();
            }
            demo.close();
            second.close();
            flaky.close();
            flakyJetty.stop();
            jetty.stop();
        } finally {
            gatehouse.close();
            if (keeper != null) {
                keeper.close();
            }
            try (var files = java.nio.file.Files.walk(journals)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
