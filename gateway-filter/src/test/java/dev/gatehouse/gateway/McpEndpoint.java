package dev.gatehouse.gateway;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Jetty on 127.0.0.1 (any free port) with one servlet at {@code /mcp} for a test MCP server: a DELETE (session
 * end) is answered 200, and the body of every POST goes to the given {@link Answer}.
 */
final class McpEndpoint implements AutoCloseable {
    /** Writes the response to one POSTed JSON-RPC message. */
    interface Answer {
        void answer(String body, HttpServletResponse resp) throws IOException;
    }

    private final Server jetty = new Server();
    /** {@code http://127.0.0.1:PORT/mcp}. */
    final String url;

    McpEndpoint(Answer answer) throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(200);
            }

            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                answer.answer(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8), resp);
            }
        }), "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
