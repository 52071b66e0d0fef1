package dev.gatehouse.it;

import dev.gatehouse.browser.ConsoleBrowser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interactive host end to end on the packaged launcher: the official TypeScript SDK client with its
 * OAuth support meets the gateway's 401, discovers Gatehouse's authorization server from the origin
 * root (the launcher's root helper), registers itself and asks for the browser; headless Chromium signs
 * in with the console's login and approves on the consent page; the client then lists and calls tools,
 * and the logs attribute the call to the user and the client's interactive host.
 */
class InteractiveClientEndToEndTest {
    @TempDir
    static Path data;
    static LauncherProcess launcher;
    static AdminApi admin;

    @BeforeAll
    static void startGatehouse() throws Exception {
        launcher = LauncherProcess.start(data);
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopGatehouse() throws Exception {
        launcher.close();
    }

    @Test
    void typeScriptSdkClientWhenTheUserApprovesInTheBrowserThenCallsToolsAttributedToUserAndClient() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node"));
        Process client = new ProcessBuilder("node", harness.resolve("mcp-oauth-client.mjs").toString(),
                "--url", launcher.mcpUrl("quickstart"), "--call", "echo", "--args", "{\"message\":\"hello over OAuth\"}")
                .directory(harness.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        JsonNode result;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode first = AdminApi.JSON.readTree(out.readLine());
            assertTrue(first.has("authorize"), first.toString());
            String authorizeUrl = first.get("authorize").asText();
            assertTrue(authorizeUrl.startsWith(launcher.baseUrl() + "/gatehouse-admin/oauth/authorize?"), authorizeUrl);
            approveInBrowser(authorizeUrl);
            result = AdminApi.JSON.readTree(out.readLine());
        } finally {
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }

        assertTrue(result.get("ok").asBoolean(), result.toString());
        assertEquals(launcher.baseUrl() + "/gatehouse", result.get("issuer").asText());
        List<String> tools = new ArrayList<>();
        result.get("tools").forEach(t -> tools.add(t.asText()));
        assertTrue(tools.contains("echo"), tools.toString());
        assertTrue(result.get("call").toString().contains("hello over OAuth"), result.toString());

        JsonNode logs = admin.logs(Map.of("tool", "echo", "outcome", "success"));
        assertEquals(1, logs.size(), logs.toString());
        JsonNode call = logs.get(0);
        assertEquals("admin", call.get("user").asText());
        assertEquals("TypeScript SDK end-to-end client", call.get("host").asText());
        assertEquals("quickstart", call.get("gateway").asText());
        assertTrue(call.get("tokenPublicId").asText().startsWith("gho_"), call.toString());
        JsonNode host = admin.expect(200, "GET", "/hosts/" + call.get("hostId").asText(), null);
        assertEquals("INTERACTIVE", host.get("kind").asText());

        revokeInConsole("TypeScript SDK end-to-end client");
        JsonNode grants = admin.expect(200, "GET", "/oauth/grants", null);
        assertEquals(1, grants.size(), grants.toString());
        assertEquals(false, grants.get(0).get("active").asBoolean());
        assertEquals("admin", grants.get(0).get("revokedBy").asText());
    }

    /** The admin revokes the app on the console's Connected apps page. */
    private static void revokeInConsole(String app) throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(launcher.baseUrl())) {
            browser.signIn("admin", LauncherProcess.ADMIN_PASSWORD);
            browser.waitReady("dashboard");
            browser.load("#/connected-apps");
            browser.waitReady("connected-apps");
            browser.screenshot("console-connected-apps");
            browser.click(By.cssSelector("button[aria-label^='Revoke " + app + "']"));
            browser.click(ConsoleBrowser.inDialog("Revoke access"));
            browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "revoked"));
        }
    }

    @Test
    void discoveryWhenClientTriesTheOriginRootThenRedirectedIntoTheGatewayWar() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> as = http.send(HttpRequest.newBuilder(URI.create(launcher.baseUrl()
                + "/.well-known/oauth-authorization-server/gatehouse")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prm = http.send(HttpRequest.newBuilder(URI.create(launcher.baseUrl()
                + "/.well-known/oauth-protected-resource/gatehouse/mcp/quickstart")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(308, as.statusCode());
        assertEquals("/gatehouse/.well-known/oauth-authorization-server", as.headers().firstValue("Location").orElseThrow());
        assertEquals(308, prm.statusCode());
        assertEquals("/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart", prm.headers().firstValue("Location").orElseThrow());
    }

    /** What the user does: the browser opens the URL, the console's login, then Allow on the consent page. */
    private static void approveInBrowser(String authorizeUrl) throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(launcher.baseUrl())) {
            browser.driver().get(authorizeUrl);
            browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
            browser.type(By.id("j_username"), "admin");
            browser.type(By.id("j_password"), LauncherProcess.ADMIN_PASSWORD);
            browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
            browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("approve")));
            assertEquals("TypeScript SDK end-to-end client", browser.driver().findElement(By.id("client-name")).getText());
            assertEquals("Quickstart", browser.driver().findElement(By.id("gateway-name")).getText());
            browser.screenshot("oauth-consent");
            browser.click(By.id("approve"));
            browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("done")));
        }
    }
}
