package dev.gatehouse.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.browser.ConsoleBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's tutorial, as each server module runs it against Gatehouse deployed by Arquillian (run as
 * client: the test drives the server over HTTP, as a user with curl would). The admin publishes a real
 * MCP server on a gateway, creates a token host and its connection, the agent lists and calls a tool
 * with the token, the admin reads the attributed logs, deletes the connection, and the very next
 * request is refused. Subclasses supply the deployment and where the server listens.
 */
public abstract class TutorialFlow {
    private static DemoUpstream upstream;

    /** The server's HTTP origin, such as {@code http://127.0.0.1:8080}. */
    protected abstract String baseUrl();

    /** Where the gateway WAR is deployed. */
    protected String gatewayContext() {
        return "/gatehouse";
    }

    /** Where the admin WAR is deployed. */
    protected String adminContext() {
        return "/gatehouse-admin";
    }

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = DemoUpstream.start();
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    @Test
    public void tutorialFromHostToRevokedToken() throws Exception {
        String slug = "tutorial-" + UUID.randomUUID().toString().substring(0, 8);
        publishDemoOnGateway(slug);

        String hostId = admin("POST", "/hosts", Map.of("name", "CI bot " + slug, "kind", "TOKEN"), 201).get("id").asText();
        JsonNode connection = admin("POST", "/hosts/" + hostId + "/connections", Map.of("gateway", slug), 201);
        String token = connection.get("token").asText();
        assertTrue(token.startsWith("gth_"), token);

        HttpResponse<String> list = mcp(slug, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"echo\""), list.body());

        HttpResponse<String> call = mcp(slug, token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello from " + slug + "\"}}}");
        assertEquals(200, call.statusCode(), call.body());
        assertTrue(call.body().contains("hello from " + slug), call.body());

        JsonNode logs = admin("GET", "/logs?host=" + hostId + "&limit=20", null, 200);
        assertTrue(hasRecord(logs, "call_completed", "echo", token.substring(4, 12)), logs.toString());
        assertTrue(hasRecord(logs, "list", null, token.substring(4, 12)), logs.toString());

        admin("DELETE", "/connections/" + connection.get("id").asText(), null, 204);
        HttpResponse<String> refused = mcp(slug, token, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "), refused.headers().map().toString());
    }

    /**
     * The first run as the deploy docs give it (issue 16 item 1): the demo MCP server from the launcher jar
     * ({@code java -jar gatehouse.jar demo-upstream}), the docs' own two admin calls
     * ({@code docs/commands/first-run-demo.sh}) registering it and the {@code quickstart} gateway, then the
     * README's tutorial as written ({@code docs/commands/tutorial.sh}, the realm's admin set as the deploy docs
     * say), twice in a row, as an admin trying it again would (item 8: the second run's host was refused,
     * host names being unique): each run lists the tools, calls {@code echo}, reads its calls in the logs,
     * deletes the connection ({@code 204}) and is refused with the token at once ({@code 401}).
     */
    @Test
    public void firstRunAsDocumentedThenTheReadmeTutorialRunsTwiceOnQuickstart() throws Exception {
        try (DemoUpstreamProcess demo = DemoUpstreamProcess.start()) {
            Map<String, String> admin = Map.of("ADMIN", baseUrl() + adminContext() + "/api",
                    "ADMIN_USER", System.getProperty("gatehouse.it.admin.user"),
                    "ADMIN_PASSWORD", System.getProperty("gatehouse.it.admin.password"));
            Map<String, String> firstRun = new HashMap<>(admin);
            firstRun.put("DEMO_URL", demo.url());
            DocumentedCommands.run("first-run-demo.sh", firstRun);

            Map<String, String> tutorial = new HashMap<>(admin);
            tutorial.put("MCP", baseUrl() + gatewayContext() + "/mcp/quickstart");
            for (int run = 1; run <= 2; run++) {
                String printed = DocumentedCommands.run("tutorial.sh", tutorial);

                assertTrue(printed.contains("\"slow_count\"") && printed.contains("\"echo\""), "run " + run + ": " + printed);
                assertTrue(printed.contains("hello") && printed.contains("\"call_completed\""), "run " + run + ": " + printed);
                assertTrue(printed.endsWith("\n204\n401\n"), "run " + run + " did not end with 204 then 401: " + printed);
            }
        }
    }

    /**
     * The console's sign-in in a real headless Chromium, as an admin signs in: open the console, get the
     * sign-in page, sign in, land on the console (issue 16 item 2: on WildFly the browser revalidated
     * {@code /gatehouse-admin/}, got 304 and showed its cached sign-in page again), and the console's URL
     * opened again still shows the console.
     */
    @Test
    public void consoleSignInInChromiumLandsOnTheConsole() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(baseUrl(), adminContext())) {
            browser.signIn(System.getProperty("gatehouse.it.admin.user"), System.getProperty("gatehouse.it.admin.password"));
            awaitConsole(browser, "after signing in");
            browser.screenshot("console-signed-in-" + getClass().getSimpleName());
            browser.load("");
            awaitConsole(browser, "on opening the console again");
        }
    }

    /**
     * The session cookie's promises (admin guide): {@code HttpOnly} and {@code SameSite=Strict} on every
     * {@code Set-Cookie} of the session, and a new session id once signed in, so an id planted before the
     * sign-in (session fixation) signs nobody in.
     */
    @Test
    public void consoleSessionCookieIsStrictAndRenewedAtSignIn() throws Exception {
        String console = baseUrl() + adminContext();
        String user = System.getProperty("gatehouse.it.admin.user");

        FormSignIn signIn = FormSignIn.signIn(console, user, System.getProperty("gatehouse.it.admin.password"));

        for (String cookie : signIn.sessionCookies()) {
            assertTrue(cookie.contains("SameSite=Strict"), cookie);
            assertTrue(cookie.contains("HttpOnly"), cookie);
        }
        assertNotEquals(signIn.anonymousId(), signIn.signedInId(), "session fixation: the id stayed the same at sign-in");
        assertEquals(Optional.of(user), FormSignIn.userOf(console, signIn.signedInId()));
        assertEquals(Optional.empty(), FormSignIn.userOf(console, signIn.anonymousId()), "the planted id is signed in");
    }

    private static void awaitConsole(ConsoleBrowser browser, String when) {
        try {
            browser.waitFor(d -> d.getTitle().endsWith("Gatehouse admin")
                    && browser.script("return document.body.dataset.ready || null") != null);
        } catch (TimeoutException e) {
            throw new AssertionError(when + " the browser shows '" + browser.driver().getTitle() + "' at "
                    + browser.driver().getCurrentUrl(), e);
        }
    }

    private void publishDemoOnGateway(String slug) throws Exception {
        node().publish(slug, upstream.url());
    }

    private static boolean hasRecord(JsonNode logs, String kind, String tool, String tokenPublicId) {
        for (JsonNode r : logs) {
            if (kind.equals(r.path("kind").asText()) && tokenPublicId.equals(r.path("tokenPublicId").asText())
                    && (tool == null || tool.equals(r.path("tool").asText()))) {
                return true;
            }
        }
        return false;
    }

    private GatehouseNode node() {
        return new GatehouseNode(baseUrl(), gatewayContext(), adminContext());
    }

    private JsonNode admin(String method, String path, Object body, int expected) throws Exception {
        return node().admin(method, path, body, expected);
    }

    private HttpResponse<String> mcp(String slug, String token, String body) throws Exception {
        return node().mcp(slug, token, body, null);
    }
}
