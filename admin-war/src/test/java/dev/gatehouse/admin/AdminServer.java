package dev.gatehouse.admin;

import dev.gatehouse.core.crypto.SecretBox;
import dev.gatehouse.core.jpa.GatehousePersistence;
import dev.gatehouse.core.jpa.ResourceLocalTransactions;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.runtime.GatehouseSettings;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import jakarta.persistence.EntityManagerFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The real admin web application ({@code src/main/webapp} and the compiled classes, parent-first) on
 * Jetty 12 ee10, with BASIC users in the {@code gatehouse} realm and a real Gatehouse over in-memory H2
 * seeded with a {@code demo} server and a {@code quickstart} gateway, handed over as the launcher does.
 */
public final class AdminServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String CONTEXT = "/gatehouse-admin";
    public static final String UPSTREAM_SECRET = "Bearer upstream-secret-7f3a";

    private final HttpClient client = HttpClient.newHttpClient();
    private java.util.Map<String, String> startProperties = java.util.Map.of();
    /** The node's audit journal folder, removed at close. */
    private java.nio.file.Path journal;
    private Gatehouse gatehouse;
    private Server server;
    private String base;

    private AdminServer() {
    }

    /** Starts the web application with the runtime attribute set. */
    public static AdminServer start() throws Exception {
        AdminServer admin = new AdminServer();
        admin.open();
        return admin;
    }

    /**
     * One server for the tests of a class, started before the first and closed after the last:
     * {@code @RegisterExtension static final AdminServer server = AdminServer.perClass();}
     */
    public static AdminServer perClass() {
        return new AdminServer();
    }

    /**
     * A per-class server whose Gatehouse starts with the system property {@code name} set to {@code value}
     * (settings read at start, e.g. {@code gatehouse.webhook-allow-private-addresses}); the property is
     * cleared again once it started, so other test classes of the run do not see it.
     */
    public static AdminServer perClassWith(String name, String value) {
        return perClassWith(java.util.Map.of(name, value));
    }

    /** A per-class server whose Gatehouse starts with these system properties set (cleared again once it started). */
    public static AdminServer perClassWith(java.util.Map<String, String> properties) {
        AdminServer admin = new AdminServer();
        admin.startProperties = java.util.Map.copyOf(properties);
        return admin;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void open() throws Exception {
        EntityManagerFactory emf = GatehousePersistence.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        journal = java.nio.file.Files.createTempDirectory("gatehouse-journal");
        GatehouseSettings settings = new GatehouseSettings("node-a", new byte[32], SecretBox.newEncodedKey(),
                Duration.ofSeconds(5), GatehouseSettings.DEFAULT_MAX_REQUEST_BYTES, List.of())
                .withAuditStorage(System.getProperty("gatehouse.audit-durability") == null
                        ? dev.gatehouse.core.audit.AuditStorage.database() // the suite; the audit suites run in each mode (pom)
                        : dev.gatehouse.core.audit.AuditStorage.from(dev.gatehouse.core.runtime.SettingsSource.system(), journal));
        startProperties.forEach(System::setProperty);
        Gatehouse runtime;
        try {
            runtime = Gatehouse.start(settings, new ResourceLocalTransactions(emf), Clock.systemUTC(), emf::close);
        } finally {
            startProperties.keySet().forEach(System::clearProperty);
        }
        UpstreamServer demo = runtime.catalog().createServer(new NewServer("Demo", "demo", "http://localhost:9/mcp",
                "Authorization", UPSTREAM_SECRET, null, null), "seed");
        runtime.catalog().createGateway(new NewGateway("Quickstart", "quickstart", "The demo gateway",
                List.of(new NewGateway.Assignment(demo.id(), null))), "seed");
        Server jetty = jetty(runtime);
        try {
            jetty.start();
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        this.gatehouse = runtime;
        this.server = jetty;
        this.base = "http://localhost:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + CONTEXT;
    }

    /** A Jetty server deploying the web application; the runtime attribute is set when given. */
    public static Server jetty(Gatehouse runtime) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(0);
        server.addConnector(connector);
        server.addBean(users());
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT);
        webapp.setBaseResourceAsPath(Path.of("src/main/webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        if (runtime != null) {
            webapp.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, runtime);
        }
        server.setHandler(webapp);
        return server;
    }

    private static HashLoginService users() {
        UserStore store = new UserStore();
        store.addUser("admin", Credential.getCredential("admin-pw"), new String[]{"gatehouse-admin"});
        store.addUser("operator", Credential.getCredential("operator-pw"), new String[]{"gatehouse-operator"});
        store.addUser("auditor", Credential.getCredential("auditor-pw"), new String[]{"gatehouse-auditor"});
        store.addUser("retainer", Credential.getCredential("retainer-pw"), new String[]{"gatehouse-retention"});
        store.addUser("nobody", Credential.getCredential("nobody-pw"), new String[]{"staff"});
        // roles that grant nothing unless a test maps them to capabilities (gatehouse.roles.<role>)
        store.addUser("issuer", Credential.getCredential("issuer-pw"), new String[]{"token-issuer"});
        store.addUser("switcher", Credential.getCredential("switcher-pw"), new String[]{"kill-switch"});
        HashLoginService service = new HashLoginService("gatehouse");
        service.setUserStore(store);
        return service;
    }

    /** The Jetty server itself, for a test that changes its connector's settings (such as a minimum data rate). */
    public Server jettyServer() {
        return server;
    }

    public Gatehouse gatehouse() {
        return gatehouse;
    }

    /** Waits, bounded, until the audit table holds every record of the node's journal (before SQL on the table). */
    public void awaitShipped() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (gatehouse.auditLag().unshipped() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the audit journal was not shipped within 30 s: " + gatehouse.auditLag());
            }
            Thread.sleep(5);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** {@code http://localhost:PORT/gatehouse-admin}. */
    public String base() {
        return base;
    }

    /** {@code http://localhost:PORT}. */
    public String origin() {
        return base.substring(0, base.length() - CONTEXT.length());
    }

    public HttpResponse<String> get(String user, String path) {
        return send(request(user, path).GET());
    }

    public HttpResponse<String> delete(String user, String path) {
        return send(request(user, path).DELETE());
    }

    public HttpResponse<String> post(String user, String path, String json) {
        return post(user, path, "application/json", json);
    }

    public HttpResponse<String> post(String user, String path, String contentType, String body) {
        HttpRequest.Builder b = request(user, path).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public HttpResponse<String> put(String user, String path, String json) {
        return send(request(user, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> send(String user, String method, String path) {
        return send(request(user, path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** A request for {@code path} under the context, with BASIC credentials of {@code user} (password: user + "-pw"). */
    public HttpRequest.Builder request(String user, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("User-Agent", "admin-war-test");
        if (user != null) {
            b.header("Authorization", basic(user, user + "-pw"));
        }
        return b;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("request failed", e);
        }
    }

    /** Everything an admin request could change, to show that a refused one changed nothing. */
    public record State(List<Host> hosts, List<List<Connection>> connections, List<Gateway> gateways,
                        List<UpstreamServer> servers) {
    }

    public State state() {
        List<Host> hosts = gatehouse.hosts().hosts();
        return new State(hosts, hosts.stream().map(h -> gatehouse.connections().connections(h.id())).toList(),
                gatehouse.catalog().gateways(), gatehouse.catalog().servers());
    }

    /** The newest audit records. */
    public List<AuditEvent> audit(int limit) {
        return gatehouse.audit().query(AuditQuery.newest(limit));
    }

    @Override
    public void close() throws Exception {
        if (server == null) {
            return; // never started: nothing to close
        }
        try {
            server.stop();
        } finally {
            gatehouse.close();
            try (var files = java.nio.file.Files.walk(journal)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
