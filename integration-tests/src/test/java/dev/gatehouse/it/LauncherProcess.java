package dev.gatehouse.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged launcher run as the README says ({@code java -jar launcher/target/gatehouse.jar}), with the JIT
 * held at its first tier ({@link #JVM_OPTIONS}), as a separate process on a free port and its own data folder.
 * Its output is read for as long as it runs (a node whose pipe nobody drains would block on its next log line),
 * the latest {@link #KEPT_LINES} lines kept, so a failing test can show what the node said
 * ({@link LauncherOutputOnFailure}).
 */
final class LauncherProcess implements AutoCloseable {
    static final String ADMIN_PASSWORD = "it-admin-Pa55word";
    private static final Pattern ADMIN_LINE = Pattern.compile("Admin API:\\s+http://[^:]+:(\\d+)/");
    /** The start banner's last line: once it is printed, the whole banner has been read. */
    private static final String LAST_BANNER_LINE = "Data folder:";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The JVM options of every launcher a test starts: the JIT stops at its first tier. A start is CPU-bound, and
     * measured on a 2-core machine a cold start used 8 to 10 s of CPU, 45 % of it in the JIT compiler threads
     * (C2 3.0 to 3.6 s, C1 1.3 s) optimising code no test runs long enough to profit from; under a load average
     * of 60 to 80 (seven builds at once) the process got its share of the cores and took 35 to over 90 s. With
     * the JIT at its first tier the same start used 5.7 s of CPU (C1 0.7 s) and took a third less time. The
     * launcher's code and behaviour are those of {@code java -jar}; only how far its code is optimised differs
     * (the benchmarks, which measure speed, run with the JVM's defaults).
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    /** The output lines kept per node: enough for a test's story, bounded for a long run. */
    static final int KEPT_LINES = 4_000;
    /** The nodes running now, shown by {@link LauncherOutputOnFailure} when a test fails. */
    private static final Set<LauncherProcess> RUNNING = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final List<String> output;
    private final Deque<String> latest;
    private final int port;

    private LauncherProcess(Process process, int port, List<String> output, Deque<String> latest) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.latest = latest;
    }

    static LauncherProcess start(Path data) throws Exception {
        return start(data, Map.of("GATEHOUSE_ADMIN_PASSWORD", ADMIN_PASSWORD));
    }

    static LauncherProcess start(Path data, Map<String, String> env) throws Exception {
        return start(data, env, List.of());
    }

    /** With more options after {@code --port 0 --data DIR}, such as {@code --db-url}. */
    static LauncherProcess start(Path data, Map<String, String> env, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar(), "--port", "0", "--data", data.toString()));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("GATEHOUSE_ADMIN_PASSWORD");
        pb.environment().putAll(env);
        Process process = pb.start();
        Deque<String> latest = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        int[] announced = {-1};
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (latest) {
                        latest.addLast(line);
                        if (latest.size() > KEPT_LINES) {
                            latest.removeFirst();
                        }
                    }
                    Matcher m = ADMIN_LINE.matcher(line);
                    if (m.find()) {
                        announced[0] = Integer.parseInt(m.group(1));
                    }
                    if (line.strip().startsWith(LAST_BANNER_LINE) && announced[0] > 0) {
                        port.complete(announced[0]);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("launcher exited before it was ready: " + copy(latest)));
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        try {
            int p = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LauncherProcess launcher = new LauncherProcess(process, p, copy(latest), latest);
            RUNNING.add(launcher);
            return launcher;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("launcher did not start: " + copy(latest), e);
        }
    }

    private static List<String> copy(Deque<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The nodes running now. */
    static List<LauncherProcess> running() {
        return List.copyOf(RUNNING);
    }

    static String jar() {
        return System.getProperty("gatehouse.launcher.jar", "../launcher/target/gatehouse.jar");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    String mcpUrl(String gateway) {
        return baseUrl() + "/gatehouse/mcp/" + gateway;
    }

    /**
     * Waits, bounded, until the node's {@code /gatehouse/health} shows no audit record left in its journal that the
     * table lacks (docs/audit.md): from then on the table holds every record the node wrote.
     */
    void awaitAuditShipped() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String health = "";
        while (System.nanoTime() < deadline) {
            health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/gatehouse/health"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (health.contains("\"unshipped\":0,")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the audit journal of " + baseUrl() + " was not shipped within 60 s: " + health);
    }

    /** The start banner and anything printed before it. */
    List<String> startOutput() {
        return output;
    }

    /** What the node printed so far, its latest {@link #KEPT_LINES} lines. */
    List<String> output() {
        return copy(latest);
    }

    /** Kills the process without warning (SIGKILL): no shutdown hook, nothing flushed, as a power cut or the OOM killer would. */
    void crash() throws InterruptedException {
        RUNNING.remove(this);
        process.destroyForcibly().waitFor();
    }

    /** Stops the way an operator does (SIGTERM runs the shutdown hook) and waits for the process to end. */
    @Override
    public void close() throws InterruptedException {
        RUNNING.remove(this);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
