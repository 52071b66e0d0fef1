package dev.gatehouse.admin;

import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditQuery;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.oauth.ClientRegistration;
import dev.gatehouse.core.oauth.IssuedTokens;
import dev.gatehouse.core.oauth.Pkce;
import dev.gatehouse.core.store.Authentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization endpoint and consent page in the admin WAR, driven as a browser would over real
 * HTTP: the container's FORM login first, then consent (CSRF-protected, never framed), the redirect
 * back to the client with code, state and iss, and the code exchanged for tokens bound to the user and
 * the interactive host.
 */
class AuthorizeEndpointTest {
    private static final String REDIRECT = "http://127.0.0.1:45678/callback";
    private static final String VERIFIER = "a-verifier-a-verifier-a-verifier-a-verifier-01";
    private static final Pattern HIDDEN = Pattern.compile("name=\"(pending|csrf_token)\" value=\"([^\"]*)\"");
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void authorizeWhenSignedInAndApprovedThenCodeGoesBackAndOpensTheGatewayAsTheUser() throws Exception {
        String clientId = register("Claude Code");
        Browser browser = new Browser();

        HttpResponse<String> anonymous = browser.get(authorizeUrl(clientId, "st-1"));
        assertRedirect(anonymous);
        assertTrue(location(anonymous).endsWith("/login.html"), location(anonymous));
        HttpResponse<String> login = browser.login("operator");
        assertTrue(location(login).contains("/oauth/authorize?"), location(login));
        HttpResponse<String> consent = browser.get(location(login));

        assertEquals(200, consent.statusCode());
        assertTrue(consent.body().contains("<span id=\"client-name\">Claude Code</span>"), consent.body());
        assertTrue(consent.body().contains("<span id=\"gateway-name\">Quickstart</span>"));
        assertTrue(consent.body().contains("<code id=\"redirect-host\">http://127.0.0.1:45678</code>"));
        assertTrue(consent.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertEquals("DENY", consent.headers().firstValue("X-Frame-Options").orElseThrow());
        Map<String, String> back = browser.decide(consent.body(), "approve");

        assertEquals("st-1", back.get("state"));
        assertEquals(server.origin() + "/gatehouse", back.get("iss"));
        IssuedTokens tokens = server.gatehouse().oauth().exchangeCode(clientId, back.get("code"), REDIRECT, VERIFIER, resource());
        var grant = assertInstanceOf(Authentication.Granted.class, server.gatehouse().oauth().authenticate(tokens.accessToken())).grant();
        assertEquals("operator", grant.issuedBy());
        Host host = server.gatehouse().hosts().host(grant.hostId()).orElseThrow();
        assertEquals(HostKind.INTERACTIVE, host.kind());
        assertEquals("Claude Code", host.name());
        AuditEvent consented = awaitAudit(e -> e.detail() != null && e.detail().equals("oauth.consent.granted " + clientId));
        assertEquals("operator", consented.actor());
        assertEquals(host.id(), consented.hostId());
        assertEquals("quickstart", consented.gateway());
    }

    /** The audit record matching {@code test}, once the log has written it (appended without waiting). */
    private static AuditEvent awaitAudit(java.util.function.Predicate<AuditEvent> test) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            var found = server.gatehouse().audit().query(AuditQuery.newest(AuditQuery.MAX_LIMIT)).stream().filter(test).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such audit record within 30 s");
    }

    @Test
    void authorizeWhenApprovedBeforeThenAnsweredAtOnceWithoutAskingAgain() throws Exception {
        String clientId = register("Cursor");
        Browser browser = Browser.signedIn("operator");
        browser.decide(browser.get(authorizeUrl(clientId, "first")).body(), "approve");

        HttpResponse<String> again = browser.get(authorizeUrl(clientId, "second"));

        assertRedirect(again);
        Map<String, String> back = query(location(again));
        assertEquals("second", back.get("state"));
        assertTrue(back.get("code").startsWith("ghc_"));
    }

