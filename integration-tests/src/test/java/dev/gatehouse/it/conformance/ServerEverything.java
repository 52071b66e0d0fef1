package dev.gatehouse.it.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference server {@code @modelcontextprotocol/server-everything} in streamable HTTP mode, a child
 * process on a free port: {@code PORT=p node …/dist/index.js streamableHttp}, serving {@code /mcp}.
 */
public final class ServerEverything implements AutoCloseable {
    private final Process process;
    private final int port;

    private ServerEverything(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ServerEverything start(Path harness) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(ConformanceSuite.node22(harness).toString(),
                harness.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(),
                "streamableHttp").directory(harness.toFile()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process process = pb.start();
        String ready = "listening on port " + port;
        CompletableFuture<Void> started = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!started.isDone()) {
                        lines.add(line);
                    }
                    if (line.contains(ready)) {
                        started.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            started.completeExceptionally(new IllegalStateException("server-everything exited: " + lines));
        }, "server-everything-output");
        reader.setDaemon(true);
        reader.start();
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new ServerEverything(process, port);
    }

    public String url() {
        return "http://localhost:" + port + "/mcp";
    }

    /** Stops the server; its port refuses connections afterwards. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
