package dev.gatehouse.it;

import dev.gatehouse.it.conformance.ConformanceSuite;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
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
    private final ChildProcess process;
    private final int port;

    private SdkOAuthServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static SdkOAuthServer start(Path harness) throws Exception {
        int port = freePort();
        int authPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(ConformanceSuite.node22(harness).toString(),
                harness.resolve("node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js").toString(),
                "--oauth", "--oauth-strict").directory(harness.toFile());
        pb.environment().put("MCP_PORT", Integer.toString(port));
        pb.environment().put("MCP_AUTH_PORT", Integer.toString(authPort));
        String ready = "MCP Streamable HTTP Server listening on port " + port;
        return new SdkOAuthServer(ChildProcess.start("the SDK's OAuth example", pb, line -> line.contains(ready)), port);
    }

    String url() {
        return "http://localhost:" + port + "/mcp";
    }

    /** How many lines it printed so far: a mark for {@link #tokensSince}. */
    int mark() {
        return process.mark();
    }

    /** The bearer tokens of the requests it authenticated since {@code mark}, waiting (bounded) for at least one. */
    Set<String> tokensSince(int mark) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Set<String> tokens = new LinkedHashSet<>();
            for (String line : process.outputSince(mark)) {
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
