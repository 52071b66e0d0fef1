package dev.gatehouse.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw HTTP/1.1 exchange with the gateway whose response lines arrive in a queue as they come: an event
 * stream read as it is written, its end seen as the last chunk ({@code 0}) or the connection closing
 * ({@link #EOF}).
 */
final class RawStream implements AutoCloseable {
    static final String EOF = "\u0000EOF";
    private final Socket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private RawStream(String baseUrl, String head, String body) throws IOException {
        URI base = URI.create(baseUrl);
        socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write((head.replace("{host}", base.getHost() + ":" + base.getPort()) + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the test closed the socket
            }
            lines.add(EOF);
        }, "raw-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** A listen stream (GET) of the session on {@code gateway}. */
    static RawStream listen(String baseUrl, String gateway, String token, String session, String version) throws IOException {
        return new RawStream(baseUrl, "GET /gatehouse/mcp/" + gateway + " HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer "
                + token + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: "
                + version + "\r\n\r\n", "");
    }

    /** A POST of one message in the session, accepting an event stream. */
    static RawStream post(String baseUrl, String gateway, String token, String session, String version, String json)
            throws IOException {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return new RawStream(baseUrl, "POST /gatehouse/mcp/" + gateway + " HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: " + version + "\r\nContent-Length: " + length
                + "\r\n\r\n", json);
    }

    /** The first line matching within the timeout, else null; the lines before it are consumed. */
    String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (match.test(line)) {
                return line;
            }
            if (line.equals(EOF)) {
                return null;
            }
        }
        return null;
    }

    /** The lines up to and including the first matching one (or the end), within the timeout. */
    List<String> until(Predicate<String> match, Duration timeout) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (match.test(line) || line.equals(EOF)) {
                break;
            }
        }
        return seen;
    }

    static boolean ended(String line) {
        return line.equals("0") || line.equals(EOF);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
