package dev.gatehouse.it.conformance;

import java.nio.file.Path;
import java.util.List;

/**
 * The reference server {@code @modelcontextprotocol/server-everything} in streamable HTTP mode, a child
 * process on a free port: {@code PORT=p node …/dist/index.js streamableHttp}, serving {@code /mcp}.
 */
public final class ServerEverything implements AutoCloseable {
    private final NodeServer server;

    private ServerEverything(NodeServer server) {
        this.server = server;
    }

    public static ServerEverything start(Path harness) throws Exception {
        return new ServerEverything(NodeServer.start(harness, List.of(
                harness.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString(),
                "streamableHttp"), "listening on port"));
    }

    public String url() {
        return server.url("/mcp");
    }

    /** Stops the server; its port refuses connections afterwards. */
    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
