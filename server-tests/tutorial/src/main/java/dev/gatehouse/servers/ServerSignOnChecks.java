package dev.gatehouse.servers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.browser.ConsoleBrowser;
import dev.gatehouse.browser.ProviderLogin;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.servers.ConsoleCalls.call;
import static dev.gatehouse.servers.ConsoleCalls.id;
import static dev.gatehouse.servers.ConsoleCalls.records;
import static dev.gatehouse.servers.ConsoleCalls.settledSignIns;
import static dev.gatehouse.servers.ConsoleCalls.shows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the console's single sign-on through an application server's own OpenID Connect client must do, the same on
 * WildFly and Payara (issue 19 item 1), against {@code oidc-provider.mjs}'s accounts: {@code olivia} has the role
 * {@code gatehouse-admin}, {@code outsider} no Gatehouse role. {@code signIn} is the audit method the server's sign-ins
 * carry ({@code sign-in/oidc}).
 */
public final class ServerSignOnChecks {
    private ServerSignOnChecks() {
    }

    /**
     * An admin signed in at the provider lands on the dashboard under their name, the Users page says the server manages
     * users and that they are managed at the OpenID provider ({@code managedBy: "server"}, {@code serverSignIn: "oidc"}), a host they create is audited under their name, and the sign-in is audited
     * once for the session; the session's correlation id. The browser stays signed in.
     */
    public static String adminLandsUnderTheirName(ConsoleBrowser browser, String base, String signIn, String screenshot)
            throws Exception {
        browser.load("");
        ProviderLogin.signIn(browser, "olivia");
        shows(browser, "the dashboard", d -> "dashboard".equals(browser.script("return document.body.dataset.ready || null")));
        assertEquals("olivia", browser.find(By.id("who")).getText());

        browser.load("#/users");
        browser.waitReady("users");
        String usersPage = browser.find(By.cssSelector("main")).getText();
        assertTrue(usersPage.contains("Users are managed by the application server")
                && usersPage.contains("managed at your organisation's OpenID provider"), usersPage);
        browser.screenshot(screenshot);
        Map<String, Object> users = call(browser, "GET", "api/users", null);
        assertEquals(200L, users.get("status"), users.toString());
        assertTrue(String.valueOf(users.get("body")).contains("\"managedBy\":\"server\",\"serverSignIn\":\"oidc\""), users.toString());

        // what the signed-in user changes is audited under their name, as a form sign-in's changes are
        Map<String, Object> created = call(browser, "POST", "api/hosts", "{\"name\":\"SSO bot " + UUID.randomUUID() + "\",\"kind\":\"TOKEN\"}");
        assertEquals(201L, created.get("status"), created.toString());
        Map<String, Object> logs = call(browser, "GET", "api/logs?kind=admin_action&host=" + id(created), null);
        assertEquals(List.of("olivia host.created"), records(logs), logs.toString());

        // the server signed her in: audited once for the session, however many requests the console made since
        List<JsonNode> signIns = settledSignIns(browser, base, "olivia");
        assertEquals(1, signIns.size(), signIns.toString());
        assertEquals(signIn, signIns.get(0).path("method").asText(), signIns.toString());
        assertEquals("success", signIns.get(0).path("outcome").asText());
        assertEquals("127.0.0.1", signIns.get(0).path("clientAddress").asText());
        return signIns.get(0).path("correlationId").asText();
    }

    /**
     * <b>Sign out</b> ends the session and, through {@code gatehouse.sign-out-url}, the provider's: the browser confirms
     * at the provider's end-session page, comes back to the console, which sends it to the provider, which asks who
     * signs in.
     */
    public static void signOutEndsTheProvidersSessionToo(ConsoleBrowser browser, OpenIdProviderProcess provider) {
        browser.click(By.id("sign-out"));
        shows(browser, "the provider's end-session page", d -> d.getCurrentUrl().startsWith(provider.issuer()));
        browser.click(By.cssSelector("button[name=logout][value=yes]"));
        shows(browser, "the provider's sign-in after signing out", ExpectedConditions.visibilityOfElementLocated(By.name("login")));
    }

    /**
     * A user signed in by the server without a Gatehouse role is refused by Gatehouse: "No access yet", {@code 403}
     * from the API, audited as denied under their name, their sign-in recorded; and the admin's first session
     * ({@code firstSession}, from {@link #adminLandsUnderTheirName}) has its sign-in and sign-out under one correlation id.
     */
    public static void userWithoutARoleRefusedAndAudited(String base, String signIn, String firstSession) throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.load("");
            ProviderLogin.signIn(browser, "outsider");
            shows(browser, "No access yet", d -> "none".equals(browser.script("return document.body.dataset.ready || null")));
            assertTrue(browser.find(By.cssSelector("main")).getText().contains("No access yet"));
            assertEquals("outsider", browser.find(By.id("who")).getText());

            Map<String, Object> hosts = call(browser, "GET", "api/hosts", null);
            assertEquals(403L, hosts.get("status"), hosts.toString());
            assertTrue(String.valueOf(hosts.get("body")).contains("no Gatehouse capability"), hosts.toString());
        }
        try (ConsoleBrowser admin = ConsoleBrowser.open(base)) {
            admin.load("");
            ProviderLogin.signIn(admin, "olivia");
            admin.waitReady("dashboard");
            Map<String, Object> denied = call(admin, "GET", "api/logs?kind=admin_action&outcome=denied", null);
            assertTrue(records(denied).stream().anyMatch(r -> r.startsWith("outsider ")), denied.toString());

            assertEquals(List.of(signIn, signIn.replace("sign-in/", "sign-out/")), settledSignIns(admin, base, "olivia").stream()
                    .filter(r -> r.path("correlationId").asText().equals(firstSession))
                    .map(r -> r.path("method").asText()).toList());
            assertTrue(settledSignIns(admin, base, "outsider").stream().anyMatch(r -> signIn.equals(r.path("method").asText())),
                    "a user without a Gatehouse role was still signed in by the server");
        }
    }
}
