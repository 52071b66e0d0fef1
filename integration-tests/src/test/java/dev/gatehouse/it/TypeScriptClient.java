package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP TypeScript SDK client ({@code @modelcontextprotocol/sdk}, StreamableHTTPClientTransport
 * with an Authorization header), run through {@code node/mcp-client.mjs}: initialize, tools/list, calls.
 */
final class TypeScriptClient {
    private TypeScriptClient() {
    }

    static JsonNode run(String url, String token, String... callArgs) throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node"));
        List<String> command = new ArrayList<>(List.of("node", harness.resolve("mcp-client.mjs").toString(),
                "--url", url, "--timeout", "30000"));
        if (token != null) {
            command.addAll(List.of("--token", token));
        }
        command.addAll(List.of(callArgs));
        Process p = new ProcessBuilder(command).directory(harness.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the TypeScript client did not finish");
        }
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        if (stdout.isEmpty()) {
            throw new AssertionError("the TypeScript client printed nothing (exit " + p.exitValue() + ")");
        }
        return AdminApi.JSON.readTree(stdout);
    }
}
