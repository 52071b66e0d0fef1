package dev.gatehouse.launcher;

import dev.gatehouse.demo.DemoMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's own connectors with {@link ConnectorLimits} (docs/security-tests.md, "HTTP"), on the real
 * embedded server as {@code Main} starts it (both WARs, the demo server on its loopback connector, H2 in
 * a data folder): a client that sends its body one byte a second gets {@code 408} and the connection is
 * closed within seconds, on both connectors; oversized headers get {@code 431}; a normal client is
 * served; and a reply that is slow but legal (the demo's {@code slow_count} as an event stream, far below
 * 1 KiB/s) is not cut, since only the request is bounded in time; a small body arriving in two parts with a pause
 * between them, well within the body's bound, is served (Jetty's minimum data rate, measured from the body's first
 * chunk, refused it with 408, row 411). A head (request line and headers)
 * trickled in, or blank lines before one, is cut with {@code 408} once {@link ConnectorLimits#MAX_REQUEST_HEAD_TIME}
 * passed, on both connectors (docs/security-tests.md, row 214), while a kept-alive connection may stay idle longer.
 * The methods run at the same time against the one server: each has its own socket and most only wait out a bound,
 * so the class takes about as long as its slowest method, not the sum.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class ConnectorLimitsTest {
    /** A trickling client would need this long to finish its body; the server must give up long before. */
    private static final int TRICKLE_SECONDS = 120;

    private LauncherServer launcher;
    private EmbeddedServer server;
    private DemoMcpServer demo;
    private int demoPort;
    private String token;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        launcher = new LauncherServer(data);
        server = launcher.server;
        demo = launcher.demo;
        demoPort = launcher.demoPort;
        token = launcher.token;
    }

    @AfterAll
    void stop() throws Exception {
        launcher.close();
    }

    private String mcpPath() {
        return launcher.mcpPath();
    }

    private String mcpHeaders() {
        return "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n";
    }

    /**
     * Sends the head, then the body at one byte a second for at most {@code seconds} (or at once when 0);
     * returns the status line.
     */
    private static String post(int port, String path, String headers, int bodyLength, int seconds) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + bodyLength + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                if (seconds == 0) {
                    out.write(ping().getBytes(StandardCharsets.US_ASCII));
                } else {
                    for (int i = 0; i < seconds && i < bodyLength; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(1000);
                    }
                }
                out.flush();
            } catch (IOException closed) {
                // the server gave up on us: read its answer below
            }
            byte[] reply = socket.getInputStream().readNBytes(64);
            return new String(reply, StandardCharsets.ISO_8859_1).split("\r\n")[0];
        }
    }

    private static String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    }

    /** Trickles a body to the connector; returns the status line once the server gave up on it. */
    private static String trickle(int port, String path, String headers) throws Exception {
        long start = System.nanoTime();
        String status = post(port, path, headers, 1000, TRICKLE_SECONDS);
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        // every byte resets the idle timeout: only the body's deadline ends this before the body would (generous bound)
        assertTrue(seconds < TRICKLE_SECONDS / 2, seconds + " s");
        return status;
    }

    @Test
    void postWhenBodyTricklesInAtOneBytePerSecondThen408AndClosedWithinSeconds() throws Exception {
        assertEquals("HTTP/1.1 408 Request Timeout", trickle(server.port(), mcpPath(), mcpHeaders()));
    }

    @Test
    void postToTheDemoConnectorWhenBodyTricklesInThenRefusedAndClosedWithinSeconds() throws Exception {
        String status = trickle(demoPort, EmbeddedServer.DEMO_CONTEXT + demo.endpoint(),
                "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n");
        // Jetty's 408 reaches the MCP SDK's servlet as a failed read, which it answers with its own 500
        assertTrue(status.equals("HTTP/1.1 408 Request Timeout") || status.equals("HTTP/1.1 500 Server Error"), status);
    }

    /**
     * The server reads a small body in several reads and its thread pauses between two of them (here: the second part
     * comes late, the third just after it, so one more read follows the pause); Jetty's minimum data rate, measured
     * from the first chunk, answered such a read 408 (seen at load 22 in StdioBridgeGatewayTest).
     */
    @Test
    void postWhenASmallBodyArrivesInTwoPartsWithAPauseWithinTheBoundThenServed() throws Exception {
        byte[] body = ping().getBytes(StandardCharsets.US_ASCII);
        int third = body.length / 3;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + mcpPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + mcpHeaders()
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, third);
            out.flush();
            // far below 1 KiB/s from the first part on, far within the body's bound: a pause a loaded machine can take
            Thread.sleep(ConnectorLimits.MAX_REQUEST_BODY_TIME.toMillis() / 5);
            out.write(body, third, third);
            out.flush();
            Thread.sleep(100); // the rest as one more read
            out.write(body, 2 * third, body.length - 2 * third);
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply);
            assertTrue(reply.contains("\"id\":1"), reply);
        }
    }

    @Test
    void postWhenHeadersOversizedThen431() throws Exception {
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", post(server.port(), mcpPath(),
                mcpHeaders() + "X-Padding: " + "h".repeat(ConnectorLimits.MAX_REQUEST_HEADER_BYTES) + "\r\n",
                ping().length(), 0));
    }

    @Test
    void postWhenBodyArrivesAtOnceThenServed() throws Exception {
        assertEquals("HTTP/1.1 200 OK", post(server.port(), mcpPath(), mcpHeaders(), ping().length(), 0));
    }

    @Test
    void toolsCallWhenTheReplyIsASlowEventStreamThenItIsRelayedWhole() throws Exception {
        int steps = 4;
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\","
                + "\"arguments\":{\"count\":" + steps + ",\"delayMs\":1500},\"_meta\":{\"progressToken\":\"p\"}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + mcpPath()))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(call)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(steps, r.body().lines().filter(l -> l.contains("notifications/progress")).count(), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.startsWith("data: {\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"result\"")),
                r.body());
    }

    /** The server's answer to a trickled head, and how long after the first byte it came. */
    private record Cut(String reply, Duration after) {
    }

    /**
     * Sends {@code head}, then one more byte of {@code filler} a second (the next byte goes out when a read of the
     * answer has waited a second in vain) until the server answers or closes, for at most 60 s.
     */
    private static Cut trickleHead(int port, String head, char filler) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            java.io.InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
                try {
                    int first = in.read();
                    Duration after = Duration.ofNanos(System.nanoTime() - start);
                    if (first < 0) {
                        return new Cut("", after);
                    }
                    socket.setSoTimeout(10_000);
                    return new Cut((char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8), after);
                } catch (java.net.SocketTimeoutException quiet) {
                    try {
                        out.write(filler);
                        out.flush();
                    } catch (IOException closed) {
                        return new Cut("", Duration.ofNanos(System.nanoTime() - start));
                    }
                }
            }
            throw new AssertionError("the server waited 60 s for a head trickled one byte a second");
        }
    }

    private static void assertCutWithin(Cut cut) {
        Duration bound = ConnectorLimits.MAX_REQUEST_HEAD_TIME;
        assertTrue(cut.after().compareTo(bound.minusSeconds(1)) >= 0, "cut before the bound: " + cut.after());
        assertTrue(cut.after().compareTo(bound.plusSeconds(5)) <= 0, "cut late: " + cut.after());
        assertTrue(cut.reply().startsWith("HTTP/1.1 408 Request Timeout\r\n"), cut.reply());
        assertTrue(cut.reply().contains("\r\nContent-Type: application/json\r\n"), cut.reply());
        assertTrue(cut.reply().endsWith("\r\n\r\n{\"error\":\"request_timeout\",\"status\":408}"), cut.reply());
    }

    @Test
    void headWhenHeadersTrickleInOneByteASecondThen408AndClosedOnceTheBoundPassed() throws Exception {
        assertCutWithin(trickleHead(server.port(), "GET " + mcpPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 'a'));
    }

    @Test
    void headOnTheDemoConnectorWhenHeadersTrickleInThen408AndClosedOnceTheBoundPassed() throws Exception {
        assertCutWithin(trickleHead(demoPort, "POST /demo/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 'a'));
    }

    @Test
    void headWhenOnlyBlankLinesTrickleInThen408AndClosedOnceTheBoundPassed() throws Exception {
        assertCutWithin(trickleHead(server.port(), "\r\n", '\n'));
    }

    @Test
    void keptAliveConnectionWhenIdleLongerThanTheHeadBoundThenStillServesTheNextRequest() throws Exception {
        String health = "GET " + EmbeddedServer.GATEWAY_CONTEXT + "/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            java.io.InputStream in = socket.getInputStream();
            socket.getOutputStream().write(health.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readReply(socket, in, 10_000).startsWith("HTTP/1.1 200 OK"));
            // idle, longer than a head may take: the connection must stay open (no bytes, no clock)
            int idleMillis = (int) ConnectorLimits.MAX_REQUEST_HEAD_TIME.plusSeconds(2).toMillis();
            socket.setSoTimeout(idleMillis);
            assertThrows(java.net.SocketTimeoutException.class, in::read, "the server closed an idle kept-alive connection");
            socket.getOutputStream().write(health.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readReply(socket, in, 10_000).startsWith("HTTP/1.1 200 OK"));
        }
    }

    /** One reply with a Content-Length body, read from a kept-alive connection. */
    private static String readReply(Socket socket, java.io.InputStream in, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
