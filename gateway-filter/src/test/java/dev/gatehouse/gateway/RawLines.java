package dev.gatehouse.gateway;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw HTTP/1.1 exchange over a plain socket whose response lines arrive in a queue as they come, read by a
 * daemon thread, with {@link #EOF} queued when the connection ends. Streaming tests (listen streams, streaming
 * calls, cancellation, revocation) watch a response line by line while it is still open, which
 * {@link java.net.http.HttpClient} does not let them do; this is the one copy of that helper.
 */
final class RawLines implements AutoCloseable {
    /** Queued after the last line, when the connection ends or the test closes it. */
    static final String EOF = "\u0000EOF";

    private final Socket socket;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private RawLines(URI base, String head, byte[] body) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        byte[] headBytes = head.replace("{host}", base.getHost() + ":" + base.getPort()).getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    seen.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the test closed the socket
            }
            lines.add(EOF);
        }, "raw-lines-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends {@code head} (the request line and header lines, ending with the blank line; {@code {host}} stands for
     * the base's host:port) and then {@code body}, and starts reading the response.
     */
    static RawLines open(URI base, String head, byte[] body) throws IOException {
        return new RawLines(base, head, body);
    }

    /** The same with a UTF-8 body. */
    static RawLines open(String baseUrl, String head, String body) throws IOException {
        return open(URI.create(baseUrl), head, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The first line matching within the timeout, else null (also at {@link #EOF} unless it matches); the lines before it are consumed. */
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

    /** The lines up to and including the first matching one (or {@link #EOF}), or all that came within the timeout. */
    List<String> until(Predicate<String> match, Duration timeout) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            taken.add(line);
            if (match.test(line) || line.equals(EOF)) {
                break;
            }
        }
        return taken;
    }

    /** The next line (possibly {@link #EOF}) within the timeout, else null. */
    String poll(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Every line read so far, consumed or not ({@link #EOF} excluded). */
    List<String> seen() {
        return seen;
    }

    /** Sends the FIN (the client is done sending) but keeps reading, as a socket closing under its reader does for a moment. */
    void closeOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
