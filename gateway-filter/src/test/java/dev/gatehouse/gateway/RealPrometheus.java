package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's Prometheus server ({@code /usr/bin/prometheus}, installed by ./run-tests) as a child process on
 * an ephemeral loopback port, scraping one target every second with a bearer token, its data in a
 * temporary folder. Queried through its HTTP API; stopped (and its folder left to the caller) on close.
 */
final class RealPrometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final String base;

    /**
     * @param target      host:port of the scraped server
     * @param metricsPath the path scraped
     * @param token       the bearer token sent with each scrape
     */
    RealPrometheus(Path folder, String target, String metricsPath, String token) throws Exception {
        assertTrue(Files.isExecutable(BINARY), BINARY + " is missing: install Debian's prometheus package (./run-tests does)");
        int port = freePort();
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: gatehouse
                    metrics_path: %s
                    authorization:
                      type: Bearer
                      credentials: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(metricsPath, token, target));
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        awaitReady(folder);
    }

    private void awaitReady(Path folder) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "prometheus stopped: " + log(folder));
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus not ready within 60 s: " + log(folder));
    }

    private static String log(Path folder) {
        try {
            return Files.readString(folder.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a PromQL expression that yields one number, or empty while it yields none. */
    OptionalDouble value(String promql) throws Exception {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        if (r.statusCode() != 200 || result.size() != 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** The server's answer to a query: "success", or its error type and message (a PromQL parse error...). */
    String status(String promql) throws Exception {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        return body.path("status").asText().equals("success") ? "success"
                : body.path("errorType").asText() + ": " + body.path("error").asText();
    }

    /** Waits (bounded) until the expression's value is {@code expected}; returns the last value seen otherwise. */
    double await(String promql, double expected) throws Exception {
        OptionalDouble last = OptionalDouble.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            last = value(promql);
            if (last.isPresent() && last.getAsDouble() == expected) {
                return expected;
            }
            Thread.sleep(250);
        }
        return last.orElse(Double.NaN);
    }

    /** The health of the scrape target as Prometheus saw it ({@code lastError} empty when fine). */
    JsonNode target() throws Exception {
        return JSON.readTree(get("/api/v1/targets").body()).path("data").path("activeTargets").path(0);
    }

    /** Runs {@code promtool check metrics} on {@code exposition}: its exit code and output. */
    static String[] promtoolCheck(String exposition) throws Exception {
        assertTrue(Files.isExecutable(PROMTOOL), PROMTOOL + " is missing: it comes with Debian's prometheus package");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
