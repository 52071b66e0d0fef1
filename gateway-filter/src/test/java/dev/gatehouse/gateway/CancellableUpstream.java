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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MCP upstream (streamable HTTP, raw servlet on its own Jetty) that honours cancellation and offers
 * tasks, as the MCP Java SDK does not: {@code initialize} opens a session {@code cu-N} and advertises
 * {@code tools}, {@code logging} and {@code tasks}; {@code tools/call} of {@code work} answers with an
 * event stream of progress notifications every 50 ms (event ids carry the session id, as the Java SDK's
 * do) and its result after 100 steps, unless a {@code notifications/cancelled} for that request id arrives
 * on the same session first: then the work stops and the stream ends without a response, as the
 * specification says. Every cancellation and every stopped or finished call is recorded.
 */
final class CancellableUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TASKS = "{\"list\":{},\"cancel\":{},\"requests\":{\"tools\":{\"call\":{}}}}";

    /** A {@code notifications/cancelled} as received: on which session, for which request, why. */
    record Cancelled(String session, String requestId, String reason) {
    }

    final List<Cancelled> cancelled = new CopyOnWriteArrayList<>();
    /** {@code session/requestId} of every call whose work stopped on cancellation. */
    final List<String> stopped = new CopyOnWriteArrayList<>();
    /** {@code session/requestId} of every call that ran to its result. */
    final List<String> finished = new CopyOnWriteArrayList<>();
    /** The session each {@code tools/list} came on. */
    final List<String> listedOn = new CopyOnWriteArrayList<>();
    /** How long {@code initialize} takes to answer, so that handshakes of racing requests overlap. */
    volatile long initializeMillis;
    /** Session ids ended with DELETE. */
    final List<String> deleted = new CopyOnWriteArrayList<>();
    private final Map<String, Work> running = new ConcurrentHashMap<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final ScheduledExecutorService steps = Executors.newScheduledThreadPool(2);
    private final Server jetty = new Server();
    final String url;

    CancellableUpstream() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new Mcp());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    }

    /** One running call: its stream and the step timer. */
    private final class Work {
        final String key;
        final AsyncContext async;
        final JsonNode id;
        final String session;
        final JsonNode token;
        final AtomicInteger step = new AtomicInteger();
        volatile ScheduledFuture<?> timer;

        Work(String key, AsyncContext async, JsonNode id, String session, JsonNode token) {
            this.key = key;
            this.token = token;
            this.async = async;
            this.id = id;
            this.session = session;
        }

        void step() {
            int n = step.incrementAndGet();
            try {
                if (n > 100) {
                    write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"worked\"}]}}");
                    finished.add(key);
                    end();
                    return;
                }
                write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":" + token
                        + ",\"progress\":" + n + "}}");
            } catch (IOException | RuntimeException e) {
                end();
            }
        }

        synchronized void write(String data) throws IOException {
            async.getResponse().getOutputStream().write(("id: " + session + "_" + step.get() + "\nevent: message\ndata: "
                    + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            async.getResponse().flushBuffer();
        }

        void end() {
            running.remove(key, this);
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            try {
                async.complete();
            } catch (RuntimeException ignored) {
                // already over
            }
        }
    }

    private final class Mcp extends HttpServlet {
        @Override
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
            deleted.add(String.valueOf(req.getHeader("Mcp-Session-Id")));
            resp.setStatus(200);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(405);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            JsonNode m = JSON.readTree(req.getInputStream());
            String method = m.path("method").asText();
            String session = req.getHeader("Mcp-Session-Id");
            if ("initialize".equals(method)) {
                pause(initializeMillis);
                String id = "cu-" + sessions.incrementAndGet();
                resp.setHeader("Mcp-Session-Id", id);
                json(resp, m.get("id"), "{\"protocolVersion\":" + m.path("params").path("protocolVersion")
                        + ",\"capabilities\":{\"tools\":{},\"logging\":{},\"tasks\":" + TASKS + "},"
                        + "\"serverInfo\":{\"name\":\"cancellable\",\"version\":\"1\"}}");
                return;
            }
            if (session == null) {
                resp.setStatus(400);
                return;
            }
            if ("notifications/cancelled".equals(method)) {
                String requestId = m.path("params").path("requestId").toString();
                cancelled.add(new Cancelled(session, requestId, m.path("params").path("reason").asText(null)));
                Work work = running.get(session + "/" + requestId);
                if (work != null) {
                    stopped.add(work.key);
                    work.end(); // stops the work; no response for a cancelled request
                }
                resp.setStatus(202);
                return;
            }
            if (!m.has("id")) {
                resp.setStatus(202);
                return;
            }
            if ("tools/list".equals(method)) {
                listedOn.add(session);
                json(resp, m.get("id"), "{\"tools\":[{\"name\":\"work\",\"inputSchema\":{\"type\":\"object\"}}]}");
            } else if ("tools/call".equals(method)) {
                String key = session + "/" + m.get("id");
                resp.setStatus(200);
                resp.setContentType("text/event-stream");
                resp.flushBuffer();
                AsyncContext async = req.startAsync();
                async.setTimeout(0);
                Work work = new Work(key, async, m.get("id"), session,
                        m.path("params").path("_meta").path("progressToken"));
                running.put(key, work);
                work.timer = steps.scheduleAtFixedRate(work::step, 0, 50, TimeUnit.MILLISECONDS);
            } else {
                json(resp, m.get("id"), "{}");
            }
        }
    }

    /** The sessions with a call running now. */
    java.util.Set<String> runningSessions() {
        return running.values().stream().map(w -> w.session).collect(java.util.stream.Collectors.toSet());
    }

    /** True once a call with this (string) id reached the server: running, stopped or finished. */
    boolean stoppedOrRunning(String id) {
        String suffix = "/\"" + id + "\"";
        return running.keySet().stream().anyMatch(k -> k.endsWith(suffix)) || stopped.stream().anyMatch(k -> k.endsWith(suffix))
                || finished.stream().anyMatch(k -> k.endsWith(suffix));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void json(HttpServletResponse resp, JsonNode id, String result) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }

    @Override
    public void close() throws Exception {
        steps.shutdownNow();
        jetty.stop();
    }
}