    @Test
    void consentWhenDeniedThenAccessDeniedGoesBack() throws Exception {
        String clientId = register("Denied client");
        Browser browser = Browser.signedIn("operator");

        Map<String, String> back = browser.decide(browser.get(authorizeUrl(clientId, "st")).body(), "deny");

        assertEquals("access_denied", back.get("error"));
        assertEquals("st", back.get("state"));
        assertFalse(back.containsKey("code"));
    }

    @Test
    void consentWhenPostedWithoutTheCsrfTokenThen403AndNoCode() throws Exception {
        String clientId = register("Forged");
        Browser browser = Browser.signedIn("operator");
        String page = browser.get(authorizeUrl(clientId, "st")).body();
        Map<String, String> fields = fields(page);

        HttpResponse<String> forged = browser.post("/oauth/authorize", "pending=" + fields.get("pending") + "&decision=approve");

        assertEquals(403, forged.statusCode());
        assertFalse(forged.headers().firstValue("Location").isPresent());
    }

    @Test
    void authorizeWhenUserLacksOauthAuthorizeThenAccessDenied() throws Exception {
        String clientId = register("Auditor's client");
        Browser browser = Browser.signedIn("auditor");

        HttpResponse<String> r = browser.get(authorizeUrl(clientId, "st"));

        assertRedirect(r);
        assertEquals("access_denied", query(location(r)).get("error"));
    }

