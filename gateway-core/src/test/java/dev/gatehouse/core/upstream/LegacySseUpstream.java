package dev.gatehouse.core.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.model.UpstreamServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted server of the 2024-11-05 HTTP+SSE transport on the JDK's HTTP server: {@code GET /mcp} opens the
 * event stream and announces {@link #endpoint}; what the test puts in {@link #events} is written to the stream
 * (a null ends it); a {@code POST} to {@code /mcp/messages} is recorded and answered {@code 202 Accepted} with a
 * text body, as the TypeScript SDK's server answers. {@code POST /mcp} itself is 404 (no streamable HTTP).
 */
final class LegacySseUpstream implements AutoCloseable {
    final HttpServer server;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
    final List<String> credentials = new CopyOnWriteArrayList<>();
    volatile String endpoint = "/mcp/messages?sessionId=s-1";

    LegacySseUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    UpstreamServer record(UpstreamServer.Transport transport, Duration readTimeout) {
        return new UpstreamServer("legacy-1", "Legacy", "legacy", url(), transport, "X-Api-Key", "legacy-secret",
                Duration.ofSeconds(5), readTimeout, true, Instant.now());
    }

    /** Queues one JSON-RPC message as a {@code message} event. */
    void send(String json) {
        events.add("event: message\ndata: " + json + "\n\n");
    }

    private void handle(HttpExchange x) throws IOException {
        credentials.add(String.valueOf(x.getRequestHeaders().getFirst("X-Api-Key")));
        String path = x.getRequestURI().getPath();
        if ("GET".equals(x.getRequestMethod()) && path.equals("/mcp")) {
            x.getResponseHeaders().set("Content-Type", "text/event-stream");
            x.sendResponseHeaders(200, 0);
            OutputStream out = x.getResponseBody();
            out.write(("event: endpoint\ndata: " + endpoint + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                while (true) {
                    String e = events.poll(60, TimeUnit.SECONDS);
                    if (e == null || e.isEmpty()) {
                        break;
                    }
                    out.write(e.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the stream ends
            }
            x.close();
            return;
        }
        if ("POST".equals(x.getRequestMethod()) && path.equals("/mcp/messages")) {
            posted.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            FakeUpstream.reply(x, 202, null, "Accepted");
            return;
        }
        FakeUpstream.reply(x, 404, "text/plain", "Not Found");
    }

    /** Ends the event stream (the server closes it). */
    void endStream() {
        events.add("");
    }

    @Override
    public void close() {
        endStream();
        server.stop(0);
    }
}
