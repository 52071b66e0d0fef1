package dev.gatehouse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle SSE streams held open through the gateway: each on its own Gatehouse session (initialize, then
 * {@code GET} for the session's listen stream; one stream per session), headers read, then left idle.
 * Reports how many opened and the heap they hold. Everything runs in one process (client sockets, the
 * gateway and its upstream listen streams, the upstream's sessions), so the heap per stream is an upper
 * bound for the gateway alone; each stream costs four sockets here, so the process's file limit caps N.
 */
final class IdleStreams implements AutoCloseable {
    /** What the phase measured. */
    record Result(int requested, int open, long failed, long heapBeforeBytes, long heapAfterBytes, double seconds) {
        String line() {
            return String.format("idle SSE streams through the gateway: %d of %d open (%d failed) in %.0f s; heap after GC"
                            + " %.1f -> %.1f MiB, %.1f KiB per stream (upper bound: upstream and client in the same heap)%n",
                    open, requested, failed, seconds, heapBeforeBytes / 1048576.0, heapAfterBytes / 1048576.0,
                    open == 0 ? 0.0 : (heapAfterBytes - heapBeforeBytes) / 1024.0 / open);
        }
    }

    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    Result open(URI gateway, String token, int count) throws InterruptedException {
        long before = BenchMain.heapUsedAfterGc();
        long started = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        String[] firstError = new String[1];
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try (RawHttp http = new RawHttp(gateway)) {
                    while (next.getAndIncrement() < count) {
                        try {
                            sockets.add(stream(http, gateway, token));
                        } catch (IOException | RuntimeException e) {
                            failed.incrementAndGet();
                            synchronized (firstError) {
                                firstError[0] = firstError[0] == null ? e.toString() : firstError[0];
                            }
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        if (firstError[0] != null) {
            System.err.println("bench: idle streams: first error: " + firstError[0]);
        }
        return new Result(count, sockets.size(), failed.get(), before, BenchMain.heapUsedAfterGc(),
                (System.nanoTime() - started) / 1e9);
    }

    private static Socket stream(RawHttp http, URI gateway, String token) throws IOException {
        String auth = "Authorization: Bearer " + token;
        String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + Target.PROTOCOL + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-bench\",\"version\":\"1\"}}}";
        RawHttp.Reply reply = http.exchange(RawHttp.post(gateway, init, Target.ACCEPT, auth));
        if (reply.status() != 200 || reply.sessionId() == null) {
            throw new IOException("initialize: " + reply.status());
        }
        String session = "Mcp-Session-Id: " + reply.sessionId();
        String version = "MCP-Protocol-Version: " + Target.PROTOCOL;
        http.exchange(RawHttp.post(gateway, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                Target.ACCEPT, auth, session, version));
        Socket s = new Socket();
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
        String get = "GET " + gateway.getRawPath() + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                + "\r\nAccept: text/event-stream\r\n" + auth + "\r\n" + session + "\r\n" + version + "\r\n\r\n";
        s.getOutputStream().write(get.getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        String status = headLine(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            s.close();
            throw new IOException("GET listen stream: " + status);
        }
        while (!headLine(in).isEmpty()) {
            // headers only: the stream then stays idle (keep-alive comments are left unread in the socket buffer)
        }
        return s;
    }

    private static String headLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c == -1) {
            throw new IOException("closed while reading the response head");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
