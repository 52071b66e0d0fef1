package dev.gatehouse.demo;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.servlet.http.HttpServlet;
import java.util.Objects;

/**
 * The demo upstream MCP server that ships with Gatehouse: a real MCP Java SDK server on the SDK's
 * stateful streamable-HTTP servlet transport, so the gateway and its tests talk to the genuine
 * protocol (initialize, {@code Mcp-Session-Id}, SSE replies, progress notifications).
 *
 * <p>Mount {@link #servlet()} in any Servlet 6 container. The SDK answers 404 unless the request URI
 * ends with the configured endpoint, so map the servlet to that exact path (e.g. {@code "/mcp"}).
 */
public final class DemoMcpServer implements AutoCloseable {

  /** Server name reported in the {@code initialize} result. */
  public static final String NAME = "gatehouse-demo";

  /** Server version reported in the {@code initialize} result. */
  public static final String VERSION = "0.1.0";

  /** Endpoint path used by {@link #create()}. */
  public static final String DEFAULT_ENDPOINT = "/mcp";

  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer server;
  private final String endpoint;

  private DemoMcpServer(
      HttpServletStreamableServerTransportProvider transport, McpSyncServer server, String endpoint) {
    this.transport = transport;
    this.server = server;
    this.endpoint = endpoint;
  }

  /** Builds the demo server on {@link #DEFAULT_ENDPOINT}. */
  public static DemoMcpServer create() {
    return create(DEFAULT_ENDPOINT);
  }

  /**
   * Builds the demo server; {@code endpoint} must be the path the servlet is reached at (the SDK
   * matches it as a suffix of the request URI).
   */
  public static DemoMcpServer create(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    McpJsonMapper json = McpJsonDefaults.getMapper();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(json)
            .mcpEndpoint(endpoint)
            .build();
    McpSyncServer server =
        McpServer.sync(transport)
            .serverInfo(NAME, VERSION)
            .instructions("Demo upstream for Gatehouse: echo, add, get_time, slow_count, fail.")
            .capabilities(
                ServerCapabilities.builder().tools(false).prompts(false).resources(false, false).build())
            .tools(DemoTools.all(json))
            .prompts(DemoExtras.greetingPrompt())
            .resources(DemoExtras.readmeResource())
            .build();
    return new DemoMcpServer(transport, server, endpoint);
  }

  /** The servlet to mount; it is the SDK transport provider itself. */
  public HttpServlet servlet() {
    return transport;
  }

  /** The endpoint path this server answers on. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Sends {@code notifications/tools/list_changed} to every session, on its listen stream (the GET the
   * client opened); a server-initiated message for tests of gateways that relay listen streams.
   */
  public void notifyToolsListChanged() {
    server.notifyToolsListChanged();
  }

  /** Closes all MCP sessions gracefully (open SSE streams end) and stops the server. */
  @Override
  public void close() {
    server.closeGracefully();
  }
}
