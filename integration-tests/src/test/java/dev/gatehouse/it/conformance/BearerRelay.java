package dev.gatehouse.it.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A raw HTTP/1.1 relay on localhost that adds {@code Authorization: Bearer <token>} to every request and
 * otherwise passes bytes through unchanged, the {@code Host} header included: the conformance suite
 * has no option to send a header, and Gatehouse must see the {@code Host} and {@code Origin} the suite
 * chose. Request bodies are framed by {@code Content-Length} or chunked encoding; responses (SSE
 * included) are copied as they arrive.
 */
public final class BearerRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bearer-relay");
        t.setDaemon(true);
        return t;
    });
    private final int targetPort;
    private final byte[] authorization;

    public BearerRelay(int targetPort, String token) throws IOException {
        this.targetPort = targetPort;
        this.authorization = ("Authorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                threads.execute(() -> requests(client, upstream));
                threads.execute(() -> copy(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Client to upstream, one request at a time: head with the header added, then the framed body. */
    private void requests(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = client.getInputStream();
            OutputStream out = upstream.getOutputStream();
            String head;
            while ((head = readHead(in)) != null) {
                int endOfRequestLine = head.indexOf("\r\n") + 2;
                out.write(head.substring(0, endOfRequestLine).getBytes(StandardCharsets.ISO_8859_1));
                out.write(authorization);
                out.write(head.substring(endOfRequestLine).getBytes(StandardCharsets.ISO_8859_1));
                String lower = head.toLowerCase(Locale.ROOT);
                long length = contentLength(lower);
                if (lower.contains("\r\ntransfer-encoding: chunked")) {
                    copyChunked(in, out);
                } else {
                    copyExactly(in, out, length);
                }
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            last4 = last4 << 8 | b;
            if (last4 == 0x0D0A0D0A) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static long contentLength(String lowerHead) {
        int at = lowerHead.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int end = lowerHead.indexOf("\r\n", at + 2);
        return Long.parseLong(lowerHead.substring(at + "\r\ncontent-length:".length(), end).strip());
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            out.write(sizeLine.getBytes(StandardCharsets.ISO_8859_1));
            int size = Integer.parseInt(sizeLine.strip().split(";")[0], 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write(trailer.getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.equals("\r\n"));
                return;
            }
            out.write(in.readNBytes(size + 2));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[8192];
        for (long remaining = length; remaining > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("the body ended early");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
