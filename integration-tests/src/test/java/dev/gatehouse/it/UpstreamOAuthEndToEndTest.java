package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream identities end to end (issue 17) against software nobody here wrote: the official TypeScript SDK's
 * example server with OAuth ({@code simpleStreamableHttp --oauth-strict}, its own demo authorization server)
 * as a {@code per-user} upstream of the packaged launcher. Two users each sign in to it through Gatehouse (the
 * browser's part done by an HTTP client following the redirects: start, the upstream's authorization endpoint,
 * Gatehouse's callback), generate their own token, and each one's calls carry their own upstream token;
 * the same server assigned {@code shared} alongside uses the admin's service-account sign-in; deleting a
 * user's identity stops that user's calls to the server at once while the shared assignment keeps working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamOAuthEndToEndTest {
    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-Pa55word-e2e", "bob", "bob-Pa55word-e2e-2");
    @TempDir
    static Path data;
    static LauncherProcess launcher;
    static SdkOAuthServer upstream;
    static AdminApi admin;
    static String hostId;
    static final Map<String, String> tokens = new HashMap<>();
    static final Map<String, Set<String>> upstreamTokens = new HashMap<>();
    final McpHttp mcp = new McpHttp();

    @BeforeAll
    static void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        upstream = SdkOAuthServer.start(harness);
        launcher = UpstreamIdentityLaunch.start(data.resolve("gatehouse"), PASSWORDS, List.of());
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        hostId = UpstreamIdentityLaunch.perUserGatewayAndHost(admin, upstream.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A user's browser: their Basic credentials for Gatehouse, a cookie jar, redirects followed by hand. */
    private static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        final String authorization;

        Browser(String user, String password) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> api(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(launcher.baseUrl() + "/gatehouse-admin/api" + path))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(60));
            b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Opens a URL as the browser would (no Gatehouse credentials: the callback must work without them). */
        HttpResponse<String> open(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Starts a sign-in to the server and follows it to Gatehouse's callback; the callback's answer. */
        HttpResponse<String> signIn(String body) throws Exception {
            HttpResponse<String> started = api("POST", "/identities/authorize", body);
            assertEquals(200, started.statusCode(), started.body());
            String url = AdminApi.JSON.readTree(started.body()).get("authorizationUrl").asText();
            assertTrue(url.contains("code_challenge_method=S256") && url.contains("resource=")
                    && url.contains("state="), url);
            HttpResponse<String> authorize = open(url);
            assertEquals(302, authorize.statusCode(), authorize.body());
            String callback = authorize.headers().firstValue("Location").orElseThrow();
            assertTrue(callback.startsWith(launcher.baseUrl() + "/gatehouse-admin/identities/callback?"), callback);
            return open(callback);
        }
    }

    private JsonNode greet(String token, int id, String tool) throws Exception {
        return McpReplies.message(mcp.post(launcher.mcpUrl("work"), token, McpHttp.ACCEPT_BOTH,
                McpHttp.toolsCall(id, tool, "{\"name\":\"caller-" + id + "\"}")), id);
    }

    @Test
    @Order(1)
    void eachUserSignsInToTheUpstreamThroughGatehouseThenGetsTheirToken() throws Exception {
        for (String user : List.of("alice", "bob")) {
            Browser browser = new Browser(user, PASSWORDS.get(user));
            JsonNode before = AdminApi.JSON.readTree(browser.api("GET", "/gateways/work/sign-ins", null).body());
            assertEquals("sdk", before.get(0).get("server").asText(), before.toString());
            assertTrue(before.get(0).get("signInNeeded").asBoolean(), before.toString());

            HttpResponse<String> done = browser.signIn("{\"server\":\"sdk\"}");

            assertEquals(200, done.statusCode(), done.body());
            assertTrue(done.body().contains("Signed in to sdk"), done.body());
            JsonNode after = AdminApi.JSON.readTree(browser.api("GET", "/gateways/work/sign-ins", null).body());
            assertFalse(after.get(0).get("signInNeeded").asBoolean(), after.toString());
            JsonNode identity = after.get(0).get("identity");
            assertEquals("oauth", identity.get("kind").asText());
            assertEquals(user, identity.get("owner").asText());
            HttpResponse<String> connection = browser.api("POST", "/hosts/" + hostId + "/connections", "{\"gateway\":\"work\"}");
            assertEquals(201, connection.statusCode(), connection.body());
            tokens.put(user, AdminApi.JSON.readTree(connection.body()).get("token").asText());
        }
    }

    @Test
    @Order(2)
    void eachUsersCallsCarryTheirOwnUpstreamTokenAndTheAuditNamesTheirIdentity() throws Exception {
        int id = 10;
        for (String user : List.of("alice", "bob", "alice")) {
            int mark = upstream.mark();
            JsonNode answer = greet(tokens.get(user), ++id, "me__greet");
            assertFalse(answer.has("error"), answer.toString());
            assertTrue(answer.toString().contains("caller-" + id), answer.toString());
            Set<String> seen = upstream.tokensSince(mark);
            assertFalse(seen.isEmpty(), "the upstream authenticated the call");
            upstreamTokens.computeIfAbsent(user, u -> new java.util.HashSet<>()).addAll(seen);
            assertFalse(seen.contains(tokens.get(user)), "the Gatehouse token never goes upstream");
        }
        assertEquals(1, upstreamTokens.get("alice").size(), "alice's calls all carry her one upstream token");
        assertEquals(1, upstreamTokens.get("bob").size());
        assertFalse(upstreamTokens.get("alice").equals(upstreamTokens.get("bob")), "bob's calls carry his own token");

        JsonNode logs = admin.logs(Map.of("tool", "me__greet", "limit", "50"));
        String all = logs.toString();
        assertTrue(all.contains("identity per-user alice") && all.contains("identity per-user bob"), all);
        assertTrue(upstreamTokens.values().stream().flatMap(Set::stream).noneMatch(all::contains), "no upstream token in the audit");
    }

    @Test
    @Order(3)
    void theSameServerAssignedSharedAlongsideUsesTheServiceAccountsSignIn() throws Exception {
        Browser adminBrowser = new Browser("admin", LauncherProcess.ADMIN_PASSWORD);
        HttpResponse<String> done = adminBrowser.signIn("{\"server\":\"sdk\",\"shared\":true}");
        assertEquals(200, done.statusCode(), done.body());
        admin.expect(200, "PUT", "/gateways/work/servers/sdk", "{\"toolPrefix\":\"svc\",\"identityScheme\":\"shared\"}");

        // as an MCP client does, bob lists the tools first: both assignments of the server are there
        String listed = McpReplies.message(mcp.post(launcher.mcpUrl("work"), tokens.get("bob"), McpHttp.ACCEPT_BOTH,
                McpHttp.toolsList(29)), 29).toString();
        assertTrue(listed.contains("svc__greet") && listed.contains("me__greet") && listed.contains("demo__echo"), listed);
        int mark = upstream.mark();
        JsonNode shared = greet(tokens.get("bob"), 30, "svc__greet");
        assertFalse(shared.has("error"), shared.toString());
        Set<String> seen = upstream.tokensSince(mark);
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().noneMatch(t -> upstreamTokens.get("bob").contains(t) || upstreamTokens.get("alice").contains(t)),
                "the shared assignment carries the service account's token, not bob's");
        assertFalse(greet(tokens.get("bob"), 31, "me__greet").has("error"), "bob's own assignment still his");
    }

    @Test
    @Order(4)
    void deletingAUsersIdentityStopsTheirCallsToTheServerAtOnceWhileTheSharedOneAnswers() throws Exception {
        Browser alice = new Browser("alice", PASSWORDS.get("alice"));
        JsonNode mine = AdminApi.JSON.readTree(alice.api("GET", "/identities", null).body());
        assertEquals(1, mine.size(), mine.toString());
        assertEquals(204, alice.api("DELETE", "/identities/" + mine.get(0).get("id").asText(), null).statusCode());

        JsonNode refused = greet(tokens.get("alice"), 40, "me__greet");
        assertEquals(-32060, refused.get("error").get("code").asInt(), refused.toString());
        assertTrue(refused.get("error").get("message").asText().contains("Server 'sdk' needs your own identity"), refused.toString());
        assertFalse(greet(tokens.get("alice"), 41, "svc__greet").has("error"), "the shared assignment keeps working");
        assertFalse(greet(tokens.get("bob"), 43, "me__greet").has("error"), "bob's identity is untouched");
    }

    @Test
    @Order(5)
    void callbackWhenItArrivesInAnotherBrowserThenRefusedAndTheSignInIsSpent() throws Exception {
        Browser alice = new Browser("alice", PASSWORDS.get("alice"));
        HttpResponse<String> started = alice.api("POST", "/identities/authorize", "{\"server\":\"sdk\"}");
        String url = AdminApi.JSON.readTree(started.body()).get("authorizationUrl").asText();
        String callback = alice.open(url).headers().firstValue("Location").orElseThrow();

        HttpResponse<String> elsewhere = new Browser("bob", PASSWORDS.get("bob")).open(callback); // no binding cookie
        HttpResponse<String> replayed = alice.open(callback);

        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertTrue(elsewhere.body().contains("another browser"), elsewhere.body());
        assertEquals(400, replayed.statusCode(), "a state is good once: " + replayed.body());
        JsonNode mine = AdminApi.JSON.readTree(alice.api("GET", "/identities", null).body());
        assertEquals(0, mine.size(), "nothing stored for alice: " + mine);
    }
}
