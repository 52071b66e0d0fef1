package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.demo.DemoMcpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Testing a server's connection and listing its tools against a real MCP upstream (the demo server on
 * Jetty, which refuses requests without the gateway's credential), a closed port, a web page that is not
 * MCP and a path that answers 404.
 */
class ServerProbeTest {
    private static final String KEY_HEADER = "X-Upstream-Key";
    private static final String KEY = "probe-secret-5d1c";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();
    private static Server upstream;
    private static DemoMcpServer demo;
    private static final AtomicInteger asked = new AtomicInteger();
    /** MCP sessions the upstream was asked to open (initialize requests). */
    private static final AtomicInteger opened = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        upstream.addConnector(connector);
        demo = DemoMcpServer.create("/mcp");
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder mcp = new ServletHolder("demo", new Keyed(demo.servlet()));
        mcp.setAsyncSupported(true);
        context.addServlet(mcp, "/mcp");
        context.addServlet(new ServletHolder("page", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/html");
                resp.getWriter().write("<html><body>Welcome</body></html>");
            }
        }), "/page");
        upstream.setHandler(context);
        upstream.start();
        String origin = "http://127.0.0.1:" + connector.getLocalPort();
        register("live", origin + "/mcp", KEY);
        register("wrongkey", origin + "/mcp", "not-the-key");
        register("down", "http://127.0.0.1:" + freePort() + "/mcp", KEY);
        register("page", origin + "/page", KEY);
        register("missing", origin + "/nothing-here", KEY);
    }

    private static void register(String slug, String url, String secret) {
        assertJson(201, server.post("admin", "/api/servers", "{\"name\":\"" + slug + "\",\"slug\":\"" + slug
                + "\",\"url\":\"" + url + "\",\"authHeaderName\":\"" + KEY_HEADER + "\",\"authSecret\":\"" + secret
                + "\",\"connectTimeoutMs\":2000,\"readTimeoutMs\":10000}"));
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
        upstream.stop();
    }

    @Test
    void testWhenServerIsMcpThenReachableWithItsToolsPromptsResourcesAndAudited() {
        HttpResponse<String> r = server.post("admin", "/api/servers/live/test", "");

        JsonNode body = assertJson(200, r);
        assertTrue(body.get("reachable").asBoolean(), r.body());
        assertFalse(body.get("protocolVersion").asText().isEmpty());
        assertEquals(DemoMcpServer.NAME, body.get("serverInfo").get("name").asText());
        assertTrue(body.get("capabilities").has("tools"));
        assertEquals(List.of("echo", "add", "get_time", "slow_count", "fail").stream().sorted().toList(),
                names(body.get("tools"), "name").stream().sorted().toList());
        assertTrue(body.get("tools").get(0).has("description"));
        assertFalse(body.get("prompts").isEmpty(), r.body());
        assertFalse(body.get("resources").isEmpty(), r.body());
        assertTrue(body.get("resources").get(0).has("uri"));
        assertTrue(body.get("latencyMs").asLong() >= 0);
        assertFalse(r.body().contains(KEY));
        AuditEvent tested = server.audit(1).get(0);
        assertEquals(AuditKind.ADMIN_ACTION, tested.kind());
        assertEquals(Outcome.SUCCESS, tested.outcome());
        assertEquals("server.tested", tested.detail());
        assertEquals("admin", tested.actor());
        assertEquals("live", tested.server());
    }

    @Test
    void toolsWhenServersOrGatewaysManageThenTheCurrentToolListOnly() {
        JsonNode body = assertJson(200, server.get("admin", "/api/servers/live/tools"));

        assertEquals(List.of("tools"), ApiAssertions.fields(body).stream().toList());
        assertTrue(names(body.get("tools"), "name").contains("echo"));
    }

    /** A live session is the managers' (catalogue 639): an auditor or operator is refused before the server is asked. */
    @Test
    void toolsWhenTheCallerManagesNeitherServersNorGatewaysThenForbiddenAndNotAsked() {
        int before = asked.get();
        assertProblem(403, "missing capability: one of 'servers:manage', 'gateways:manage'",
                server.get("auditor", "/api/servers/live/tools"));
        assertProblem(403, "missing capability: one of 'servers:manage', 'gateways:manage'",
                server.get("operator", "/api/servers/live/tools"));
        assertEquals(before, asked.get());
    }

    /** A burst of tool lists opens one session with the server, not one each (catalogue 639). */
    @Test
    void toolsWhenAskedFiveTimesAtOnceThenTheServerIsAskedForOneSession() {
        register("burst", "http://127.0.0.1:" + ((ServerConnector) upstream.getConnectors()[0]).getLocalPort() + "/mcp", KEY);
        int before = opened.get();

        for (int i = 0; i < 5; i++) {
            assertTrue(names(assertJson(200, server.get("admin", "/api/servers/burst/tools")).get("tools"), "name").contains("echo"));
        }

        assertEquals(before + 1, opened.get(), "five lists within the reuse window opened one session");
    }

    @Test
    void testWhenPortClosedThenUnreachableRefused() {
        JsonNode body = assertJson(200, server.post("admin", "/api/servers/down/test", ""));

        assertFalse(body.get("reachable").asBoolean());
        assertTrue(body.get("error").asText().contains("refused"), body.toString());
        assertFalse(body.toString().contains(KEY));
    }

    @Test
    void testWhenUrlIsAWebPageThenNotMcp() {
        JsonNode body = assertJson(200, server.post("admin", "/api/servers/page/test", ""));

        assertFalse(body.get("reachable").asBoolean());
        assertTrue(body.get("error").asText().contains("not an MCP server"), body.toString());
        assertFalse(body.toString().contains("Welcome"));
    }

    @Test
    void testWhenUpstreamAnswersAnHttpErrorThenItsStatus() {
        JsonNode missing = assertJson(200, server.post("admin", "/api/servers/missing/test", ""));
        JsonNode wrongKey = assertJson(200, server.post("admin", "/api/servers/wrongkey/test", ""));

        assertEquals("the server answered HTTP 405", missing.get("error").asText()); // Jetty's default servlet: no POST
        assertEquals("the server answered HTTP 401", wrongKey.get("error").asText());
        assertFalse(wrongKey.toString().contains("not-the-key"));
    }

    @Test
    void toolsWhenServerUnreachableThenBadGatewaySayingWhy() {
        assertProblem(502, server.get("admin", "/api/servers/down/tools"));
    }

    @Test
    void testWhenCallerLacksServersManageThenForbiddenAndNotAsked() {
        int before = asked.get();
        assertProblem(403, "missing capability 'servers:manage'", server.post("operator", "/api/servers/live/test", ""));
        assertEquals(before, asked.get());
    }

    @Test
    void testWhenNoSuchServerThen404() {
        assertProblem(404, server.post("admin", "/api/servers/nope/test", ""));
        assertProblem(404, server.get("admin", "/api/servers/nope/tools"));
    }

    private static List<String> names(JsonNode items, String member) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.path(member).asText()));
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The demo server behind the gateway's credential: 401 without it. */
    private static final class Keyed extends HttpServlet {
        private final HttpServlet inner;

        Keyed(HttpServlet inner) {
            this.inner = inner;
        }

        @Override
        public void init(jakarta.servlet.ServletConfig config) throws jakarta.servlet.ServletException {
            super.init(config);
            inner.init(config);
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp)
                throws jakarta.servlet.ServletException, IOException {
            asked.incrementAndGet();
            if ("POST".equals(req.getMethod()) && req.getHeader("Mcp-Session-Id") == null) {
                opened.incrementAndGet(); // an initialize: a new MCP session
            }
            if (!KEY.equals(req.getHeader(KEY_HEADER))) {
                resp.sendError(401);
                return;
            }
            inner.service((jakarta.servlet.ServletRequest) req, (jakarta.servlet.ServletResponse) resp);
        }
    }
}
