package dev.gatehouse.it.conformance;

import dev.gatehouse.it.ChildProcess;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP server from npm run by the build's Node 22 on a free port ({@code PORT}), ready once it prints its
 * ready line; stopped on close ({@link ServerEverything}, the SDK's examples).
 */
public final class NodeServer implements AutoCloseable {
    private final ChildProcess process;
    private final int port;

    private NodeServer(ChildProcess process, int port) {
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
        ProcessBuilder pb = new ProcessBuilder(command).directory(harness.toFile());
        pb.environment().put("PORT", Integer.toString(port));
        return new NodeServer(ChildProcess.start(String.valueOf(args), pb, line -> line.contains(ready)), port);
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
