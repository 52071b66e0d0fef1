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
 * An MCP server from npm run by the build's Node 22 on a free port ({@code PORT}), ready once it prints its
 * ready line; stopped on close ({@link ServerEverything}, the SDK's examples).
 */
public final class NodeServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private NodeServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code node ARGS...} in the harness folder; {@code ready} is a text its output shows once it listens. */
    public static NodeServer start(Path harness, List<String> args, String ready) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ConformanceSuite.node22(harness).toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(harness.toFile()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process process = pb.start();
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
            started.completeExceptionally(new IllegalStateException(args + " exited: " + lines));
        }, "node-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new NodeServer(process, port);
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
