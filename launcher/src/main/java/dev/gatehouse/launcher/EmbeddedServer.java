package dev.gatehouse.launcher;

import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.demo.DemoMcpServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jetty 12 (ee10) hosting both WARs on the public connector and, when enabled, the demo MCP server on
 * a second connector bound to loopback only: the demo upstream is reachable by Gatehouse, while
 * clients can reach it only through the gateway.
 */
final class EmbeddedServer implements AutoCloseable {
    static final String GATEWAY_CONTEXT = "/gatehouse";
    static final String ADMIN_CONTEXT = "/gatehouse-admin";
    static final String DEMO_CONTEXT = "/demo";
    private static final String DEMO_CONNECTOR = "demo";

    private final Server server;
    private final ServerConnector publicConnector;
    private final ServerConnector demoConnector;

    private EmbeddedServer(Server server, ServerConnector publicConnector, ServerConnector demoConnector) {
        this.server = server;
        this.publicConnector = publicConnector;
        this.demoConnector = demoConnector;
    }

    /** Builds the server and binds its ports, without serving yet, so the demo's address is known. */
    static EmbeddedServer bind(LauncherOptions options, Gatehouse gatehouse, AdminRealm realm, Path webapps,
                               Path workFolder, Optional<DemoMcpServer> demo) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gatehouse-http");
        Server server = new Server(threads);
        server.setStopAtShutdown(false); // Main stops it in order: server, then Gatehouse
        server.addBean(realm);
        server.setErrorHandler(new JsonErrorHandler()); // refusals before any web application: JSON, not HTML

        // slow and bloated clients: minimum request data rate (408), bounded headers (431) and time to send them (408)
        HttpConfiguration http = ConnectorLimits.apply(new HttpConfiguration());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector publicConnector = new ServerConnector(server, ConnectorLimits.connectionFactory(http));
        publicConnector.setHost(options.host());
        publicConnector.setPort(options.port());
        server.addConnector(publicConnector);

        List<ContextHandler> contexts = new ArrayList<>();
        contexts.add(webapp(GATEWAY_CONTEXT, webapps.resolve(WarFiles.GATEWAY_WAR), workFolder.resolve("gatehouse"), gatehouse));
        contexts.add(webapp(ADMIN_CONTEXT, webapps.resolve(WarFiles.ADMIN_WAR), workFolder.resolve("gatehouse-admin"), gatehouse));
        contexts.add(rootHelper());

        ServerConnector demoConnector = null;
        if (demo.isPresent()) {
            demoConnector = new ServerConnector(server, ConnectorLimits.connectionFactory(http));
            demoConnector.setName(DEMO_CONNECTOR);
            demoConnector.setHost("127.0.0.1");
            demoConnector.setPort(0);
            server.addConnector(demoConnector);
            contexts.add(demoContext(demo.get()));
        }
        server.setHandler(new ContextHandlerCollection(contexts.toArray(ContextHandler[]::new)));
        publicConnector.open();
        if (demoConnector != null) {
            demoConnector.open();
        }
        return new EmbeddedServer(server, publicConnector, demoConnector);
    }

    private static WebAppContext webapp(String contextPath, Path war, Path tempFolder, Gatehouse gatehouse) {
        WebAppContext app = new WebAppContext();
        app.setContextPath(contextPath);
        app.setWar(war.toString());
        app.setTempDirectory(tempFolder.toFile());
        app.setTempDirectoryPersistent(false);
        // the WARs use the launcher's copy of the core, so both share this one Gatehouse
        app.setParentLoaderPriority(true);
        app.setAttribute(Gatehouse.CONTEXT_ATTRIBUTE, gatehouse);
        app.setThrowUnavailableOnStartupException(true);
        return app;
    }

    /** The origin root: the root helper's OAuth discovery redirects into the gateway WAR (clients try them first). */
    private static ServletContextHandler rootHelper() {
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("well-known", new dev.gatehouse.root.WellKnownRedirects(GATEWAY_CONTEXT)), "/");
        return context;
    }

    private static ServletContextHandler demoContext(DemoMcpServer demo) {
        ServletContextHandler context = new ServletContextHandler(DEMO_CONTEXT);
        context.setVirtualHosts(List.of("@" + DEMO_CONNECTOR));
        ServletHolder holder = new ServletHolder("demo-mcp", demo.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, demo.endpoint());
        return context;
    }

    void start() throws Exception {
        server.start();
    }

    int port() {
        return publicConnector.getLocalPort();
    }

    /** Where Gatehouse reaches the demo MCP server, if it runs. */
    Optional<URI> demoUrl(DemoMcpServer demo) {
        if (demoConnector == null) {
            return Optional.empty();
        }
        return Optional.of(URI.create("http://127.0.0.1:" + demoConnector.getLocalPort() + DEMO_CONTEXT + demo.endpoint()));
    }

    /** The console's sessions (the admin WAR's), for tests whose session must time out. */
    org.eclipse.jetty.ee10.servlet.SessionHandler consoleSessions() {
        return server.getDescendants(WebAppContext.class).stream().filter(c -> ADMIN_CONTEXT.equals(c.getContextPath()))
                .findFirst().orElseThrow().getSessionHandler();
    }

    void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
