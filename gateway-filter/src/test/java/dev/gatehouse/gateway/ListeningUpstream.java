package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal MCP upstream on its own Jetty that shows what happens to its listen streams: {@code /listen/mcp}
 * answers a GET with an event stream at once and writes a comment to it every 100 ms, counting the streams
 * opened and those found closed by the other side (each stream starts with a logging notification, event
 * id 7, and a {@code roots/list} request, id 41, event id 8); {@code /refuse/mcp} answers a GET with 405. Both
 * answer {@code initialize} (session {@code up-1}) and any other request with an empty result.
 */
final class ListeningUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closedByPeer = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** The {@code Last-Event-ID} of each listen GET, "-" when it had none. */
    final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<AsyncContext> streams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
    private final Server jetty = new Server();
    final String baseUrl;

    ListeningUpstream() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder listen = new ServletHolder(new Mcp(true));
        listen.setAsyncSupported(true);
        context.addServlet(listen, "/listen/mcp");
        context.addServlet(new ServletHolder(new Mcp(false)), "/refuse/mcp");
        jetty.setHandler(context);
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        pinger.scheduleAtFixedRate(this::ping, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        for (AsyncContext a : streams) {
            try {
                a.getResponse().getOutputStream().write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                a.getResponse().flushBuffer();
            } catch (IOException | RuntimeException e) {
                streams.remove(a);
                closedByPeer.incrementAndGet();
                try {
                    a.complete();
                } catch (RuntimeException ignored) {
                    // already over
                }
            }
        }
    }

    private final class Mcp extends HttpServlet {
        private final boolean listens;

        Mcp(boolean listens) {
            this.listens = listens;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (!listens) {
                refused.incrementAndGet();
                resp.sendError(405);
                return;
            }
            opened.incrementAndGet();
            String last = req.getHeader("Last-Event-ID");
            lastEventIds.add(last == null ? "-" : last);
            resp.setStatus(200);
            resp.setContentType("text/event-stream");
            resp.getOutputStream().write(("id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                    + "\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"hello\"}}\n\n"
                    + "id: 8\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"roots/list\"}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            resp.flushBuffer();
            AsyncContext async = req.startAsync();
            async.setTimeout(0);
            streams.add(async);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            JsonNode m = JSON.readTree(req.getInputStream());
            if (!m.has("id") || !m.has("method")) {
                resp.setStatus(202);
                return;
            }
            String result = "{}";
            if ("initialize".equals(m.path("method").asText())) {
                result = "{\"protocolVersion\":" + m.path("params").path("protocolVersion")
                        + ",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"listening\",\"version\":\"1\"}}";
                resp.setHeader("Mcp-Session-Id", "up-1");
            } else if ("tools/list".equals(m.path("method").asText())) {
                result = "{\"tools\":[]}";
            }
            resp.setContentType("application/json");
            resp.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":" + result + "}");
        }
    }

    @Override
    public void close() throws Exception {
        pinger.shutdownNow();
        jetty.stop();
    }
}
