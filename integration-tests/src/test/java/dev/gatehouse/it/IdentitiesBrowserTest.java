package dev.gatehouse.it;

import dev.gatehouse.browser.Accessibility;
import dev.gatehouse.browser.ConsoleBrowser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.browser.ConsoleBrowser.button;
import static dev.gatehouse.browser.ConsoleBrowser.inDialog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's Identities page in headless Chromium against the packaged launcher, with the official TypeScript
 * SDK's example server with OAuth ({@code simpleStreamableHttp --oauth-strict} and its demo authorization server)
 * as a per-user upstream: a user pastes a personal secret by keyboard alone, signs in to the OAuth server through
 * the browser (the upstream's authorization endpoint and back to Gatehouse's callback, then to this page),
 * disables, enables, re-authorizes and deletes; an admin with {@code identities:manage} sees everyone's. Each
 * step is checked against the admin API, and axe finds no serious violation on the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentitiesBrowserTest {
    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-Pa55word-ids", "bob", "bob-Pa55word-ids-2");
    private static final String SECRET = "Bearer pat-of-alice-0123456789";

    @TempDir
    static Path data;
    private LauncherProcess launcher;
    private SdkOAuthServer upstream;
    private AdminApi admin;
    private ConsoleBrowser browser;
    private Accessibility axe;
    private String hostId;
    private final McpHttp mcp = new McpHttp();

    @BeforeAll
    void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        upstream = SdkOAuthServer.start(harness);
        launcher = UpstreamIdentityLaunch.start(data, PASSWORDS, List.of());
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        hostId = UpstreamIdentityLaunch.perUserGatewayAndHost(admin, upstream.url());
        // the console on another site (127.0.0.1) than the upstream's authorization server (localhost), as in
        // production: the way back from an upstream sign-in starts cross-site, and the console's SameSite=Strict
        // session must still be there when the browser lands on the console again
        browser = ConsoleBrowser.open(launcher.baseUrl().replace("//localhost:", "//127.0.0.1:"));
        axe = Accessibility.from(harness.resolve("node_modules"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            try {
                if (launcher != null) {
                    launcher.close();
                }
            } finally {
                if (upstream != null) {
                    upstream.close();
                }
            }
        }
    }

    private JsonNode identitiesOf(String user) throws Exception {
        return new AdminApi(launcher.baseUrl(), user, PASSWORDS.get(user)).expect(200, "GET", "/identities", null);
    }

    private JsonNode only(JsonNode list, String server) {
        JsonNode found = null;
        for (JsonNode i : list) {
            if (i.get("server").asText().equals(server)) {
                assertTrue(found == null, list::toString);
                found = i;
            }
        }
        assertTrue(found != null, () -> "no identity for " + server + " in " + list);
        return found;
    }

    private static By row(String server) {
        return By.xpath("//div[@id='identities']//tbody/tr[.//code[normalize-space()='" + server + "']]");
    }

    private static By rowBadge(String server, String text) {
        return By.xpath("//div[@id='identities']//tbody/tr[.//code[normalize-space()='" + server + "']]"
                + "//span[contains(@class,'badge')][normalize-space()='" + text + "']");
    }

    /** Presses Tab (bounded) until the focused element reads {@code text}: the page is reachable by keyboard. */
    private void tabTo(String text) {
        for (int i = 0; i < 60; i++) {
            Object focused = browser.script("const e = document.activeElement; return e ? e.textContent.trim() : null;");
            if (text.equals(focused)) {
                return;
            }
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        throw new AssertionError("no focusable '" + text + "' within 60 Tab presses");
    }

    @Test
    @Order(1)
    void userWhenSignedInThenIdentitiesInTheNavigationAndNoneYet() throws Exception {
        browser.signIn("alice", PASSWORDS.get("alice"));
        browser.waitFor(d -> browser.script("return document.body.dataset.ready || null") != null);
        browser.click(By.cssSelector("#nav a[data-section=identities]"));
        browser.waitReady("identities");

        browser.find(By.xpath("//h2[normalize-space()='You have no identities yet']"));
        assertTrue(browser.driver().findElements(By.cssSelector("nav[aria-label=\"Whose identities\"]")).isEmpty(),
                "without identities:manage only one's own");
        axe.assertNoSeriousViolation(browser, "the empty Identities page");
    }

    @Test
    @Order(2)
    void personalSecretWhenAddedByKeyboardThenListedAndNeverShown() throws Exception {
        browser.find(By.cssSelector("main h1")).click();
        tabTo("Add a personal secret");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.find(By.cssSelector("dialog[open] select[name=server]"));
        // the server picker has the focus: pick "demo" by typing, then Tab to the header and the secret
        browser.driver().switchTo().activeElement().sendKeys("demo");
        assertEquals("demo", new Select(browser.find(By.cssSelector("dialog[open] select[name=server]"))).getFirstSelectedOption()
                .getAttribute("value"));
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys(SECRET, Keys.ENTER);

        browser.find(rowBadge("demo", "Active"));
        JsonNode identity = only(identitiesOf("alice"), "demo");
        assertEquals("secret", identity.get("kind").asText());
        assertEquals("Authorization", identity.get("headerName").asText());
        assertFalse(browser.driver().getPageSource().contains("pat-of-alice"), "the secret is never shown");
        assertFalse(identity.toString().contains("pat-of-alice"));
    }

    @Test
    @Order(3)
    void oauthSignInWhenChosenThenTheBrowserGoesThroughTheUpstreamAndComesBackHere() throws Exception {
        browser.click(button("Sign in to a server"));
        new Select(browser.find(By.cssSelector("dialog[open] select[name=server]"))).selectByValue("sdk");
        browser.click(inDialog("Continue to sign-in"));

        browser.waitReady("identities");
        browser.find(By.id("signed-in"));
        assertTrue(browser.driver().getCurrentUrl().startsWith(browser.consoleUrl() + "#/identities"), browser.driver().getCurrentUrl());
        browser.find(rowBadge("sdk", "Active"));
        JsonNode identity = only(identitiesOf("alice"), "sdk");
        assertEquals("oauth", identity.get("kind").asText());
        assertEquals("alice", identity.get("owner").asText());
        assertEquals(2, identitiesOf("alice").size());
    }

    @Test
    @Order(4)
    void disableAndEnableWhenClickedThenTheStatusFollows() throws Exception {
        browser.click(By.cssSelector("button[aria-label=\"Disable alice's identity for sdk\"]"));
        browser.find(rowBadge("sdk", "Disabled"));
        assertEquals("disabled", only(identitiesOf("alice"), "sdk").get("status").asText());

        browser.click(By.cssSelector("button[aria-label=\"Enable alice's identity for sdk\"]"));
        browser.find(rowBadge("sdk", "Active"));
        assertEquals("active", only(identitiesOf("alice"), "sdk").get("status").asText());
    }

    @Test
    @Order(5)
    void reauthorizeWhenClickedThenANewGrantReplacesTheOldOne() throws Exception {
        String before = only(identitiesOf("alice"), "sdk").get("updatedAt").asText();

        browser.click(By.cssSelector("button[aria-label=\"Re-authorize alice's identity for sdk\"]"));

        browser.waitFor(d -> {
            try {
                return !only(identitiesOf("alice"), "sdk").get("updatedAt").asText().equals(before);
            } catch (Exception e) {
                return false;
            }
        });
        browser.waitReady("identities");
        browser.find(By.id("signed-in"));
        assertEquals(2, identitiesOf("alice").size(), "still one identity per server");
        axe.assertNoSeriousViolation(browser, "the Identities page");
        browser.screenshot("console-identities");
    }

    @Test
    @Order(6)
    void deleteWhenConfirmedThenGoneFromPageAndApi() throws Exception {
        browser.click(By.cssSelector("button[aria-label=\"Delete alice's identity for sdk\"]"));
        browser.find(By.cssSelector("dialog[open]"));
        axe.assertNoSeriousViolation(browser, "the delete identity dialog");
        browser.click(inDialog("Delete identity"));

        browser.waitFor(ExpectedConditions.invisibilityOfElementLocated(row("sdk")));
        browser.find(row("demo"));
        JsonNode left = identitiesOf("alice");
        assertEquals(1, left.size(), left::toString);
        assertEquals("demo", left.get(0).get("server").asText());
    }

    @Test
    @Order(7)
    void managerWhenEveryonesChosenThenOtherUsersIdentitiesAndTheSharedOnesAreListed() throws Exception {
        browser.click(By.id("sign-out"));
        browser.find(By.id("j_username"));
        browser.signIn("admin", LauncherProcess.ADMIN_PASSWORD);
        browser.waitReady("dashboard");
        browser.load("#/identities");
        browser.waitReady("identities");
        browser.find(By.xpath("//h2[normalize-space()='You have no identities yet']"));

        browser.click(By.xpath("//nav[@aria-label='Whose identities']//a[normalize-space()=\"Everyone's\"]"));
        browser.waitReady("identities");

        browser.find(By.xpath("//div[@id='identities']//tbody/tr[.//code[normalize-space()='demo']][td[normalize-space()='alice']]"));
        axe.assertNoSeriousViolation(browser, "everyone's identities");
        browser.screenshot("console-identities-everyone");
        browser.click(By.cssSelector("button[aria-label=\"Disable alice's identity for demo\"]"));
        browser.find(rowBadge("demo", "Disabled"));
        assertEquals("disabled", only(identitiesOf("alice"), "demo").get("status").asText());
    }

    /**
     * The connection flow as each of two users walks it: the host's page opens "Add a connection" in its own tab;
     * the gateway; the per-user server's sign-in through the upstream's authorization server and back to the tab;
     * the token once; the host's page (still open in the first tab) shows the connection; the token's calls reach
     * the upstream with that user's own upstream token, never the Gatehouse token.
     */
    @Test
    @Order(8)
    void connectionFlowWhenEachUserWalksItThenTheirTokenCallsTheUpstreamAsThem() throws Exception {
        browser.click(By.id("sign-out"));
        browser.find(By.id("j_username"));
        Map<String, String> upstreamTokenOf = new java.util.HashMap<>();
        for (String user : List.of("bob", "alice")) {
            browser.signIn(user, PASSWORDS.get(user));
            browser.waitFor(d -> browser.script("return document.body.dataset.ready || null") != null);
            browser.load("#/hosts/" + hostId);
            browser.waitReady("hosts");
            String hostTab = browser.followIntoNewTab(() -> browser.click(button("Add a connection")));
            browser.waitReady("hosts");
            new Select(browser.find(By.cssSelector("#connect-gateway-form select[name=gateway]"))).selectByValue("work");
            browser.click(button("Continue"));

            browser.find(By.xpath("//ol[@id='connect-steps']/li[@data-server='sdk']//span[normalize-space()='To do']"));
            assertFalse(browser.find(By.id("issue-token")).isEnabled(), "no token before the per-user server has the identity");
            if (user.equals("bob")) {
                axe.assertNoSeriousViolation(browser, "the connection flow's sign-in step");
                browser.screenshot("console-connect-sign-in");
            }
            browser.click(button("Sign in to SDK example"));

            browser.find(By.xpath("//ol[@id='connect-steps']/li[@data-server='sdk']//span[normalize-space()='Signed in']"));
            assertTrue(browser.driver().getCurrentUrl().contains("#/connect/" + hostId + "?gateway=work"), browser.driver().getCurrentUrl());
            browser.click(By.id("issue-token"));
            String token = browser.find(By.id("issued-token")).getAttribute("value");
            assertTrue(token.startsWith("gth_"), token);
            if (user.equals("bob")) {
                browser.screenshot("console-connect-token");
            }
            browser.click(inDialog("Done"));
            browser.find(By.xpath("//h1[normalize-space()='Assistant for many is connected to work']"));
            browser.closeTabAndReturn(hostTab);
            browser.find(By.xpath("//td//code[contains(normalize-space(), '" + token.substring(4, 12) + "')]"));

            int mark = upstream.mark();
            JsonNode answer = McpReplies.message(mcp.post(launcher.mcpUrl("work"), token, McpHttp.ACCEPT_BOTH,
                    McpHttp.toolsCall(5, "me__greet", "{\"name\":\"" + user + "\"}")), 5);
            assertFalse(answer.has("error"), answer.toString());
            java.util.Set<String> seen = upstream.tokensSince(mark);
            assertEquals(1, seen.size(), seen::toString);
            assertFalse(seen.contains(token), "the Gatehouse token never goes upstream");
            upstreamTokenOf.put(user, seen.iterator().next());
            browser.click(By.id("sign-out"));
            browser.find(By.id("j_username"));
        }
        assertFalse(upstreamTokenOf.get("alice").equals(upstreamTokenOf.get("bob")), "each user's calls carry their own upstream token");
        JsonNode connections = admin.expect(200, "GET", "/hosts/" + hostId + "/connections", null);
        assertEquals(2, connections.size(), connections::toString);
    }
}
