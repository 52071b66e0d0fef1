package dev.gatehouse.servers.wildfly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.browser.ConsoleBrowser;
import dev.gatehouse.browser.ProviderLogin;
import dev.gatehouse.servers.DocumentedCommands;
import dev.gatehouse.servers.JBossCli;
import dev.gatehouse.servers.OpenIdProviderProcess;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's single sign-on on WildFly as deploy-wildfly.md sets it up (issue 19 item 1): WildFly's own OpenID
 * Connect client (the {@code elytron-oidc-client} subsystem) protects the EAR's admin module in place of its FORM
 * sign-in, configured by exactly the doc's commands ({@code docs/commands/wildfly-oidc.sh}), against a real OpenID
 * provider nobody here wrote ({@code oidc-provider} from npm, on another site than the console, issuing JWT access
 * tokens with Keycloak's {@code realm_access.roles}). In headless Chromium: a user with the role
 * {@code gatehouse-admin} lands in the console under their name, the Users page says the server manages users, and
 * what they change is audited under that name, their sign-in and sign-out are audited once each (catalogue 614), and
 * signing out ends their sign-in here and at the provider; a user
 * whose token carries no Gatehouse role is refused ({@code 403});
 * a provider whose access tokens are opaque signs nobody in. Runs on the module's managed WildFly and puts it back
 * as it found it (no OIDC configuration, no deployment), whichever test class comes next.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSingleSignOnIT {
    private static final String CLIENT_ID = "gatehouse-console";
    private static final String SECRET_VARIABLE = "GATEHOUSE_OIDC_SECRET";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base = System.getProperty("gatehouse.it.base-url");
    private final Path wildfly = Path.of(System.getProperty("wildfly.home"));
    private final JBossCli cli = new JBossCli(wildfly, "127.0.0.1:" + System.getProperty("wildfly.management.port"));
    private OpenIdProviderProcess provider;
    /** The correlation id of the first test's session (its sign-in record), whose sign-out the second test finds. */
    private String firstSession;

    @BeforeAll
    void signInThroughTheServersOwnOpenIdConnectClient() throws Exception {
        String secret = System.getenv(SECRET_VARIABLE); // the server reads it from its environment, as the doc has it
        assertTrue(secret != null && secret.length() >= 16, SECRET_VARIABLE + " is not in the environment WildFly inherits");
        provider = OpenIdProviderProcess.start(Path.of(System.getProperty("gatehouse.node.harness")), CLIENT_ID, secret,
                console(), "--access-tokens", "jwt");
        withoutSingleSignOn("");
        DocumentedCommands.run("wildfly-oidc.sh", Map.of("WILDFLY", wildfly.toString(), "CONTROLLER", cli.controller(),
                "PROVIDER_URL", provider.issuer(), "CLIENT_ID", CLIENT_ID, "JAVA_HOME", System.getProperty("java.home"),
                "SIGN_OUT_URL", provider.issuer() + "/session/end?client_id=" + CLIENT_ID + "&post_logout_redirect_uri=" + console()));
        // jboss-cli reading commands from a here-document goes on after a failed one and exits 0: check what it made
        JBossCli.Result configured = cli.awaitRunning(Duration.ofSeconds(120))
                .run("/subsystem=elytron-oidc-client/secure-deployment=gatehouse-admin.war/credential=secret:read-resource");
        assertTrue(configured.succeeded(), configured.output());
        JBossCli.Result deployed = cli.run("deploy " + System.getProperty("gatehouse.ear"));
        assertTrue(deployed.succeeded(), deployed.output());
    }

    @AfterAll
    void putTheServerBack() throws Exception {
        try {
            withoutSingleSignOn("""
                    if (outcome == success) of /deployment=gatehouse.ear:read-resource
                      undeploy gatehouse.ear
                    end-if
                    """);
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /**
     * Runs {@code first}, then removes the doc's OpenID Connect configuration where present (a run that ended early
     * leaves it behind) and reloads the server when
     * that asks for it, waiting until it runs again.
     */
    private void withoutSingleSignOn(String first) throws Exception {
        JBossCli.Result removed = cli.script(first + """
                if (outcome == success) of /system-property=gatehouse.sign-out-url:read-resource
                  /system-property=gatehouse.sign-out-url:remove
                end-if
                if (outcome == success) of /subsystem=elytron-oidc-client/provider=corp:read-resource
                  /subsystem=elytron-oidc-client/secure-deployment=gatehouse-admin.war:remove
                  /subsystem=elytron-oidc-client/provider=corp:remove
                end-if
                """);
        assertTrue(removed.succeeded(), removed.output());
        if (cli.run(":read-attribute(name=server-state)").output().contains("reload-required")) {
            // jboss-cli may give up waiting for the answer to a reload when the server closes the connection on a busy
            // machine (CancellationException, exit 1) although the reload goes on: what counts is that it runs again
            cli.run(":reload");
            cli.awaitRunning(Duration.ofSeconds(120));
        }
    }

    private String console() {
        return base + "/gatehouse-admin/";
    }

    @Test
    @Order(1)
    void adminWhenSignedInAtTheProviderThenLandsInTheConsoleUnderTheirNameAndUsersAreTheServers() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.load("");
            ProviderLogin.signIn(browser, "olivia");
            browser.waitReady("dashboard");
            assertEquals("olivia", browser.find(By.id("who")).getText());

            browser.load("#/users");
            browser.waitReady("users");
            assertTrue(browser.find(By.cssSelector("main")).getText().contains("Users are managed by the application server"));
            browser.screenshot("console-users-wildfly-oidc");
            Map<String, Object> users = call(browser, "GET", "api/users", null);
            assertEquals(200L, users.get("status"), users.toString());
            assertTrue(String.valueOf(users.get("body")).contains("\"managedBy\":\"server\""), users.toString());

            // what the signed-in user changes is audited under their name, as a form sign-in's changes are
            Map<String, Object> created = call(browser, "POST", "api/hosts", "{\"name\":\"SSO bot\",\"kind\":\"TOKEN\"}");
            assertEquals(201L, created.get("status"), created.toString());
            String hostId = JSON.readTree((String) created.get("body")).get("id").asText();
            Map<String, Object> logs = call(browser, "GET", "api/logs?kind=admin_action&host=" + hostId, null);
            assertEquals(List.of("olivia host.created"), records(logs), logs.toString());

            // the server signed her in: audited once for the session, however many requests the console made since
            List<JsonNode> signIns = settledSignIns(browser, "olivia");
            assertEquals(1, signIns.size(), signIns.toString());
            assertEquals("sign-in/oidc", signIns.get(0).path("method").asText(), signIns.toString());
            assertEquals("success", signIns.get(0).path("outcome").asText());
            assertEquals("127.0.0.1", signIns.get(0).path("clientAddress").asText());
            firstSession = signIns.get(0).path("correlationId").asText();

            // signing out ends the subsystem's cookie and, through gatehouse.sign-out-url, the provider's session: the
            // console asks the provider again, which asks who signs in
            browser.click(By.id("sign-out"));
            browser.waitFor(d -> d.getCurrentUrl().startsWith(provider.issuer()));
            browser.click(By.cssSelector("button[name=logout][value=yes]"));
            shows(browser, "the provider's sign-in after signing out", ExpectedConditions.visibilityOfElementLocated(By.name("login")));
            assertEquals(List.of(), browser.driver().manage().getCookies().stream()
                    .filter(c -> c.getName().equals("OIDC_STATE")).toList());
        }
    }

    /**
     * A user the provider signs in without a Gatehouse role ({@code realm_access.roles} empty) is authenticated by the
     * server but refused by Gatehouse: the console says they have no access, the API answers {@code 403}, and the
     * refusal is audited under their name.
     */
    @Test
    @Order(2)
    void userWithoutAGatehouseRoleWhenSignedInThenRefused403AndAudited() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.load("");
            ProviderLogin.signIn(browser, "outsider");
            browser.waitFor(d -> "none".equals(browser.script("return document.body.dataset.ready || null")));
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

            // the first test's session: its sign-in and its sign-out, sharing the session's correlation id
            assertEquals(List.of("sign-in/oidc", "sign-out/oidc"), settledSignIns(admin, "olivia").stream()
                    .filter(r -> r.path("correlationId").asText().equals(firstSession))
                    .map(r -> r.path("method").asText()).toList());
            assertTrue(settledSignIns(admin, "outsider").stream().anyMatch(r -> "sign-in/oidc".equals(r.path("method").asText())),
                    "a user without a Gatehouse role was still signed in by the server");
        }
    }

    /**
     * A provider whose access tokens are opaque (not JWTs) signs nobody in: the subsystem decodes the access token to
     * read the roles, fails, and answers the callback {@code 403} (problem+json, the admin WAR's error page); no
     * session is opened, so the console sends the browser to the provider again.
     */
    @Test
    @Order(3)
    void providerWithOpaqueAccessTokensWhenSigningInThen403AndNobodySignedIn() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            browser.load("");
            ProviderLogin.signIn(browser, "opaque-olga");
            String page = browser.find(By.tagName("body")).getText();
            assertTrue(browser.driver().getCurrentUrl().contains("code=") && page.contains("\"status\":403"), page);
            assertEquals(List.of(), browser.driver().manage().getCookies().stream()
                    .filter(c -> c.getName().equals("OIDC_STATE")).toList());
            assertEquals("opaqueredirect", browser.asyncScript("""
                    const done = arguments[0];
                    fetch('console/session', {credentials: 'same-origin', redirect: 'manual'}).then(r => done(r.type), e => done(String(e)));
                    """));
        }
    }

    /**
     * The admin API's HTTP Basic asks the deployment's realm, which under the secure-deployment is the OpenID Connect
     * client's and has no passwords: the server's {@code application-users.properties} admin is refused {@code 401}
     * (deploy-wildfly.md says scripts then need a deployment of their own).
     */
    @Test
    @Order(4)
    void adminApiWhenBasicWithTheRealmsUserThen401() throws Exception {
        HttpResponse<String> me = basic(System.getProperty("gatehouse.it.admin.user"), System.getProperty("gatehouse.it.admin.password"));
        assertEquals(401, me.statusCode(), me.body());
    }

    /**
     * The {@code sign_in} records of {@code user}, oldest first, once every record written before this call is in: a
     * failed Basic sign-in of a fresh name is written after them (the audit log has one writer), so once it is in, so are they.
     */
    private List<JsonNode> settledSignIns(ConsoleBrowser browser, String user) throws Exception {
        String sentinel = "sentinel-" + System.nanoTime();
        HttpResponse<String> refused = basic(sentinel, "not-a-password");
        assertEquals(401, refused.statusCode(), refused.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Map<String, Object> reply = call(browser, "GET", "api/logs?kind=sign_in&limit=500", null);
            assertEquals(200L, reply.get("status"), reply.toString());
            List<JsonNode> found = new java.util.ArrayList<>();
            boolean settled = false;
            for (JsonNode r : JSON.readTree((String) reply.get("body"))) {
                settled |= sentinel.equals(r.path("actor").asText());
                if (user.equals(r.path("actor").asText())) {
                    found.add(0, r);
                }
            }
            if (settled) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, "the failed sign-in of " + sentinel + " was not recorded: " + reply);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> basic(String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/gatehouse-admin/api/me"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code actor} and {@code detail} of each audit record of a logs reply, oldest first. */
    private static List<String> records(Map<String, Object> reply) throws Exception {
        List<String> found = new java.util.ArrayList<>();
        for (JsonNode r : JSON.readTree((String) reply.get("body"))) {
            found.add(0, r.path("actor").asText() + " " + r.path("detail").asText());
        }
        return found;
    }

    /**
     * Issues a same-origin request from the console page, as the console's own script does (its session, the CSRF
     * token of {@code console/session}); the status and body.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(ConsoleBrowser browser, String method, String path, String body) {
        return (Map<String, Object>) browser.asyncScript("""
                const [method, path, body, done] = arguments;
                fetch('console/session', {credentials: 'same-origin'}).then(r => r.json()).then(session =>
                  fetch(path, {method, credentials: 'same-origin', body: body || undefined, headers: {
                    'Accept': 'application/json', 'Content-Type': 'application/json', 'X-Gatehouse-Console': '1',
                    'X-CSRF-Token': session.csrfToken}}))
                  .then(async r => done({status: r.status, body: await r.text()}), e => done({status: -1, body: String(e)}));
                """, method, path, body);
    }

    /** Waits for {@code condition}; when it does not come, the failure says where the browser is and what it shows. */
    private static void shows(ConsoleBrowser browser, String what, java.util.function.Function<org.openqa.selenium.WebDriver, ?> condition) {
        try {
            browser.waitFor(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not at " + what + ": at " + browser.driver().getCurrentUrl() + " showing "
                    + browser.script("return document.body ? document.body.innerText : ''"), e);
        }
    }
}