    @Test
    void authorizeWhenClientUnknownOrRedirectNotRegisteredThenErrorPageAndNoRedirect() throws Exception {
        Browser browser = Browser.signedIn("operator");
        String clientId = register("c");

        HttpResponse<String> unknown = browser.get(authorizeUrl("ghcl_nobody", "st"));
        HttpResponse<String> foreign = browser.get(authorizeUrl(clientId, "st").replace(
                URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8), URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8)));

        for (HttpResponse<String> r : List.of(unknown, foreign)) {
            assertEquals(400, r.statusCode());
            assertFalse(r.headers().firstValue("Location").isPresent());
            assertTrue(r.body().contains("id=\"authorization-error\""));
        }
    }

    @Test
    void authorizeWhenPkceMissingThenInvalidRequestGoesBack() throws Exception {
        Browser browser = Browser.signedIn("operator");
        String clientId = register("c");

        HttpResponse<String> r = browser.get(authorizeUrl(clientId, "st").replaceAll("&code_challenge=[^&]*", ""));

        assertEquals("invalid_request", query(location(r)).get("error"));
    }

    @Test
    void authorizeWhenResourceCarriesTheGatewaysPathOnAnotherOriginThenNoCodeEvenWithARememberedConsent() throws Exception {
        String clientId = register("Remembered");
        Browser browser = Browser.signedIn("operator");
        browser.decide(browser.get(authorizeUrl(clientId, "first")).body(), "approve");
        int port = URI.create(server.origin()).getPort();

        for (String foreign : List.of("https://evil.example/gatehouse/mcp/quickstart",
                "http://evil.example:" + port + "/gatehouse/mcp/quickstart",
                "http://localhost:" + (port + 1) + "/gatehouse/mcp/quickstart",
                "https://localhost:" + port + "/gatehouse/mcp/quickstart",
                server.origin() + "/gatehouse/mcp/quickstart/",
                server.origin() + "/other/gatehouse/mcp/quickstart")) {
            HttpResponse<String> r = browser.get(authorizeUrl(clientId, "st").replace(enc(resource()), enc(foreign)));

            Map<String, String> back = query(location(r));
            assertEquals("invalid_target", back.get("error"), foreign);
            assertFalse(back.containsKey("code"), foreign);
        }
    }

    @Test
    void authorizeWhenARememberedConsentDiffersInRedirectUriOrResourceThenTheConsentPageAgain() throws Exception {
        String clientId = server.gatehouse().oauth().clients().register(new ClientRegistration("Two doors",
                List.of("http://127.0.0.1/callback", "http://127.0.0.1/elsewhere"), null, null, "none")).clientId();
        Browser browser = Browser.signedIn("operator");
        browser.decide(browser.get(authorizeUrl(clientId, "first")).body(), "approve");
        String otherDoor = authorizeUrl(clientId, "st").replace(enc(REDIRECT), enc("http://127.0.0.1:45678/elsewhere"));
        String sameResourceOtherSpelling = authorizeUrl(clientId, "st").replace(enc(resource()),
                enc(resource().replace("localhost", "LOCALHOST")));
        String samePortless = authorizeUrl(clientId, "st").replace(enc(REDIRECT), enc("http://127.0.0.1:50001/callback"));

        HttpResponse<String> otherRedirect = browser.get(otherDoor);
        HttpResponse<String> otherResource = browser.get(sameResourceOtherSpelling);
        HttpResponse<String> loopbackOtherPort = browser.get(samePortless);

        for (HttpResponse<String> r : List.of(otherRedirect, otherResource)) {
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("id=\"approve\""), r.body());
            assertFalse(r.headers().firstValue("Location").isPresent());
        }
        assertTrue(otherRedirect.body().contains("/elsewhere") || otherRedirect.body().contains("127.0.0.1:45678"));
        // a loopback redirect URI is the same on any port (RFC 8252 section 7.3), as it is matched
        assertTrue(query(location(loopbackOtherPort)).get("code").startsWith("ghc_"));
        // approving the other door remembers it: asked once, then answered at once
        Map<String, String> f = fields(otherRedirect.body());
        HttpResponse<String> approved = browser.post("/oauth/authorize", "pending=" + enc(f.get("pending"))
                + "&csrf_token=" + enc(f.get("csrf_token")) + "&decision=approve");
        assertTrue(location(approved).startsWith("http://127.0.0.1:45678/elsewhere?code="), location(approved));
        assertTrue(query(location(browser.get(otherDoor))).get("code").startsWith("ghc_"));
    }

    @Test
    void authorizeWhenAnErrorWouldGoToAnUntrustedHttpsRedirectThenAnErrorPageNeverARedirect() throws Exception {
        String evil = "https://evil.example/landing";
        String clientId = server.gatehouse().oauth().clients().register(new ClientRegistration("Phisher",
                List.of(evil), null, null, "none")).clientId();
        Browser browser = Browser.signedIn("operator");
        String base = authorizeUrl(clientId, "st").replace(enc(REDIRECT), enc(evil));

        List<HttpResponse<String>> refused = List.of(
                browser.get(base.replaceAll("&code_challenge=[^&]*", "")),
                browser.get(base.replace("response_type=code", "response_type=token")),
                browser.get(base.replace("scope=mcp", "scope=openid")),
                browser.get(base.replace(enc(resource()), enc("https://evil.example/gatehouse/mcp/quickstart"))),
                Browser.signedIn("auditor").get(base)); // lacks oauth:authorize

        for (HttpResponse<String> r : refused) {
            assertEquals(400, r.statusCode());
            assertFalse(r.headers().firstValue("Location").isPresent(), () -> r.headers().firstValue("Location").get());
            assertTrue(r.body().contains("id=\"authorization-error\""), r.body());
        }
    }

    @Test
    void authorizeWhenTheUserApprovedThisHttpsRedirectBeforeThenErrorsGoBackToIt() throws Exception {
        String app = "https://app.example/callback";
        String clientId = server.gatehouse().oauth().clients().register(new ClientRegistration("Web app",
                List.of(app), null, null, "none")).clientId();
        Browser browser = Browser.signedIn("operator");
        String base = authorizeUrl(clientId, "st").replace(enc(REDIRECT), enc(app));
        Map<String, String> f = fields(browser.get(base).body());
        HttpResponse<String> approved = browser.post("/oauth/authorize", "pending=" + enc(f.get("pending"))
                + "&csrf_token=" + enc(f.get("csrf_token")) + "&decision=approve");
        assertTrue(location(approved).startsWith(app + "?code="), location(approved));

        HttpResponse<String> r = browser.get(base.replaceAll("&code_challenge=[^&]*", ""));

        assertTrue(location(r).startsWith(app + "?"), location(r));
        assertEquals("invalid_request", query(location(r)).get("error"));
    }

    @Test
    void authorizeWhenTheClientIdMetadataUrlIsAnAddressCarryingAPrivateIpv4ThenAnErrorPageAndNothingFetched() throws Exception {
        Browser browser = Browser.signedIn("operator");

        for (String clientId : List.of("https://[64:ff9b::7f00:1]/client.json", "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",
                "https://[::127.0.0.1]/client.json", "https://[::ffff:7f00:1]/client.json", "https://[2002:a00:1::]/client.json",
                "https://198.18.0.1/client.json", "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/client.json",
                "https://localhost/client.json")) {
            HttpResponse<String> r = browser.get(authorizeUrl(clientId, "st"));

            assertEquals(400, r.statusCode(), clientId);
            assertFalse(r.headers().firstValue("Location").isPresent(), clientId);
            assertTrue(r.body().contains("non-public address"), clientId + ": " + r.body());
        }
    }

    @Test
    void consentPageWhenClientNameHasMarkupThenEscaped() throws Exception {
        Browser browser = Browser.signedIn("operator");
        String clientId = register("<script>alert(1)</script>");

        String page = browser.get(authorizeUrl(clientId, "st")).body();

        assertFalse(page.contains("<script>alert(1)"));
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    // ---- helpers

    private static String resource() {
        return server.origin() + "/gatehouse/mcp/quickstart";
    }

    private static String register(String name) {
        return server.gatehouse().oauth().clients().register(new ClientRegistration(name, List.of("http://127.0.0.1/callback"),
                null, null, "none")).clientId();
    }

    private static String authorizeUrl(String clientId, String state) {
        return "/oauth/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT)
                + "&state=" + enc(state) + "&code_challenge=" + Pkce.challengeOf(VERIFIER) + "&code_challenge_method=S256"
                + "&resource=" + enc(resource()) + "&scope=mcp";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A redirect, as Jetty answers it: 302, or 303 after a POST. */
    private static void assertRedirect(HttpResponse<?> r) {
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, "not a redirect: " + r.statusCode());
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
    }

    private static Map<String, String> fields(String page) {
        Map<String, String> found = new HashMap<>();
        Matcher m = HIDDEN.matcher(page);
        while (m.find()) {
            found.put(m.group(1), m.group(2));
        }
        return found;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** Keeps cookies and does not follow redirects, so each step of the browser's way is visible. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        static Browser signedIn(String user) throws Exception {
            Browser b = new Browser();
            assertRedirect(b.get("/"));
            b.login(user);
            return b;
        }

        HttpResponse<String> login(String user) throws Exception {
            HttpResponse<String> r = post("/j_security_check", "j_username=" + user + "&j_password=" + user + "-pw");
            assertRedirect(r);
            return r;
        }

        /** Submits the consent form as the user's click would; the client's redirect URI and its parameters. */
        Map<String, String> decide(String page, String decision) throws Exception {
            Map<String, String> f = fields(page);
            HttpResponse<String> r = post("/oauth/authorize", "pending=" + enc(f.get("pending")) + "&csrf_token="
                    + enc(f.get("csrf_token")) + "&decision=" + decision);
            assertRedirect(r);
            assertTrue(location(r).startsWith(REDIRECT + "?"), location(r));
            return query(location(r));
        }

        HttpResponse<String> get(String pathOrUrl) throws Exception {
            String url = pathOrUrl.startsWith("http") ? pathOrUrl
                    : pathOrUrl.startsWith(AdminServer.CONTEXT + "/") ? server.origin() + pathOrUrl : server.base() + pathOrUrl;
            return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", server.origin())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
