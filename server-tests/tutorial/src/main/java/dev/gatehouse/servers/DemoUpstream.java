package dev.gatehouse.servers;

import dev.gatehouse.demo.DemoMcpServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo MCP server (MCP Java SDK, streamable HTTP) on Jetty in the test JVM, on loopback: the real
 * upstream the server under test forwards to. It counts the requests it is sent, so a test can see that
 * nothing reached it while it should not have.
 */
public final class DemoUpstream implements AutoCloseable {
    private final Server jetty;
    private final DemoMcpServer demo;
    private final AtomicLong requests;

    private DemoUpstream(Server jetty, DemoMcpServer demo, AtomicLong requests) {
        this.jetty = jetty;
        this.demo = demo;
        this.requests = requests;
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
        AtomicLong requests = new AtomicLong();
        jetty.setHandler(new Handler.Wrapper(context) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                return super.handle(request, response, callback);
            }
        });
        jetty.start();
        return new DemoUpstream(jetty, demo, requests);
    }

    /** Where the server under test reaches the demo. */
    public String url() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/demo" + demo.endpoint();
    }

    /** How many HTTP requests reached the demo so far (every method: a call, an initialize, a DELETE). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        demo.close();
    }
}
