package dev.gatehouse.admin;

import dev.gatehouse.demo.DemoMcpServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A real MCP upstream for admin tests: the demo server on Jetty at {@code /mcp}, answering 401 unless the
 * request carries {@code header: key}, as an upstream guarded by the gateway's credential does.
 */
final class KeyedUpstream implements AutoCloseable {
    private final Server jetty;
    private final DemoMcpServer demo;
    private final String url;

    private KeyedUpstream(Server jetty, DemoMcpServer demo, String url) {
        this.jetty = jetty;
        this.demo = demo;
        this.url = url;
    }

    static KeyedUpstream start(String header, String key) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        DemoMcpServer demo = DemoMcpServer.create("/mcp");
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder mcp = new ServletHolder("demo", new Keyed(demo.servlet(), header, key));
        mcp.setAsyncSupported(true);
        context.addServlet(mcp, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        return new KeyedUpstream(jetty, demo, "http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    String url() {
        return url;
    }

    /** A URL nothing listens on. */
    static String unreachableUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/mcp";
        }
    }

    @Override
    public void close() throws Exception {
        demo.close();
        jetty.stop();
    }

    private static final class Keyed extends HttpServlet {
        private final HttpServlet inner;
        private final String header;
        private final String key;

        Keyed(HttpServlet inner, String header, String key) {
            this.inner = inner;
            this.header = header;
            this.key = key;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            inner.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            if (!key.equals(req.getHeader(header))) {
                resp.sendError(401);
                return;
            }
            inner.service((ServletRequest) req, (ServletResponse) resp);
        }
    }
}
