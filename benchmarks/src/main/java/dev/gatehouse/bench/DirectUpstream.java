package dev.gatehouse.bench;

import dev.gatehouse.demo.DemoMcpServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;

/**
 * The demo MCP server (MCP Java SDK) on its own Jetty, loopback only: the "direct" leg of the benchmark,
 * and the upstream the gateway leg reaches through Gatehouse, so both legs hit the same server.
 */
final class DirectUpstream implements Upstream {
    private final DemoMcpServer mcp;
    private final Server jetty;
    private final URI url;

    DirectUpstream() throws Exception {
        mcp = DemoMcpServer.create("/mcp");
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("bench-upstream");
        jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("mcp", mcp.servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, mcp.endpoint());
        jetty.setHandler(context);
        jetty.start();
        url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + mcp.endpoint());
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public String description() {
        return "Gatehouse demo server (MCP Java SDK, stateful streamable HTTP), in process on its own Jetty";
    }

    @Override
    public void close() throws Exception {
        mcp.close();
        jetty.stop();
    }
}
