package dev.gatehouse.launcher.bridge;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A stdio MCP server served as MCP streamable HTTP at {@code http://HOST:PORT/mcp} on a loopback address,
 * one child process per session ({@link BridgeSession}). Gatehouse reaches it like any upstream, with the
 * bridge secret as the server's credential header.
 */
public final class StdioBridge implements AutoCloseable {
    public static final String ENDPOINT = "/mcp";

    private final Server jetty;
    private final BridgeSessions sessions;

    private StdioBridge(Server jetty, BridgeSessions sessions) {
        this.jetty = jetty;
        this.sessions = sessions;
    }

    public static StdioBridge start(BridgeOptions options, BridgeSecret secret) throws Exception {
        BridgeSessions sessions = new BridgeSessions(options.command(), options.maxSessions(), options.idleTimeout());
        // each open exchange (a call in flight, a listen stream) holds a thread: bounded by sessions
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(32, options.maxSessions() * 16), 4);
        threads.setName("gatehouse-bridge");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(options.host().getHostAddress());
        connector.setPort(options.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("bridge", new BridgeServlet(secret, sessions)), ENDPOINT);
        jetty.setHandler(context);
        jetty.setStopTimeout(2000);
        try {
            jetty.start();
        } catch (Exception e) {
            sessions.close();
            jetty.stop();
            throw e;
        }
        return new StdioBridge(jetty, sessions);
    }

    public String url() {
        ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
        String host = connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + ENDPOINT;
    }

    /** Sessions open now (each with its process). */
    public int sessions() {
        return sessions.size();
    }

    /** Stops serving, then every session's process. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.err.println("gatehouse bridge: error while stopping: " + e.getMessage());
        }
        sessions.close();
    }
}
