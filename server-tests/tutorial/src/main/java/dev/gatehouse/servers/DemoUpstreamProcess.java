package dev.gatehouse.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar gatehouse.jar demo-upstream}, the demo MCP server the deploy docs start for a first run
 * on an application server, as its own process from the packaged launcher jar (system property
 * {@code gatehouse.launcher.jar}); a free port, read back from what it prints.
 */
public final class DemoUpstreamProcess implements AutoCloseable {
    private static final String BANNER = "Gatehouse demo MCP server: ";
    private final Process process;
    private final String url;

    private DemoUpstreamProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static DemoUpstreamProcess start() throws Exception {
        Path jar = Path.of(System.getProperty("gatehouse.launcher.jar", "../../launcher/target/gatehouse.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no launcher jar at " + jar.toAbsolutePath() + ": package the launcher module first");
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString(), "demo-upstream", "--port", "0").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> banner = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(BANNER)) {
                        drain(out);
                        return line.substring(BANNER.length()).strip();
                    }
                    seen.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("demo-upstream ended without its address:\n" + seen);
        });
        try {
            return new DemoUpstreamProcess(process, banner.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("demo-upstream did not start within 60 s", e);
        }
    }

    /** Keeps reading what the process prints, so it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        Thread drainer = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "demo-upstream-output");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Where the demo MCP server answers, such as {@code http://127.0.0.1:41234/mcp}. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
