package dev.gatehouse.it;

import dev.gatehouse.browser.Accessibility;
import dev.gatehouse.browser.ConsoleBrowser;
import dev.gatehouse.browser.ProviderLogin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's single sign-on in headless Chromium against a real OpenID provider nobody here wrote
 * ({@code oidc-provider} from npm, node/oidc-provider.mjs): the sign-in page offers it, the provider's own login and
 * consent pages sign the user in, the console opens as that user with the roles their group maps to, and the Users
 * page lists them as a single sign-on user; a user whose groups map to nothing gets a page saying so. axe-core finds
 * no serious violation on the sign-in page or the Users page; screenshots for the admin guide.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class SingleSignOnBrowserTest {
    private static final String CLIENT_ID = "gatehouse-console";
    private static final String CLIENT_SECRET = "oidc-test-client-secret-0123456789";

    @TempDir
    static Path data;
    private LauncherProcess launcher;
    private ChildProcess provider;
    private ConsoleBrowser browser;
    private Accessibility axe;
    private String issuer;

    @BeforeAll
    void start() throws Exception {
        int providerPort;
        try (ServerSocket s = new ServerSocket(0)) {
            providerPort = s.getLocalPort();
        }
        issuer = "http://127.0.0.1:" + providerPort;
        launcher = LauncherProcess.start(data, Map.of("GATEHOUSE_ADMIN_PASSWORD", LauncherProcess.ADMIN_PASSWORD,
                "GATEHOUSE_OIDC_ISSUER", issuer, "GATEHOUSE_OIDC_CLIENT_ID", CLIENT_ID,
                "GATEHOUSE_OIDC_CLIENT_SECRET", CLIENT_SECRET, "GATEHOUSE_OIDC_GROUP_ROLES", "gatehouse-admins=gatehouse-admin",
                "GATEHOUSE_OIDC_LABEL", "Sign in with Example SSO"));
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        provider = ChildProcess.start("oidc-provider", new ProcessBuilder("node", harness.resolve("oidc-provider.mjs").toString(),
                "--port", String.valueOf(providerPort), "--redirect-uri", launcher.baseUrl() + "/gatehouse-admin/sso/callback",
                "--post-logout-redirect-uri", launcher.baseUrl() + "/gatehouse-admin/",
                "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET).directory(harness.toFile()),
                line -> line.startsWith("{\"issuer\""));
        assertEquals("{\"issuer\":\"" + issuer + "\"}", provider.readyLine());
        browser = ConsoleBrowser.open(launcher.baseUrl());
        axe = Accessibility.from(harness.resolve("node_modules"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
            if (launcher != null) {
                launcher.close();
            }
        }
    }

    @Test
    @Order(1)
    void signInWhenThroughTheProviderThenTheConsoleOpensAsThatUserWithTheirGroupsRole() throws Exception {
        browser.load("");
        By sso = By.id("sso-sign-in");
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(sso));
        assertEquals("Sign in with Example SSO", browser.find(sso).getText());
        axe.assertNoSeriousViolation(browser, "the sign-in page with single sign-on");
        browser.screenshot("console-sso-login");

        browser.find(sso).sendKeys(Keys.ENTER); // the keyboard path: the link is reachable and activates with Enter
        ProviderLogin.signIn(browser, "olivia");

        browser.waitReady("dashboard");
        assertEquals("olivia", browser.find(By.id("who")).getText());
    }

    @Test
    @Order(2)
    void usersPageWhenOpenedThenTheSingleSignOnUserIsListedWithTheirSourceAndLastSignIn() throws Exception {
        browser.load("#/users");
        browser.waitReady("users");
        String row = browser.find(By.xpath("//tbody/tr[.//td[contains(normalize-space(),'olivia')]]")).getText();
        assertTrue(row.contains("gatehouse-admin") && row.contains("single sign-on") && row.contains("Active"), row);
        browser.find(By.xpath("//tbody/tr[.//td[contains(normalize-space(),'admin')]][.//td[contains(.,'properties file')]]"));
        axe.assertNoSeriousViolation(browser, "the Users page");
        browser.screenshot("console-users");

        browser.click(By.xpath("//button[normalize-space()='Add user']"));
        browser.type(By.cssSelector("dialog[open] input[name=name]"), "nina");
        browser.click(By.xpath("//dialog[@open]//label[code[normalize-space()='gatehouse-auditor']]/input"));
        axe.assertNoSeriousViolation(browser, "the Add user dialog");
        browser.click(By.xpath("//dialog[@open]//button[normalize-space()='Add user']"));
        String link = browser.find(By.id("one-time-link")).getAttribute("value");
        assertTrue(link.startsWith(launcher.baseUrl() + "/gatehouse-admin/account.html#"), link);
        browser.screenshot("console-user-invitation");
        browser.click(By.xpath("//dialog[@open]//button[normalize-space()='Done']"));

        // olivia signed on: signing out also ends her session at the provider, whose sign-out page comes back here
        browser.click(By.id("sign-out"));
        browser.waitFor(d -> d.getCurrentUrl().startsWith(issuer));
        browser.click(By.cssSelector("button[name=logout][value=yes]"));
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        browser.driver().get(link);
        browser.type(By.id("new-password"), "a-passphrase-for-the-invite");
        browser.type(By.id("repeat-password"), "a-passphrase-for-the-invite");
        axe.assertNoSeriousViolation(browser, "the one-time link's page");
        browser.find(By.id("repeat-password")).sendKeys(Keys.ENTER);
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("account-done")));
        browser.signIn("nina", "a-passphrase-for-the-invite");
        browser.waitReady("dashboard");
        assertEquals("nina", browser.find(By.id("who")).getText());
        browser.click(By.id("sign-out"));
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
    }

    @Test
    @Order(3)
    void signInWhenTheUsersGroupsMapToNoRoleThenThePageSaysSoAndNobodyIsSignedIn() throws Exception {
        browser.load(""); // olivia's session at the provider ended with her sign-out: the provider asks who signs in
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("sso-sign-in")));
        browser.click(By.id("sso-sign-in"));
        ProviderLogin.signIn(browser, "outsider");
        String page = browser.find(By.cssSelector("main")).getText();
        assertTrue(page.contains("maps to a Gatehouse role"), page);
        browser.load("");
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
    }
}
