package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MCP upstream on its own Jetty that sends as fast as it is read: {@code tools/call flood} answers with an
 * event stream of {@code events} progress notifications (argument, default {@link #CALL_EVENTS}) of
 * {@link #EVENT_BYTES} each, numbered from 1, then its result; a listen GET gets big logging notifications until
 * its reader goes away. Its send buffers are small, so a reader that stops reading blocks its writer soon: the
 * threads writing right now are {@link #writers}; {@link #stalled} tells when they all wait for readers that stopped.
 */
final class Firehose implements AutoCloseable {
    static final int EVENT_BYTES = 32 * 1024;
    static final int CALL_EVENTS = 1000;
    private static final int LISTEN_EVENTS = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILLER = "x".repeat(EVENT_BYTES);

    /** Threads inside a stream's write loop. */
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    /** Events written on call streams, all calls together. */
    final AtomicInteger callEvents = new AtomicInteger();
    /** Every JSON-RPC body received. */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final Server jetty = new Server();
    private static final java.time.Duration STILL = java.time.Duration.ofMillis(500);
    private volatile long lastWrite = System.nanoTime();
    final String url;

    Firehose() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setAcceptedSendBufferSize(16 * 1024); // a reader that stops reading blocks the writer soon
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new Mcp()), "/mcp");
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
    }

    /**
     * True once {@code count} writers wait for their readers and none has written anything for {@link #STILL}: a
     * writer also waits for a moment while its reader keeps up (the send buffers are small), but not that long.
     */
    boolean stalled(int count) {
        return writers.size() >= count && System.nanoTime() - lastWrite > STILL.toNanos()
                && writers.stream().filter(t -> t.getState() == Thread.State.WAITING
                        || t.getState() == Thread.State.TIMED_WAITING).count() >= count;
    }

    private void wrote() {
        lastWrite = System.nanoTime();
    }

    private final class Mcp extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body);
            JsonNode m = JSON.readTree(body);
            if (!m.has("id")) {
                resp.setStatus(202);
                return;
            }
            String method = m.path("method").asText();
            String result = "{}";
            if (method.equals("initialize")) {
                resp.setHeader("Mcp-Session-Id", "fire-1");
                result = "{\"protocolVersion\":" + m.path("params").path("protocolVersion")
                        + ",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"firehose\",\"version\":\"1\"}}";
            } else if (method.equals("tools/list")) {
                result = "{\"tools\":[{\"name\":\"flood\",\"inputSchema\":{\"type\":\"object\"}}]}";
            } else if (method.equals("tools/call")) {
                flood(resp, m);
                return;
            }
            resp.setContentType("application/json");
            resp.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":" + result + "}");
        }

        private void flood(HttpServletResponse resp, JsonNode call) throws IOException {
            int events = call.path("params").path("arguments").path("events").asInt(CALL_EVENTS);
            JsonNode token = call.path("params").path("_meta").path("progressToken");
            resp.setContentType("text/event-stream");
            OutputStream out = resp.getOutputStream();
            writers.add(Thread.currentThread());
            try {
                for (int i = 1; i <= events; i++) {
                    out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                            + "{\"progressToken\":" + token + ",\"progress\":" + i + ",\"message\":\"" + FILLER + "\"}}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    callEvents.incrementAndGet();
                    wrote();
                }
                out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + call.get("id")
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"flooded\"}]}}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the gateway closed the stream: expected when its client was cut
            } finally {
                writers.remove(Thread.currentThread());
            }
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/event-stream");
            OutputStream out = resp.getOutputStream();
            writers.add(Thread.currentThread());
            try {
                for (int i = 1; i <= LISTEN_EVENTS; i++) {
                    out.write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":"
                            + "{\"level\":\"info\",\"data\":\"" + i + " " + FILLER + "\"}}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    wrote();
                }
            } catch (IOException e) {
                // the gateway closed the stream
            } finally {
                writers.remove(Thread.currentThread());
            }
        }

        @Override
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(200);
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
