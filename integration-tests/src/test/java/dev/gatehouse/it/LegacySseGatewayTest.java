package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.it.conformance.NodeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstreams of the 2024-11-05 HTTP+SSE transport nobody here wrote, through a gateway of the packaged launcher:
 * the TypeScript SDK's {@code simpleSseServer} example registered as {@code sse} and again as {@code auto} (its
 * URL refuses the streamable {@code initialize} POST with 404, so Gatehouse falls back), and
 * {@code server-everything sse}, whose progress and sampling request reach the official TypeScript client.
 * A call streaming from an HTTP+SSE upstream is cut when its connection is deleted (-32046).
 */
@Timeout(300)
class LegacySseGatewayTest {
    @TempDir
    static Path dir;
    static NodeServer simple;
    static NodeServer everything;
    static LauncherProcess launcher;
    static AdminApi admin;
    static String url;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        simple = NodeServer.start(harness, List.of("--import", "./listen-port.mjs",
                "node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleSseServer.js"), "listening on port");
        everything = NodeServer.start(harness, List.of("node_modules/@modelcontextprotocol/server-everything/dist/index.js",
                "sse"), "running on port");
        launcher = LauncherProcess.start(dir.resolve("gatehouse"));
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        server("simple-sse", simple.url("/mcp"), "sse");
        server("simple-auto", simple.url("/mcp"), "auto");
        server("everything-sse", everything.url("/sse"), "sse");
        admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of("name", "Legacy", "slug", "legacy",
                "servers", List.of(Map.of("server", "simple-sse", "toolPrefix", "sse"),
                        Map.of("server", "simple-auto", "toolPrefix", "auto"),
                        Map.of("server", "everything-sse", "toolPrefix", "ev")))));
        token = admin.connect(admin.createTokenHost("Legacy agent").get("id").asText(), "legacy").get("token").asText();
        url = launcher.mcpUrl("legacy");
    }

    private static void server(String slug, String serverUrl, String transport) throws Exception {
        JsonNode created = admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                "name", slug, "slug", slug, "url", serverUrl, "transport", transport)));
        assertEquals(transport, created.get("transport").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{launcher, simple, everything}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void typeScriptClientCallsTheSdksSimpleSseServerRegisteredAsSseAndAsAuto() throws Exception {
        JsonNode out = TypeScriptClient.run(url, token,
                "--call", "sse__start-notification-stream", "--args", "{\"interval\":50,\"count\":3}",
                "--call", "auto__start-notification-stream", "--args", "{\"interval\":50,\"count\":2}");
        assertTrue(out.get("ok").asBoolean(), out.toString());
        List<String> tools = new ArrayList<>();
        out.get("tools").forEach(t -> tools.add(t.asText()));
        assertTrue(tools.containsAll(List.of("sse__start-notification-stream", "auto__start-notification-stream", "ev__echo")),
                tools.toString());
        assertEquals("Completed sending 3 notifications every 50ms", text(out.get("calls").get(0)));
        assertEquals("Completed sending 2 notifications every 50ms", text(out.get("calls").get(1)));
    }

    @Test
    void typeScriptClientGetsProgressAndAnswersSamplingOfServerEverythingOverSse() throws Exception {
        JsonNode out = TypeScriptClient.run(url, token, "--progress", "--sampling", "sampled over sse",
                "--call", "ev__trigger-long-running-operation", "--args", "{\"duration\":1,\"steps\":3}",
                "--call", "ev__trigger-sampling-request", "--args", "{\"prompt\":\"hi\",\"maxTokens\":5}",
                "--call", "ev__get-sum", "--args", "{\"a\":2,\"b\":3}");
        assertTrue(out.get("ok").asBoolean(), out.toString());
        JsonNode progress = out.get("calls").get(0).get("progress");
        assertEquals(3, progress.size(), out.toString());
        assertEquals(3, progress.get(2).get("progress").asInt());
        assertTrue(out.get("calls").get(1).toString().contains("sampled over sse"), out.toString());
        assertEquals("The sum of 2 and 3 is 5.", text(out.get("calls").get(2)));
    }

    @Test
    void callStreamingFromAnSseUpstreamIsCutWhenItsConnectionIsDeleted() throws Exception {
        JsonNode connection = admin.connect(admin.createTokenHost("Doomed agent").get("id").asText(), "legacy");
        String doomed = connection.get("token").asText();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ev__trigger-long-running-operation\","
                + "\"arguments\":{\"duration\":60,\"steps\":60},\"_meta\":{\"progressToken\":\"cut-1\"}}}";
        HttpResponse<Stream<String>> stream = new McpHttp().postStreaming(url, doomed, McpHttp.ACCEPT_BOTH, body);
        assertEquals(200, stream.statusCode());
        Iterator<String> lines = stream.body().iterator();
        // server-everything announces its tools changed after initializing; with no listen stream open, that
        // notification may come on this call's stream before the call's own progress
        JsonNode first = nextMessage(lines);
        while (first != null && "notifications/tools/list_changed".equals(first.path("method").asText())) {
            first = nextMessage(lines);
        }
        assertTrue(first != null && "notifications/progress".equals(first.path("method").asText()), String.valueOf(first));

        admin.expect(204, "DELETE", "/connections/" + connection.get("id").asText(), null);
        JsonNode last = first;
        for (JsonNode m = nextMessage(lines); m != null; m = nextMessage(lines)) {
            last = m;
        }
        assertEquals(7, last.get("id").asInt(), last.toString());
        assertEquals(-32046, last.get("error").get("code").asInt(), last.toString());
        assertFalse(last.has("result"));
    }

    /** The next SSE message, or null when the stream ends. */
    private static JsonNode nextMessage(Iterator<String> lines) throws Exception {
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                data.append(line.substring(5).stripLeading());
            } else if (line.isEmpty() && data.length() > 0) {
                return AdminApi.JSON.readTree(data.toString());
            }
        }
        return data.length() > 0 ? AdminApi.JSON.readTree(data.toString()) : null;
    }

    private static String text(JsonNode call) {
        return call.get("result").get("content").get(0).get("text").asText();
    }
}
