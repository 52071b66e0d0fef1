package dev.gatehouse.gateway;

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstream MCP servers that misbehave on purpose, on their own in-process Jetty: each path
 * {@code /{fault}/mcp} answers the handshake and {@code tools/list} (one tool, {@code probe}) like a
 * real server, then answers {@code tools/call} with its fault. {@code /trap/mcp} counts whoever reaches
 * it (the target of the redirect), so a test can show it was never followed.
 */
final class ScriptedUpstream implements AutoCloseable {
    /** What {@code tools/call} gets. */
    enum Fault {
        /** 200 with an HTML page. */
        GARBAGE,
        /** 200 application/json that is not a JSON-RPC response. */
        NOT_MCP,
        /** 302 to {@code /trap/mcp}. */
        REDIRECT,
        /** 200 application/json larger than the gateway's 16 MiB reply cap. */
        HUGE,
        /** 200 text/event-stream: one progress event, then silence past the deadline. */
        STALL_SSE,
        /** 500 with a body. */
        SERVER_ERROR,
        /** No answer for {@link #SLOW_MILLIS}. */
        SLOW
    }

    static final String TOOL = "probe";
    static final int HUGE_BYTES = 17 * 1024 * 1024;
    static final long SLOW_MILLIS = 20_000;

    private final Server jetty = new Server();
    final AtomicInteger trapHits = new AtomicInteger();
    /** Every JSON-RPC body any scripted upstream received. */
    final List<String> received = new CopyOnWriteArrayList<>();
    final String baseUrl;

    ScriptedUpstream() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        for (Fault f : Fault.values()) {
            context.addServlet(new ServletHolder(new Scripted(f)), "/" + f.name().toLowerCase() + "/mcp");
        }
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                trapHits.incrementAndGet();
                resp.setStatus(200);
            }
        }), "/trap/mcp");
        jetty.setHandler(context);
        jetty.start();
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
    }

    String url(Fault fault) {
        return baseUrl + "/" + fault.name().toLowerCase() + "/mcp";
    }

    private final class Scripted extends HttpServlet {
        private final Fault fault;

        Scripted(Fault fault) {
            this.fault = fault;
        }

        @Override
        protected void doDelete(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(200);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            received.add(body);
            String id = id(body);
            if (body.contains("\"method\":\"initialize\"")) {
                resp.setHeader("Mcp-Session-Id", "scripted-" + fault.name().toLowerCase());
                json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"scripted\",\"version\":\"1\"}}}");
            } else if (id == null) {
                resp.setStatus(202); // a notification
            } else if (body.contains("\"method\":\"tools/list\"")) {
                json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[{\"name\":\"" + TOOL
                        + "\",\"inputSchema\":{\"type\":\"object\"}}]}}");
            } else if (body.contains("\"method\":\"tools/call\"")) {
                misbehave(resp, id);
            } else {
                json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}");
            }
        }

        private void misbehave(HttpServletResponse resp, String id) throws IOException {
            switch (fault) {
                case GARBAGE -> {
                    resp.setContentType("text/html");
                    resp.getWriter().write("<html><body>502 Bad Gateway (nginx)</body></html>");
                }
                case NOT_MCP -> json(resp, "{\"hello\":\"world\",\"id\":" + id + "}");
                case REDIRECT -> {
                    resp.setStatus(302);
                    resp.setHeader("Location", baseUrl + "/trap/mcp");
                }
                case HUGE -> {
                    resp.setContentType("application/json");
                    OutputStream out = resp.getOutputStream();
                    out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"")
                            .getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    try {
                        for (int written = 0; written < HUGE_BYTES; written += chunk.length) {
                            out.write(chunk);
                        }
                        out.write("\"}]}}".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // the gateway stopped reading at its cap: expected
                    }
                }
                case STALL_SSE -> {
                    resp.setContentType("text/event-stream");
                    resp.getWriter().write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                            + "\"params\":{\"level\":\"info\",\"data\":\"working\"}}\n\n");
                    resp.flushBuffer();
                    try {
                        Thread.sleep(10_000); // then nothing: the gateway's deadline must end it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case SLOW -> {
                    try {
                        Thread.sleep(SLOW_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    json(resp, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}");
                }
                case SERVER_ERROR -> {
                    resp.setStatus(500);
                    resp.setContentType("text/plain");
                    resp.getWriter().write("java.lang.NullPointerException at com.example.Internal.secret(Internal.java:42)");
                }
            }
        }
    }

    private static void json(HttpServletResponse resp, String json) throws IOException {
        resp.setContentType("application/json");
        resp.getWriter().write(json);
    }

    /** The request's id as JSON text, or null for a notification (good enough for the bodies the gateway sends). */
    private static String id(String body) {
        int at = body.indexOf("\"id\":");
        if (at < 0) {
            return null;
        }
        int end = at + 5;
        while (end < body.length() && body.charAt(end) != ',' && body.charAt(end) != '}') {
            end++;
        }
        return body.substring(at + 5, end);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
