package dev.gatehouse.demo;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Runs a {@link DemoMcpServer} in embedded Jetty 12 (ee10) on a free port, as the launcher will. */
final class JettyHarness implements AutoCloseable {

  final DemoMcpServer mcp;
  final Server jetty;
  final String baseUrl;

  JettyHarness(String endpoint) throws Exception {
    mcp = DemoMcpServer.create(endpoint);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("mcp", mcp.servlet());
    holder.setAsyncSupported(true);
    context.addServlet(holder, endpoint);
    jetty.setHandler(context);
    jetty.start();
    baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
  }

  String url() {
    return baseUrl + mcp.endpoint();
  }

  @Override
  public void close() throws Exception {
    mcp.close();
    jetty.stop();
  }
}
