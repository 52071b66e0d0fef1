package dev.gatehouse.gateway;

import dev.gatehouse.core.identity.AuthorizationServerInfo;
import dev.gatehouse.core.identity.IssuedTokens;
import dev.gatehouse.core.identity.OAuthClientConfig;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.jpa.JpaUpstreamGrants;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.NewServer;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scope step-up at call time (MCP authorization, "Scope Challenge Handling"): a {@code per-user} upstream whose
 * tool calls need more permission than the user's OAuth grant has answers 403 with {@code WWW-Authenticate: Bearer
 * error="insufficient_scope", scope="demo:write"}. The client gets {@code -32060} saying which scope the server
 * wants and where to sign in again; the identity needs re-authorization with the union of its scope and the
 * challenged one, so the next call is not sent at all; once the user has a new grant, the call is answered.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScopeStepUpGatewayTest {
    private GatewayHarness gw;
    private Server scopedJetty;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private JpaUpstreamGrants grants;
    private UpstreamServer scoped;
    private OAuthClientConfig client;
    private String url;
    private String token;
    private UpstreamIdentity narrow;

    /** The demo server behind a resource server that lets tool calls through only with the wide token. */
    private final class NeedsWriteScope extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            byte[] body = request.getInputStream().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            if (text.contains("\"tools/call\"")) {
                calls.add(text);
                if (!"Bearer wide-token".equals(request.getHeader("Authorization"))) {
                    response.setStatus(403);
                    response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"demo:write\","
                            + " resource_metadata=\"http://127.0.0.1/.well-known/oauth-protected-resource/mcp\"");
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"insufficient_scope\"}");
                    return;
                }
            }
            chain.doFilter(new ReplayedBody(request, body), response);
        }
    }

    @BeforeAll
    void start(GatewayHarness harness) throws Exception {
        gw = harness;
        scopedJetty = new Server();
        ServerConnector connector = new ServerConnector(scopedJetty);
        connector.setHost("127.0.0.1");
        scopedJetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/scoped");
        ServletHolder holder = new ServletHolder("demo", DemoMcpServer.create("/mcp").servlet());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        FilterHolder filter = new FilterHolder(new NeedsWriteScope());
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        scopedJetty.setHandler(context);
        scopedJetty.start();
        String serverUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/scoped/mcp";
        scoped = gw.gatehouse.catalog().createServer(new NewServer("Scoped", "scoped", serverUrl, null, null, null,
                Duration.ofSeconds(20)), "admin");
        gw.gatehouse.catalog().createGateway(new NewGateway("Scoped gateway", "scopedgw", null,
                List.of(new NewGateway.Assignment("scoped", "sc", IdentityScheme.PER_USER))), "admin");
        Host host = gw.gatehouse.hosts().createHost(new NewHost("Step-up agent", HostKind.TOKEN, null), "admin");
        token = gw.gatehouse.connections().connect(host.id(), "scopedgw", null, "carol").token();
        url = gw.gatewayUrl("scopedgw");
        grants = gw.upstreamGrants();
        client = new OAuthClientConfig(new AuthorizationServerInfo("http://127.0.0.1", "http://127.0.0.1/authorize",
                "http://127.0.0.1/token", null, null, serverUrl, "demo:read"), "gatehouse-client", null, "http://localhost/cb", true);
        narrow = grants.store(scoped.id(), "carol", new IssuedTokens("narrow-token", null, gw.clock.instant().plusSeconds(3600),
                "demo:read", null), client, "carol").identity();
    }

    @AfterAll
    void stop() throws Exception {
        scopedJetty.stop();
    }

    /** {@code tools/call echo} (the gateway's only server: its tools go unprefixed). */
    private HttpResponse<String> call(String id) throws Exception {
        return McpHttp.post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"arguments\":{\"message\":\"" + id + "\"}}}", "Accept", "application/json");
    }

    @Test
    @Order(1)
    void callWhenTheUpstreamAsksForMoreScopeThenMinus32060WithTheScopeAndTheIdentityNeedsReauthorization() throws Exception {
        HttpResponse<String> refused = call("step-up-1");

        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"code\":-32060"), refused.body());
        assertTrue(refused.body().contains("Server 'scoped' asks for more permission than your identity grants"
                + " (scope 'demo:read demo:write'): sign in to it again under Identities"), refused.body());
        UpstreamIdentity marked = gw.gatehouse.identities().find(narrow.id()).orElseThrow();
        assertEquals(UpstreamIdentity.Status.NEEDS_REAUTHORIZATION, marked.status());
        assertEquals("demo:read demo:write", marked.wantedScope());
        assertTrue(gw.completed("step-up-1").detail().contains("identity per-user carol"));
    }

    @Test
    @Order(2)
    void nextCallWhenTheIdentityAwaitsTheWiderSignInThenNotSentAndTheErrorNamesTheScope() throws Exception {
        int before = calls.size();

        HttpResponse<String> refused = call("step-up-2");

        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("needs re-authorization: the server asks for more permission"
                + " (scope 'demo:read demo:write')"), refused.body());
        assertEquals(before, calls.size(), "not sent upstream");
    }

    @Test
    @Order(3)
    void callWhenTheUserSignedInWithTheWiderScopeThenAnswered() throws Exception {
        grants.store(scoped.id(), "carol", new IssuedTokens("wide-token", null, gw.clock.instant().plusSeconds(3600),
                "demo:read demo:write", null), client, "carol");

        HttpResponse<String> answered = call("step-up-3");

        assertEquals(200, answered.statusCode(), answered.body());
        assertTrue(answered.body().contains("step-up-3"), answered.body());
        assertFalse(answered.body().contains("error"), answered.body());
    }
}
