package dev.gatehouse.servers.payara;

import dev.gatehouse.browser.ConsoleBrowser;
import dev.gatehouse.servers.DocumentedCommands;
import dev.gatehouse.servers.OpenIdProviderProcess;
import dev.gatehouse.servers.ServerSignOnChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.servers.ConsoleCalls.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's single sign-on on Payara Server as deploy-payara.md sets it up (issue 19 item 1): Payara's own OpenID
 * Connect client signs users in to the one admin WAR of the EAR, switched on by configuration alone (the admin WAR's
 * CDI extension, {@code ServerOpenIdConnect}), configured by exactly the doc's commands
 * ({@code docs/commands/payara-oidc.sh}), against a real OpenID provider nobody here wrote ({@code oidc-provider}
 * from npm, on another site than the console, putting the groups claim in the ID token). In headless Chromium: a user
 * whose group is {@code gatehouse-admin} lands in the console under their name, the Users page says the server manages
 * users, what they change is audited under that name, and signing out ends their sign-in here and at the provider; a
 * user in no Gatehouse group is refused ({@code 403}) and the refusal audited. Runs on the module's domain after the
 * tutorial and before the cluster test, and puts the domain back as it found it (no OpenID Connect configuration, no
 * deployment).
 */
@org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1) // before WildFlyAndPayaraOnPostgresIT, which moves the domain's database
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSingleSignOnIT {
    private static final String CLIENT_ID = "gatehouse-console";
    private static final String SECRET = "payara-oidc-test-secret-0123456789";
    private static final List<String> SETTINGS = List.of("providerURI", "clientId", "callerNameClaim", "callerGroupsClaim");
    /** How the admin WAR's sign-in audit names a sign-in by Payara's client (the container's authentication type). */
    private static final String SIGN_IN = "sign-in/oidc";
    private final String base = System.getProperty("gatehouse.it.base-url");
    private OpenIdProviderProcess provider;
    private String firstSession;

    @BeforeAll
    void signInThroughPayarasOwnOpenIdConnectClient() throws Exception {
        withoutSingleSignOn();
        // the provider sends the browser back to the landing the admin WAR names; after signing out, to the console
        provider = OpenIdProviderProcess.start(Path.of(System.getProperty("gatehouse.node.harness")), CLIENT_ID, SECRET,
                base + "/gatehouse-admin/sso/signed-in", "--client-auth", "client_secret_post", "--pkce", "optional",
                "--admin-group", "gatehouse-admin", "--post-logout-redirect-uri", console());
        Path secretFile = Path.of(System.getProperty("gatehouse.it.target")).resolve("oidc-secret.pw");
        Files.writeString(secretFile, "AS_ADMIN_ALIASPASSWORD=" + SECRET + "\n");
        try {
            DocumentedCommands.run("payara-oidc.sh", Map.of("PAYARA", System.getProperty("payara.home"),
                    "AS_ADMIN_PORT", System.getProperty("payara.admin.port"), "AS_JAVA", System.getProperty("java.home"),
                    "PROVIDER_URL", provider.issuer(), "CLIENT_ID", CLIENT_ID, "SECRET_FILE", secretFile.toString(),
                    "SIGN_OUT_URL", provider.issuer() + "/session/end?client_id=" + CLIENT_ID + "&post_logout_redirect_uri=" + console()));
        } finally {
            Files.deleteIfExists(secretFile);
        }
        // read back what the commands made, as the doc says to
        assertTrue(Asadmin.run("get-config-property", "--source=domain", "--propertyName=payara.security.openid.providerURI")
                .contains(provider.issuer()));
        // Payara keeps alias names in lower case; MicroProfile Config finds the property under its own spelling
        assertTrue(Asadmin.run("list-password-aliases").contains("payara.security.openid.clientsecret"));
        assertTrue(Asadmin.run("list-system-properties").contains("gatehouse.sign-out-url=" + provider.issuer() + "/session/end?"));
        Asadmin.run("deploy", System.getProperty("gatehouse.ear"));
    }

    @AfterAll
    void putTheDomainBack() throws Exception {
        try {
            withoutSingleSignOn();
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /** Undeploys Gatehouse and removes the doc's configuration where present (a run that ended early leaves it behind). */
    private static void withoutSingleSignOn() throws Exception {
        Asadmin.attempt("undeploy", "gatehouse");
        for (String setting : SETTINGS) {
            Asadmin.attempt("delete-config-property", "--source=domain", "--propertyName=payara.security.openid." + setting);
        }
        Asadmin.attempt("delete-password-alias", "payara.security.openid.clientSecret");
        Asadmin.attempt("delete-system-property", "gatehouse.sign-out-url");
    }

    private String console() {
        return base + "/gatehouse-admin/";
    }

    @Test
    @Order(1)
    void adminWhenSignedInAtTheProviderThenLandsInTheConsoleUnderTheirNameAndUsersAreTheServers() throws Exception {
        try (ConsoleBrowser browser = ConsoleBrowser.open(base)) {
            firstSession = ServerSignOnChecks.adminLandsUnderTheirName(browser, base, SIGN_IN, "console-users-payara-oidc");
            ServerSignOnChecks.signOutEndsTheProvidersSessionToo(browser, provider);
        }
    }

    /**
     * A user the provider signs in whose groups map to no Gatehouse role is authenticated by the server but refused by
     * Gatehouse: the console says they have no access, the API answers {@code 403}, and the refusal is audited under
     * their name; the first test's sign-in and sign-out share their session's correlation id.
     */
    @Test
    @Order(2)
    void userWithoutAGatehouseRoleWhenSignedInThenRefused403AndAudited() throws Exception {
        ServerSignOnChecks.userWithoutARoleRefusedAndAudited(base, SIGN_IN, firstSession);
    }

    /**
     * The landing reached without an answer from the provider: the page says nobody was signed in ({@code 401}). An
     * answer the client did not start (a forged or replayed {@code code} and {@code state}, no state cookie of this
     * browser's) is refused by Payara's client before Gatehouse sees it: an empty reply (Payara's, logged only at
     * {@code FINE}), no session opened, nobody signed in.
     */
    @Test
    @Order(3)
    void landingWhenNoAnswerOrOneNotStartedHereThenNobodySignedIn() throws Exception {
        HttpResponse<String> bare = send(HttpRequest.newBuilder(URI.create(console() + "sso/signed-in")));
        assertEquals(401, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("The server signed nobody in"), bare.body());

        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(console() + "sso/signed-in?code=forged&state=forged")));
        assertEquals("", forged.body());
        assertEquals(List.of(), forged.headers().allValues("Set-Cookie"));
        assertTrue(forged.statusCode() < 300 || forged.statusCode() >= 400, forged.headers().toString());
    }

    /** A bearer token the provider never issued, at the admin API: {@code 401}, nobody signed in. */
    @Test
    @Order(4)
    void adminApiWhenBearerTokenForgedThen401() throws Exception {
        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(console() + "api/me"))
                .header("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0."));
        assertEquals(401, me.statusCode(), me.body());
    }

    /**
     * The admin API's HTTP Basic with the file realm's admin, while Payara's OpenID Connect client guards the admin
     * WAR: {@code 401} (problem+json), as on WildFly: the application's authentication is the client's, which has no
     * passwords (deploy-payara.md says so).
     */
    @Test
    @Order(5)
    void adminApiWhenBasicWithTheRealmsUserThen401() throws Exception {
        HttpResponse<String> me = basic(base, System.getProperty("gatehouse.it.admin.user"), System.getProperty("gatehouse.it.admin.password"));
        assertEquals(401, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"status\":401"), me.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
