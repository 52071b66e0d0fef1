package dev.gatehouse.servers;

import dev.gatehouse.demo.DemoMcpServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo MCP server (MCP Java SDK, streamable HTTP) on Jetty in the test JVM, on loopback: the real
 * upstream the server under test forwards to.
 */
public final class DemoUpstream implements AutoCloseable {
    private final Server jetty;
    private final DemoMcpServer demo;

    private DemoUpstream(Server jetty, DemoMcpServer demo) {
        this.jetty = jetty;
        this.demo = demo;
    }

    public static DemoUpstream start() throws Exception {
        DemoMcpServer demo = DemoMcpServer.create("/mcp");
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/demo");
        ServletHolder holder = new ServletHolder("demo-mcp", demo.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, demo.endpoint());
        jetty.setHandler(context);
        jetty.start();
        return new DemoUpstream(jetty, demo);
    }

    /** Where the server under test reaches the demo. */
    public String url() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/demo" + demo.endpoint();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        demo.close();
    }
}
