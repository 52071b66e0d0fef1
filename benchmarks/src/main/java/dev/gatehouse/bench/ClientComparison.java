package dev.gatehouse.bench;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp benchmarks/target/gatehouse-bench.jar dev.gatehouse.bench.ClientComparison}: the two HTTP
 * clients the upstream leg could use, against the demo MCP server in this process, on the same MCP session
 * and the same {@code tools/call}: {@code java.net.http} (synchronous {@code send} on the caller's thread, as
 * Gatehouse sends, bodies read on a pool of its own) and Jetty 12's {@code HttpClient} (non-blocking, the
 * caller waiting for the response). Closed loop at 1 and 16 callers; calls/s, p50, and the process's CPU per
 * call (the upstream's share is the same in both, so the difference is the clients').
 */
public final class ClientComparison {
    private interface Client {
        byte[] call() throws Exception;
    }

    private ClientComparison() {
    }

    public static void main(String[] args) throws Exception {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
        try (DirectUpstream upstream = new DirectUpstream()) {
            URI url = upstream.url();
            Target target = Target.direct(url);
            String session = headerValue(target, "Mcp-Session-Id");
            byte[] body = Target.ECHO_CALL.getBytes(StandardCharsets.UTF_8);

            ExecutorService jdkPool = Executors.newFixedThreadPool(8);
            HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(jdkPool).build();
            HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream").header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", Target.PROTOCOL).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            Client jdkClient = () -> jdk.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();

            org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
            jetty.setFollowRedirects(false);
            jetty.setMaxConnectionsPerDestination(64);
            jetty.start();
            Client jettyClient = () -> {
                ContentResponse r = jetty.newRequest(url).method(HttpMethod.POST)
                        .headers(h -> h.put("Accept", "application/json, text/event-stream").put("Mcp-Session-Id", session)
                                .put("MCP-Protocol-Version", Target.PROTOCOL))
                        .body(new BytesRequestContent("application/json", body)).timeout(30, TimeUnit.SECONDS).send();
                return r.getContent();
            };
            System.out.printf("%-22s %7s %10s %8s %10s%n", "client", "callers", "calls/s", "p50 ms", "CPU/call");
            for (int callers : new int[] {1, 16}) {
                for (int round = 0; round < 2; round++) { // interleaved: both see the machine alike
                    print("java.net.http send", callers, run(jdkClient, callers, warmup, seconds));
                    print("Jetty 12 HttpClient", callers, run(jettyClient, callers, warmup, seconds));
                }
            }
            jetty.stop();
            jdkPool.shutdownNow();
        }
        System.exit(0);
    }

    private record Run(long calls, double seconds, Histogram latency, long cpuNanos) {
    }

    private static void print(String name, int callers, Run r) {
        System.out.printf("%-22s %7d %10.0f %8.3f %10.3f%n", name, callers, r.calls / r.seconds,
                r.latency.getValueAtPercentile(50) / 1e6, r.cpuNanos / 1e6 / Math.max(1, r.calls));
    }

    private static Run run(Client client, int callers, double warmup, double seconds) throws Exception {
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<Histogram>> done = new ArrayList<>();
        long[] cpu = new long[2];
        Thread sampler = new Thread(() -> {
            sleepUntil(warmEnd);
            cpu[0] = cpu();
            sleepUntil(end);
            cpu[1] = cpu();
        });
        sampler.start();
        for (int i = 0; i < callers; i++) {
            done.add(pool.submit(() -> {
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                long now;
                while ((now = System.nanoTime()) < end) {
                    byte[] reply = client.call();
                    if (!new String(reply, StandardCharsets.UTF_8).contains("hello")) {
                        throw new IllegalStateException("unexpected reply: " + new String(reply, StandardCharsets.UTF_8));
                    }
                    if (now >= warmEnd) {
                        h.recordValue(Math.min(System.nanoTime() - now, TimeUnit.SECONDS.toNanos(60)));
                    }
                }
                return h;
            }));
        }
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (Future<Histogram> f : done) {
            all.add(f.get());
        }
        sampler.join();
        pool.shutdownNow();
        return new Run(all.getTotalCount(), seconds, all, cpu[1] - cpu[0]);
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String headerValue(Target target, String name) {
        for (String line : new String(target.request(), StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new IllegalStateException("no " + name + " in the direct leg's request");
    }
}
