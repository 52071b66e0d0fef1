package dev.gatehouse.launcher.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stdio bridge against a real child process ({@link ScriptedStdioServer}, a separate JVM) over real HTTP:
 * the secret (missing or wrong: 401, nothing started), loopback only, the process dying mid-call (the call gets
 * a JSON-RPC error, the process is restarted and re-initialized, the session goes on), progress, a server
 * request (sampling) answered by the client through the bridge, the listen stream, the session cap, DELETE,
 * and the child's stderr in the log under a prefix with the secret nowhere in the log.
 */
@Timeout(120)
class StdioBridgeTest {
    private static final String SECRET = "bridge-test-secret-0123456789-abcdefghij";
    private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final Logger BRIDGE_LOGGER = Logger.getLogger("dev.gatehouse.launcher.bridge");

    @TempDir
    static Path dir;
    static StdioBridge bridge;
    final HttpClient http = HttpClient.newHttpClient();
    final List<String> sessions = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        BRIDGE_LOGGER.addHandler(CAPTURE);
        Path secretFile = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        bridge = StdioBridge.start(BridgeOptions.parse(new String[]{"--port", "0", "--max-sessions", "3",
                "--secret-file", secretFile.toString(), "--", java, "-cp", System.getProperty("java.class.path"),
                ScriptedStdioServer.class.getName()}), BridgeSecret.read(secretFile));
    }

    @AfterAll
    static void stop() {
        if (bridge != null) {
            bridge.close();
        }
        BRIDGE_LOGGER.removeHandler(CAPTURE);
        assertTrue(LOGGED.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains(SECRET)), "the secret is never logged");
    }

    @AfterEach
    void endSessions() throws Exception {
        for (String s : sessions) {
            send("DELETE", s, null, "application/json");
        }
    }

    @Test
    void requestWhenSecretMissingOrWrongThen401AndNoProcessStarts() throws Exception {
        for (String authorization : new String[]{null, "Bearer wrong-secret", "Bearer " + SECRET + "x", SECRET}) {
            HttpRequest.Builder b = request(null).POST(HttpRequest.BodyPublishers.ofString(initialize()));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("Bearer realm=\"gatehouse-bridge\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(-32001, JsonRpc.JSON.readTree(r.body()).get("error").get("code").asInt());
        }
        assertEquals(0, bridge.sessions(), "no session, no process for a refused request");
    }

    @Test
    void startWhenHostIsNotLoopbackThenRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BridgeOptions.parse(new String[]{"--host", "0.0.0.0", "--", "true"}));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
        Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress()).findFirst();
        own.ifPresent(a -> assertThrows(IllegalArgumentException.class,
                () -> BridgeOptions.parse(new String[]{"--host", a.getHostAddress(), "--", "true"})));
        assertFalse(BridgeServlet.loopback("10.0.0.7"));
        assertFalse(BridgeServlet.loopback("192.168.1.2"));
        assertTrue(BridgeServlet.loopback("127.0.0.1") && BridgeServlet.loopback("0:0:0:0:0:0:0:1"));
        assertThrows(IllegalArgumentException.class, () -> BridgeSecret.read(Files.writeString(dir.resolve("short"), "short")));
    }

    @Test
    void requestWhenOriginIsForeignThen403() throws Exception {
        HttpResponse<String> r = http.send(request(null).header("Authorization", "Bearer " + SECRET)
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(initialize())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertEquals(0, bridge.sessions());
    }

    @Test
    void processDiesMidCallThenCallGetsErrorAndSessionGoesOnWithANewProcess() throws Exception {
        String session = open();
        long pidBefore = pidOf(session);
        JsonNode died = JsonRpc.JSON.readTree(call(session, 3, "die", "application/json").body());
        assertEquals(3, died.get("id").asInt(), died.toString());
        assertEquals(-32603, died.get("error").get("code").asInt());
        assertTrue(died.get("error").get("message").asText().contains("exited (code 3)"), died.toString());

        // the next call waits for the restart (after the back-off) and reaches a new, re-initialized process
        HttpResponse<String> after = call(session, 4, "echo", "application/json");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("hi", JsonRpc.JSON.readTree(after.body()).get("result").get("content").get(0).get("text").asText());
        assertTrue(LOGGED.stream().anyMatch(r -> r.getMessage().contains("restarted and initialized again")));
        assertTrue(LOGGED.stream().anyMatch(r -> r.getMessage().matches("stdio\\[\\w{8} pid \\d+] stderr: scripted server dies mid-call")),
                "the child's stderr is logged with its prefix");
        assertNotEquals(pidBefore, pidOf(session), "a new process serves the session");
    }

    @Test
    void progressAndServerRequestRelayedOnTheCallsStream() throws Exception {
        String session = open();
        String progress = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"progress\","
                + "\"arguments\":{},\"_meta\":{\"progressToken\":\"p-1\"}}}";
        List<JsonNode> events = events(send("POST", session, progress, "application/json, text/event-stream"));
        assertEquals(3, events.size(), events.toString());
        assertEquals("p-1", events.get(0).get("params").get("progressToken").asText());
        assertEquals(2, events.get(1).get("params").get("progress").asInt());
        assertEquals("done", events.get(2).get("result").get("content").get(0).get("text").asText());

        HttpResponse<Stream<String>> stream = http.send(request(session).header("Authorization", "Bearer " + SECRET)
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(toolsCall(6, "sample"))).build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> lines = stream.body().iterator();
        JsonNode sampling = nextEvent(lines);
        assertEquals("sampling/createMessage", sampling.get("method").asText());
        HttpResponse<String> answered = send("POST", session, "{\"jsonrpc\":\"2.0\",\"id\":" + sampling.get("id")
                + ",\"result\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"forty-two\"}}}",
                "application/json, text/event-stream");
        assertEquals(202, answered.statusCode());
        JsonNode result = nextEvent(lines);
        assertEquals(6, result.get("id").asInt());
        assertEquals("sampled: forty-two", result.get("result").get("content").get(0).get("text").asText());
    }

    @Test
    void serverNotificationOutsideAStreamingCallGoesToTheListenStream() throws Exception {
        String session = open();
        assertEquals(200, call(session, 7, "notify", "application/json").statusCode());
        HttpResponse<Stream<String>> listen = http.send(request(session).header("Authorization", "Bearer " + SECRET)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, listen.statusCode());
        assertEquals("notifications/tools/list_changed", nextEvent(listen.body().iterator()).get("method").asText());
        listen.body().close();
    }

    @Test
    void sessionsBeyondTheCapAre503AndDeleteEndsOneAndItsProcess() throws Exception {
        String a = open();
        open();
        open();
        HttpResponse<String> refused = send("POST", null, initialize(), "application/json");
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("--max-sessions"));

        long pid = pidOf(a);
        assertEquals(200, send("DELETE", a, null, "application/json").statusCode());
        sessions.remove(a);
        assertEquals(404, call(a, 3, "echo", "application/json").statusCode());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        assertTrue(process.isEmpty() || process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null,
                "the session's process ends with it");
        open(); // a place is free again
    }

    // --- helpers ---

    private String open() throws Exception {
        HttpResponse<String> r = send("POST", null, initialize(), "application/json");
        assertEquals(200, r.statusCode(), r.body());
        String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        sessions.add(id);
        assertEquals(202, send("POST", id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "application/json").statusCode());
        return id;
    }

    private HttpResponse<String> call(String session, int id, String tool, String accept) throws Exception {
        return send("POST", session, toolsCall(id, tool), accept);
    }

    private static String toolsCall(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"message\":\"hi\"}}}";
    }

    private HttpResponse<String> send(String method, String session, String body, String accept) throws Exception {
        HttpRequest.Builder b = request(session).header("Authorization", "Bearer " + SECRET).header("Accept", accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bridge.url())).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    private static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"sampling\":{}},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    }

    private long pidOf(String session) throws Exception {
        HttpResponse<String> r = call(session, 99, "pid", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        return Long.parseLong(JsonRpc.JSON.readTree(r.body()).get("result").get("content").get(0).get("text").asText());
    }

    private static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(JsonRpc.JSON.readTree(line.substring(6)));
            }
        }
        return out;
    }

    private static JsonNode nextEvent(Iterator<String> lines) throws Exception {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                return JsonRpc.JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended without an event");
    }
}
