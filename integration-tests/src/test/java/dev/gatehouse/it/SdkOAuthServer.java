package dev.gatehouse.it;

import dev.gatehouse.it.conformance.ConformanceSuite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official TypeScript SDK's example server with OAuth ({@code simpleStreamableHttp.js --oauth --oauth-strict}), a
 * child process: an MCP server on {@code /mcp} protected by the SDK's bearer middleware, and the SDK's demo
 * authorization server on a second port (dynamic registration, PKCE, resource indicators, introspection),
 * which accepts only tokens issued for this server's URL. It logs each authenticated request with its token,
 * which is how a test sees which upstream token each call carried.
 */
final class SdkOAuthServer implements AutoCloseable {
    private static final Pattern TOKEN = Pattern.compile("token: '([^']+)'");
    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private SdkOAuthServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SdkOAuthServer start(Path harness) throws Exception {
        int port = freePort();
        int authPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(ConformanceSuite.node22(harness).toString(),
                harness.resolve("node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js").toString(),
                "--oauth", "--oauth-strict").directory(harness.toFile()).redirectErrorStream(true);
        pb.environment().put("MCP_PORT", Integer.toString(port));
        pb.environment().put("MCP_AUTH_PORT", Integer.toString(authPort));
        SdkOAuthServer server = new SdkOAuthServer(pb.start(), port);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (server.output) {
                        server.output.add(line);
                    }
                    if (line.contains("MCP Streamable HTTP Server listening on port " + port)) {
                        started.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            started.completeExceptionally(new IllegalStateException("the SDK's OAuth example exited: " + server.lines(0)));
        }, "sdk-oauth-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    String url() {
        return "http://localhost:" + port + "/mcp";
    }

    /** How many lines it printed so far: a mark for {@link #tokensSince}. */
    int mark() {
        synchronized (output) {
            return output.size();
        }
    }

    /** The bearer tokens of the requests it authenticated since {@code mark}, waiting (bounded) for at least one. */
    Set<String> tokensSince(int mark) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Set<String> tokens = new LinkedHashSet<>();
            for (String line : lines(mark)) {
                Matcher m = TOKEN.matcher(line);
                if (m.find()) {
                    tokens.add(m.group(1));
                }
            }
            if (!tokens.isEmpty() || System.nanoTime() > deadline) {
                return tokens;
            }
            Thread.sleep(50);
        }
    }

    private List<String> lines(int from) {
        synchronized (output) {
            return new ArrayList<>(output.subList(Math.min(from, output.size()), output.size()));
        }
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
            process.destroyForcibly().waitFor();
        }
    }
}
