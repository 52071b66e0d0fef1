package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gatehouse.it.McpHttp.ACCEPT_BOTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the data folder keeps across restarts: hosts, tokens, logs and the admin password. */
class RestartTest {
    private final McpHttp mcp = new McpHttp();

    @Test
    void tokenHostAndLogsSurviveARestartOnTheSameDataFolder(@TempDir Path data) throws Exception {
        String token;
        String hostId;
        try (LauncherProcess first = LauncherProcess.start(data)) {
            AdminApi admin = new AdminApi(first.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
            hostId = admin.createTokenHost("Nightly job").get("id").asText();
            token = admin.connect(hostId, "quickstart").get("token").asText();
            assertEquals(200, mcp.post(first.mcpUrl("quickstart"), token, ACCEPT_BOTH,
                    McpHttp.toolsCall(1, "echo", "{\"message\":\"before\"}")).statusCode());
        }

        try (LauncherProcess second = LauncherProcess.start(data)) {
            var r = mcp.post(second.mcpUrl("quickstart"), token, ACCEPT_BOTH,
                    McpHttp.toolsCall(2, "echo", "{\"message\":\"after restart\"}"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(McpReplies.message(r, 2).at("/result/content/0/text").asText().contains("after restart"));

            AdminApi admin = new AdminApi(second.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
            JsonNode calls = admin.logs(Map.of("host", hostId, "kind", "call_completed"));
            assertEquals(List.of("2", "1"), List.of(calls.get(0).get("jsonRpcId").asText(), calls.get(1).get("jsonRpcId").asText()));
        }
    }

    @Test
    void generatedAdminPasswordIsShownOnFirstStartOnlyAndStoredHashed(@TempDir Path data) throws Exception {
        String password;
        try (LauncherProcess first = LauncherProcess.start(data, Map.of())) {
            String banner = String.join("\n", first.startOutput());
            Matcher m = Pattern.compile("Password:\\s+([0-9A-Za-z]{20})\\s").matcher(banner);
            assertTrue(m.find(), banner);
            password = m.group(1);
            AdminApi admin = new AdminApi(first.baseUrl(), "admin", password);
            admin.expect(200, "GET", "/hosts", null);
            assertEquals(401, new AdminApi(first.baseUrl(), "admin", "wrong").send("GET", "/hosts", null).statusCode());
        }
        String stored = Files.readString(data.resolve("admin-users.properties"));
        assertFalse(stored.contains(password), "stored hashed, not in plain text");

        try (LauncherProcess second = LauncherProcess.start(data, Map.of())) {
            assertFalse(String.join("\n", second.startOutput()).contains(password), "shown once only");
            new AdminApi(second.baseUrl(), "admin", password).expect(200, "GET", "/hosts", null);
        }
    }
}
