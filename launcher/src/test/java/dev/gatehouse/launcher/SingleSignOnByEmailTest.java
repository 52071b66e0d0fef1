package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single sign-on naming users by their e-mail address ({@code oidc-user-claim=email}): an address the provider has
 * not verified names nobody, since anyone can type any address into an account at many providers (catalogue 643).
 */
@Timeout(120)
class SingleSignOnByEmailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    private static ScriptedOpenIdProvider idp;
    private static Main.Running running;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        idp = new ScriptedOpenIdProvider();
        System.setProperty("gatehouse.oidc-issuer", idp.issuer());
        System.setProperty("gatehouse.oidc-client-id", ScriptedOpenIdProvider.CLIENT_ID);
        System.setProperty("gatehouse.oidc-group-roles", "gatehouse-admins=gatehouse-admin");
        System.setProperty("gatehouse.oidc-user-claim", "email");
        running = InProcessLauncher.start(data, "single-sign-on-by-email-Pa55");
        base = "http://127.0.0.1:" + running.port() + EmbeddedServer.ADMIN_CONTEXT;
        idp.groups = List.of("gatehouse-admins");
    }

    @AfterAll
    static void stop() {
        for (String p : List.of("oidc-issuer", "oidc-client-id", "oidc-group-roles", "oidc-user-claim")) {
            System.clearProperty("gatehouse." + p);
        }
        if (running != null) {
            running.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void signInWhenTheEmailIsNotVerifiedThenRefusedAndWhenVerifiedThenTheAddressNamesTheUser() throws Exception {
        idp.user = "uma";
        idp.claims = b -> b; // no email_verified claim at all
        HttpResponse<String> unverified = signIn(browser());
        assertEquals(403, unverified.statusCode(), unverified.body());
        assertTrue(unverified.body().contains("has not verified this e-mail address"), unverified.body());
        idp.claims = b -> b.claim("email_verified", "true"); // a string is not the boolean the claim must be
        assertEquals(403, signIn(browser()).statusCode());

        idp.claims = b -> b.claim("email_verified", true);
        HttpClient browser = browser();
        assertEquals(200, signIn(browser).statusCode());
        assertEquals("uma@example.com", JSON.readTree(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("X-Gatehouse-Console", "1").build(), HttpResponse.BodyHandlers.ofString()).body()).get("user").asText());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The whole flow in {@code browser}: start, the provider's redirect back, the callback's answer. */
    private static HttpResponse<String> signIn(HttpClient browser) throws Exception {
        String location = browser.send(HttpRequest.newBuilder(URI.create(base + "/sso/start")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        String back = browser.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("Location").orElseThrow();
        return browser.send(HttpRequest.newBuilder(URI.create(back)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
