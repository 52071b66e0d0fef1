package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two stdio MCP servers nobody here wrote, {@code @modelcontextprotocol/server-filesystem} and
 * {@code @modelcontextprotocol/server-everything stdio}, each behind {@code gatehouse.jar bridge} (docs/bridge.md),
 * registered in the packaged launcher with the bridge secret as their credential, on one gateway the official
 * TypeScript client calls: a file read through the filesystem server, server-everything's progress and its
 * sampling request relayed to the client and answered by it. The bridges are started with the command lines
 * of docs/bridge/ (the systemd unit's, the container image's), the secrets made and the servers registered with
 * its scripts; the secret is in no output of the bridge.
 */
@Timeout(300)
class StdioBridgeGatewayTest {

    @TempDir
    static Path dir;
    static LauncherProcess launcher;
    static BridgeProcess filesystem;
    static BridgeProcess everything;
    static String url;
    static String token;
    static List<String> secrets;

    @BeforeAll
    static void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        Path filesSecret = dir.resolve("etc/bridge-files.secret");
        Path everythingSecret = dir.resolve("etc/bridge-everything.secret");
        for (Path secret : List.of(filesSecret, everythingSecret)) {
            DocumentedBridge.run("make-secret.sh", Map.of("SECRET_FILE", secret.toString()));
        }
        secrets = List.of(Files.readString(filesSecret), Files.readString(everythingSecret));
        Path files = Files.createDirectories(dir.resolve("srv-data")).toRealPath();
        Files.writeString(files.resolve("hello.txt"), "hello from the stdio bridge\n");
        // the build's node_modules/.bin stands for what the unit's npx and the image's npm install -g provide
        Map<String, String> env = Map.of("PATH", harness.resolve("node_modules/.bin") + ":" + System.getenv("PATH"));
        filesystem = BridgeProcess.start(DocumentedBridge.execStart("gatehouse-bridge-files.service", Map.of(
                "/usr/bin/java", LauncherProcess.javaBinary(), "/opt/gatehouse/gatehouse.jar", LauncherProcess.jar(),
                "9101", "0", "%d/bridge-secret", filesSecret.toString(), "/usr/bin/npx", "npx",
                "/srv/data", files.toString())), harness, env);
        everything = BridgeProcess.start(DocumentedBridge.containerCommand(Map.of(
                "java", LauncherProcess.javaBinary(), "/opt/gatehouse/gatehouse.jar", LauncherProcess.jar(),
                "9102", "0", "/run/secrets/bridge-secret", everythingSecret.toString())), harness, env);

        launcher = LauncherProcess.start(dir.resolve("gatehouse"));
        String adminApi = launcher.baseUrl() + "/gatehouse-admin/api";
        for (var s : List.of(List.of("files", filesystem.url(), filesSecret), List.of("everything", everything.url(), everythingSecret))) {
            String reply = DocumentedBridge.run("register-bridge.sh", Map.of("ADMIN", adminApi, "ADMIN_USER", "admin",
                    "ADMIN_PASSWORD", LauncherProcess.ADMIN_PASSWORD, "SLUG", s.get(0).toString(),
                    "BRIDGE_URL", s.get(1).toString(), "BRIDGE_SECRET_FILE", s.get(2).toString()));
            assertTrue(reply.contains("\"hasCredential\":true"), reply);
        }
        AdminApi admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        admin.expect(201, "POST", "/gateways", AdminApi.JSON.writeValueAsString(Map.of("name", "Stdio", "slug", "stdio",
                "servers", List.of(Map.of("server", "files", "toolPrefix", "fs"), Map.of("server", "everything", "toolPrefix", "ev")))));
        token = admin.connect(admin.createTokenHost("Stdio agent").get("id").asText(), "stdio").get("token").asText();
        url = launcher.mcpUrl("stdio");
    }

    /** docs/bridge.md quotes each file of docs/bridge/ whole, and systemd accepts the unit. */
    @Test
    void bridgeDocQuotesEveryFileItsTestsRunAndSystemdAcceptsTheUnit() throws Exception {
        String page = Files.readString(DocumentedBridge.dir().resolveSibling("bridge.md"));
        try (var files = Files.list(DocumentedBridge.dir())) {
            for (Path file : files.toList()) {
                assertTrue(page.contains("```\n" + Files.readString(file) + "```\n"), "docs/bridge.md does not quote " + file);
            }
        }
        Process verify = new ProcessBuilder("systemd-analyze", "verify",
                DocumentedBridge.dir().resolve("gatehouse-bridge-files.service").toString()).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes());
        assertTrue(verify.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), said);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{launcher, filesystem, everything}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void typeScriptClientReadsAFileThroughTheFilesystemServerBehindTheBridge() throws Exception {
        JsonNode out = TypeScriptClient.run(url, token, "--call", "fs__read_text_file",
                "--args", "{\"path\":\"" + dir.resolve("srv-data/hello.txt").toRealPath() + "\"}",
                "--call", "fs__list_allowed_directories");
        assertTrue(out.get("ok").asBoolean(), out.toString());
        List<String> tools = new ArrayList<>();
        out.get("tools").forEach(t -> tools.add(t.asText()));
        assertTrue(tools.containsAll(List.of("fs__read_text_file", "fs__write_file", "ev__echo", "ev__get-sum")), tools.toString());
        assertEquals("hello from the stdio bridge\n", text(out.get("calls").get(0)));
        assertTrue(text(out.get("calls").get(1)).contains("srv-data"), out.toString());
    }

    @Test
    void typeScriptClientGetsProgressAndAnswersSamplingOfServerEverythingBehindTheBridge() throws Exception {
        JsonNode out = TypeScriptClient.run(url, token, "--progress", "--sampling", "sampled by the client",
                "--call", "ev__trigger-long-running-operation", "--args", "{\"duration\":1,\"steps\":3}",
                "--call", "ev__trigger-sampling-request", "--args", "{\"prompt\":\"hi\",\"maxTokens\":5}");
        assertTrue(out.get("ok").asBoolean(), out.toString());
        JsonNode progress = out.get("calls").get(0).get("progress");
        assertEquals(3, progress.size(), out.toString());
        assertEquals(3, progress.get(2).get("progress").asInt());
        assertTrue(out.get("calls").get(1).toString().contains("sampled by the client"), out.toString());
        for (String secret : secrets) {
            assertTrue(filesystem.output().stream().noneMatch(l -> l.contains(secret.strip()))
                    && everything.output().stream().noneMatch(l -> l.contains(secret.strip())), "the secret is never printed or logged");
        }
        assertTrue(everything.output().stream().anyMatch(l -> l.contains("stdio[") && l.contains(" stderr: ")),
                "the server's stderr is logged under the bridge's prefix");
    }

    private static String text(JsonNode call) {
        return call.get("result").get("content").get(0).get("text").asText();
    }
}
