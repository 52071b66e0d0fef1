package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static dev.gatehouse.admin.ApiAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ways in, one realm: FORM login and a session for the console, HTTP Basic for the API, which never
 * redirects. Console changes need the session's CSRF token and a same-origin request; every reply
 * carries the browser hardening headers.
 */
class ConsoleAccessTest {
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none';"
            + " base-uri 'none'";
    private static final String HOST = "{\"name\":\"Console bot\",\"kind\":\"TOKEN\"}";
    private static final String FAR_FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void consoleWhenAnonymousThenRedirectedToTheLoginPage() {
        HttpResponse<String> response = server.get(null, "/");

        assertEquals(302, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith(AdminServer.CONTEXT + "/login.html"));
    }

    @Test
    void loginPageAndAssetsWhenAnonymousThenServedWithHardeningHeaders() {
        HttpResponse<String> page = server.get(null, "/login.html");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("action=\"j_security_check\""));
        assertHardened(page);
        assertEquals(200, server.get(null, "/assets/login.js").statusCode());
    }

    @Test
    void apiWhenAnonymousThenUnauthorizedWithBasicChallengeNeverARedirect() {
        for (String path : List.of("/api/hosts", "/api/me", "/api/logs/export?format=csv")) {
            HttpResponse<String> response = server.get(null, path);

            assertProblem(401, "authentication is required", response);
            assertEquals("Basic realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertHardened(response);
        }
    }

    @Test
    void apiWhenConsoleSessionExpiredThenUnauthorizedWithAChallengeBrowsersDoNotPromptFor() {
        HttpResponse<String> response = server.send(server.request(null, "/api/me").header("X-Gatehouse-Console", "1"));

        assertProblem(401, "authentication is required", response);
        assertEquals("Form realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void apiWhenBasicThenServedWithoutLeavingASession() {
        HttpResponse<String> response = server.get("operator", "/api/me");

        assertJson(200, response);
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), response.headers()::toString);
        assertHardened(response);
    }

    @Test
    void apiWhenBasicPasswordWrongOrMalformedThenUnauthorized() {
        for (String authorization : List.of(AdminServer.basic("admin", "nope"), "Basic !!!", "Basic Zm9v")) {
            HttpResponse<String> response = server.send(server.request(null, "/api/me")
                    .header("Authorization", authorization));

            assertProblem(401, "authentication is required", response);
            assertEquals("Basic realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
    }

    @Test
    void formLoginWhenPasswordRightThenSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> login = browser.login("operator", "operator-pw");

        assertRedirect(login);
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP here; Jetty adds Secure on HTTPS: " + cookie);
        HttpResponse<String> console = browser.get("/");
        assertEquals(200, console.statusCode());
        assertHardened(console);
        assertEquals("operator", json(browser.get("/console/session")).get("user").asText());
    }

    @Test
    void entryDocumentsWhenRevalidatedThenSentWholeNeverStoredAndWithoutValidators() throws Exception {
        HttpResponse<String> signIn = server.send(server.request(null, "/login.html")
                .header("If-Modified-Since", FAR_FUTURE));
        Browser browser = Browser.loggedIn("operator");
        HttpResponse<String> console = browser.send(browser.request("/").header("If-Modified-Since", FAR_FUTURE));
        HttpResponse<String> index = browser.send(browser.request("/index.html").header("If-Modified-Since", FAR_FUTURE));

        for (HttpResponse<String> document : List.of(signIn, console, index)) {
            assertEquals(200, document.statusCode(), document.uri() + " answered " + document.statusCode());
            assertEquals("no-store", document.headers().firstValue("Cache-Control").orElse(null), document.uri()::toString);
            assertTrue(document.headers().firstValue("ETag").isEmpty(), document.headers()::toString);
            assertTrue(document.headers().firstValue("Last-Modified").isEmpty(), document.headers()::toString);
        }
        assertTrue(console.body().contains("<title>Gatehouse admin</title>"), console.body());
    }

    @Test
    void assetsWhenRevalidatedThenNotModified() {
        HttpResponse<String> script = server.get(null, "/assets/login.js");
        String lastModified = script.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> again = server.send(server.request(null, "/assets/login.js")
                .header("If-Modified-Since", lastModified));

        assertEquals("no-cache", script.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(304, again.statusCode());
    }

    @Test
    void formLoginWhenSessionExistedBeforeThenTheSignedInSessionHasANewId() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> first = browser.get("/");
        String before = sessionId(first).orElseThrow(() -> new AssertionError("no session before login: " + first.headers()));

        HttpResponse<String> login = browser.login("operator", "operator-pw");
        HttpResponse<String> console = browser.get("/");

        String after = sessionId(login).or(() -> sessionId(console)).orElseThrow(
                () -> new AssertionError("the session id was not changed at login: " + login.headers() + console.headers()));
        assertFalse(before.equals(after), "session fixation: the signed-in session kept id " + before);
        assertEquals(200, console.statusCode());
        assertEquals("operator", json(browser.get("/console/session")).get("user").asText());
    }

    @Test
    void formLoginWhenPasswordWrongThenBackToTheLoginPageWithError() throws Exception {
        HttpResponse<String> login = new Browser().login("operator", "wrong");

        assertRedirect(login);
        assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/login.html?error"));
    }

    @Test
    void consoleChangeWhenCsrfTokenPresentThenDone() throws Exception {
        Browser browser = Browser.loggedIn("operator");

        HttpResponse<String> created = browser.post("/api/hosts", HOST, browser.csrfToken(), server.origin());

        assertEquals("operator", assertJson(201, created).get("createdBy").asText());
        assertEquals(200, browser.get("/api/hosts").statusCode(), "reads need no token");
    }

    @Test
    void consoleChangeWhenCsrfTokenMissingOrWrongThenForbiddenAndNothingChanged() throws Exception {
        Browser browser = Browser.loggedIn("operator");
        browser.csrfToken();
        AdminServer.State before = server.state();

        assertProblem(403, "the request lacks this session's CSRF token (X-CSRF-Token)",
                browser.post("/api/hosts", HOST, null, server.origin()));
        assertProblem(403, "the request lacks this session's CSRF token (X-CSRF-Token)",
                browser.post("/api/hosts", HOST, "forged-token", server.origin()));
        assertEquals(before, server.state());
    }

    @Test
    void forgedCrossSitePostWhenVictimHasASessionThenRefusedAndNothingChanged() throws Exception {
        Browser victim = Browser.loggedIn("admin");
        String token = victim.csrfToken();
        AdminServer.State before = server.state();

        // what a page on another site can make the victim's browser send: the cookie, its own Origin, no token
        HttpResponse<String> forged = victim.send(victim.request("/api/hosts")
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(HOST)));
        // even a stolen token is refused from a foreign origin
        HttpResponse<String> withToken = victim.post("/api/hosts", HOST, token, "https://evil.example");

        assertProblem(403, "cross-site requests are refused", forged);
        assertProblem(403, "cross-site requests are refused", withToken);
        assertEquals(before, server.state());
    }

    @Test
    void crossSitePostWhenBrowserReplaysBasicCredentialsThenRefused() {
        AdminServer.State before = server.state();

        HttpResponse<String> response = server.send(server.request("admin", "/api/hosts")
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(HOST)));

        assertProblem(403, "cross-site requests are refused", response);
        assertEquals(before, server.state());
    }

    @Test
    void logoutWhenTokenPresentThenSessionEndsAndApiRefusesIt() throws Exception {
        Browser browser = Browser.loggedIn("auditor");
        String token = browser.csrfToken();
        assertEquals(403, browser.send(browser.request("/console/session").header("Origin", server.origin())
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode(), "logout needs the token too");

        HttpResponse<String> logout = browser.send(browser.request("/console/session").header("X-CSRF-Token", token)
                .header("Origin", server.origin()).POST(HttpRequest.BodyPublishers.noBody()));

        assertEquals(204, logout.statusCode());
        assertEquals(401, browser.get("/api/me").statusCode());
        assertEquals(302, browser.get("/").statusCode());
    }

    private static java.util.Optional<String> sessionId(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length()).split(";", 2)[0]).findFirst();
    }

    /** 302, or 303 as Jetty answers a POST over HTTP/1.1 (RFC 9110 section 15.4.4). */
    private static void assertRedirect(HttpResponse<String> response) {
        assertTrue(response.statusCode() == 302 || response.statusCode() == 303, () -> response.statusCode() + " "
                + response.body());
    }

    private static void assertHardened(HttpResponse<String> response) {
        assertEquals(CSP, response.headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null));
    }

    /** A client that keeps cookies and does not follow redirects, as a browser's first request would see them. */
    private static final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        static Browser loggedIn(String user) throws Exception {
            Browser browser = new Browser();
            assertRedirect(browser.login(user, user + "-pw"));
            return browser;
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            assertEquals(302, get("/").statusCode()); // the container remembers where we were going
            String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8);
            return send(request("/j_security_check").header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", server.origin()).POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        String csrfToken() throws Exception {
            JsonNode session = json(get("/console/session"));
            return session.get("csrfToken").asText();
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET());
        }

        HttpResponse<String> post(String path, String json, String csrfToken, String origin) throws Exception {
            HttpRequest.Builder b = request(path).header("Content-Type", "application/json").header("Origin", origin)
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (csrfToken != null) {
                b.header("X-CSRF-Token", csrfToken);
            }
            return send(b);
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(server.base() + path));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
