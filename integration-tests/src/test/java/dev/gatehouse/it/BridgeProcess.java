package dev.gatehouse.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar gatehouse.jar bridge ... -- COMMAND...} as a separate process, its URL read from the line it
 * prints at start; the command line comes from docs/bridge/ ({@link DocumentedBridge}).
 */
final class BridgeProcess implements AutoCloseable {
    private static final Pattern URL_LINE = Pattern.compile("Gatehouse stdio bridge: (http://\\S+/mcp)");

    private final Process process;
    private final String url;
    private final List<String> output;

    private BridgeProcess(Process process, String url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    static BridgeProcess start(List<String> command, Path workDir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = URL_LINE.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException("the bridge exited: " + lines));
        }, "bridge-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BridgeProcess(p, url.get(60, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String url() {
        return url;
    }

    /** What the bridge printed and logged so far (its children's stderr included, under their prefix). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
