package dev.gatehouse.servers.wildfly;

import dev.gatehouse.browser.ConsoleBrowser;
import dev.gatehouse.browser.ProviderLogin;
import dev.gatehouse.servers.DocumentedCommands;
import dev.gatehouse.servers.JBossCli;
import dev.gatehouse.servers.OpenIdProviderProcess;
import dev.gatehouse.servers.ServerSignOnChecks;
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

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.servers.ConsoleCalls.basic;
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
            firstSession = ServerSignOnChecks.adminLandsUnderTheirName(browser, base, "sign-in/oidc", "console-users-wildfly-oidc");
            // signing out also ends the subsystem's cookie
            ServerSignOnChecks.signOutEndsTheProvidersSessionToo(browser, provider);
            assertEquals(List.of(), browser.driver().manage().getCookies().stream()
                    .filter(c -> c.getName().equals("OIDC_STATE")).toList());
        }
    }

    /**
     * A user the provider signs in without a Gatehouse role ({@code realm_access.roles} empty) is authenticated by the
     * server but refused by Gatehouse: the console says they have no access, the API answers {@code 403}, and the
     * refusal is audited under their name; the first test's sign-in and sign-out share their session's correlation id.
     */
    @Test
    @Order(2)
    void userWithoutAGatehouseRoleWhenSignedInThenRefused403AndAudited() throws Exception {
        ServerSignOnChecks.userWithoutARoleRefusedAndAudited(base, "sign-in/oidc", firstSession);
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
        HttpResponse<String> me = basic(base, System.getProperty("gatehouse.it.admin.user"), System.getProperty("gatehouse.it.admin.password"));
        assertEquals(401, me.statusCode(), me.body());
    }
}
