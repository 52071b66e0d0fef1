package dev.gatehouse.gateway;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.EditedServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.core.store.ServerEdit;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server moved to another origin while a client's MCP session is open on its gateway: the session's next call
 * reaches the new server with neither the stored credential nor the upstream session id the old server issued
 * (a new session is opened there), and is answered (catalogue 617, docs/security.md "A server's credentials stay
 * with its origin").
 */
@Timeout(60)
class ServerMoveGatewayTest {
    private static final String VERSION = "2025-11-25";

    @Test
    void callWhenTheServerMovedToAnotherOriginThenNeitherItsCredentialNorItsOldSessionIdIsSentThere() throws Exception {
        try (GatewayHarness gw = new GatewayHarness()) {
            UpstreamServer mover = gw.gatehouse.catalog().createServer(new NewServer("Mover", "mover",
                    gw.baseUrl + "/upstream/mcp", GatewayHarness.UPSTREAM_KEY_HEADER, GatewayHarness.UPSTREAM_KEY, null,
                    Duration.ofSeconds(20)), "admin");
            gw.gatehouse.catalog().createGateway(new NewGateway("Mover gateway", "movergw", null,
                    List.of(new NewGateway.Assignment(mover.id(), null))), "admin");
            String token = gw.gatehouse.connections().connect(gw.host.id(), "movergw", null, "alice").token();
            String url = gw.gatewayUrl("movergw");
            String session = McpHttp.openSession(url, token, VERSION);
            assertEquals(200, echo(url, token, session, "before").statusCode());
            String oldUpstreamSession = gw.upstream.seen.stream().map(s -> s.header("mcp-session-id"))
                    .filter(java.util.Objects::nonNull).reduce((a, b) -> b).orElse(null);
            assertNotNull(oldUpstreamSession, "the old server issued an upstream session");

            UpstreamRecorder elsewhere = new UpstreamRecorder();
            Server other = new Server();
            ServerConnector connector = new ServerConnector(other);
            connector.setHost("127.0.0.1");
            other.addConnector(connector);
            DemoMcpServer demo = DemoMcpServer.create("/mcp");
            ServletContextHandler context = new ServletContextHandler("/elsewhere");
            ServletHolder holder = new ServletHolder("demo", demo.servlet());
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/mcp");
            FilterHolder recording = new FilterHolder(elsewhere);
            recording.setAsyncSupported(true);
            context.addFilter(recording, "/*", EnumSet.of(DispatcherType.REQUEST));
            other.setHandler(context);
            other.start();
            try {
                EditedServer moved = gw.gatehouse.catalog().editServer("mover", new ServerEdit(null,
                        "http://127.0.0.1:" + connector.getLocalPort() + "/elsewhere/mcp", null, null, null, null, null, null),
                        null, "admin");
                assertTrue(moved.originChanged() && moved.sharedDropped(), moved.moved());

                HttpResponse<String> after = echo(url, token, session, "after");

                assertEquals(200, after.statusCode(), after::body);
                assertTrue(after.body().contains("after"), after::body);
                assertFalse(elsewhere.seen.isEmpty(), "the call reached the new origin");
                for (UpstreamRecorder.Seen seen : elsewhere.seen) {
                    assertEquals(null, seen.header(GatewayHarness.UPSTREAM_KEY_HEADER), "the old credential was sent");
                    assertFalse(oldUpstreamSession.equals(seen.header("mcp-session-id")), "the old server's session id was sent");
                    assertFalse(seen.headers().toString().contains(GatewayHarness.UPSTREAM_KEY), seen.headers().toString());
                }
            } finally {
                demo.close();
                other.stop();
            }
        }
    }

    private static HttpResponse<String> echo(String url, String token, String session, String message) throws Exception {
        return McpHttp.post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + message + "\",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"" + message + "\"}}}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION, "Accept", "application/json");
    }
}
