package dev.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.AuditQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's single sign-on over HTTP against the launcher in process and a provider whose tokens the test writes
 * (security catalogue rows 477-484): the flow signs a user in with the roles their groups map to, creating them at
 * the first sign-in; a forged or replayed state, a flow begun in another browser, a token for another audience,
 * expired, unsigned, signed with a symmetric key or by a stranger, or carrying another sign-in's nonce, a user whose
 * groups map to nothing, a provider account named like a local user, a token without a subject and another provider
 * account under a name already bound to an account (catalogue 640-642) are each refused with a page saying why and
 * an audit record, and sign nobody in; a renamed provider account signs on as the user it is bound to. A signed-on
 * session's sign-in and sign-out are one {@code success} record each (catalogue 613).
 */
@Timeout(240)
class SingleSignOnTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "single-sign-on-Pa55";

    @TempDir
    static Path data;
    private static ScriptedOpenIdProvider idp;
    private static Main.Running running;
    private static String base;
    private HttpClient browser;

    @BeforeAll
    static void start() throws Exception {
        idp = new ScriptedOpenIdProvider();
        System.setProperty("gatehouse.oidc-issuer", idp.issuer());
        System.setProperty("gatehouse.oidc-client-id", ScriptedOpenIdProvider.CLIENT_ID);
        System.setProperty("gatehouse.oidc-group-roles", "gatehouse-admins=gatehouse-admin;auditors=gatehouse-auditor");
        System.setProperty("gatehouse.sign-in-address-failures", "1000");
        running = InProcessLauncher.start(data, ADMIN_PASSWORD);
        base = "http://127.0.0.1:" + running.port() + EmbeddedServer.ADMIN_CONTEXT;
    }

    @AfterAll
    static void stop() {
        for (String p : List.of("oidc-issuer", "oidc-client-id", "oidc-group-roles", "sign-in-address-failures")) {
            System.clearProperty("gatehouse." + p);
        }
        if (running != null) {
            running.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        idp.user = "olivia";
        idp.groups = List.of("gatehouse-admins");
        idp.claims = b -> b;
        idp.token = null;
        idp.signWithStranger = false;
    }

    @Test
    void signInWhenTheProviderVouchesThenTheUserIsCreatedWithTheRolesOfTheirGroupsAndSignedIn() throws Exception {
        assertEquals("{\"enabled\":true,\"label\":\"Sign in with single sign-on\",\"accounts\":\"gatehouse\"}",
                get("/sso/config").body());
        idp.user = "pat";
        idp.groups = List.of("auditors", "unmapped");
        HttpResponse<String> done = callback(authorize(beginSignIn()));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("url=../"), done.body());

        JsonNode me = JSON.readTree(get("/api/me").body());
        assertEquals("pat", me.get("user").asText());
        assertEquals("[\"logs:read\",\"logs:export\"]", me.get("capabilities").toString());
        JsonNode pat = JSON.readTree(admin("/users/pat").body());
        assertEquals("sso", pat.get("source").asText());
        assertEquals("[\"gatehouse-auditor\"]", pat.get("roles").toString());
        assertEquals("pat@example.com", pat.get("email").asText());
        assertTrue(pat.hasNonNull("lastSignInAt"));

        idp.groups = List.of("gatehouse-admins"); // groups are the provider's: the next sign-in brings the new roles
        freshBrowser();
        idp.user = "pat";
        idp.groups = List.of("gatehouse-admins");
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        assertTrue(JSON.readTree(get("/api/me").body()).get("capabilities").toString().contains("users:manage"));
    }

    @Test
    void signOutWhenSignedOnThenTheSessionEndsAndTheBrowserGoesToTheProvidersSignOut() throws Exception {
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        String csrf = JSON.readTree(get("/console/session").body()).get("csrfToken").asText();
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                .header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:" + running.port())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, out.statusCode(), out.body());
        String url = JSON.readTree(out.body()).get("signOutUrl").asText();
        assertTrue(url.startsWith(idp.issuer() + "/logout?id_token_hint=ey"), url);
        assertTrue(url.endsWith("&client_id=gatehouse-console&post_logout_redirect_uri="
                + java.net.URLEncoder.encode(base + "/", StandardCharsets.UTF_8)), url);
        assertEquals(401, get("/api/me").statusCode(), "the Gatehouse session ended");
    }

    @Test
    void auditWhenSignedOnAndOutThenOneRecordEachSharingTheSessionsCorrelationId() throws Exception {
        idp.user = "sam";
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/api/me").statusCode());
        }
        String csrf = JSON.readTree(get("/console/session").body()).get("csrfToken").asText();
        assertEquals(200, browser.send(HttpRequest.newBuilder(URI.create(base + "/console/session"))
                .header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:" + running.port())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        long deadline = System.nanoTime() + 10_000_000_000L;
        List<JsonNode> sam;
        do {
            // the sign-out is written after everything the session did before it: once it is in, so are they
            sam = new java.util.ArrayList<>();
            for (JsonNode n : JSON.readTree(admin("/logs?kind=sign_in&outcome=success&limit=500").body())) {
                if ("sam".equals(n.path("actor").asText())) {
                    sam.add(n);
                }
            }
            assertTrue(System.nanoTime() < deadline, "no sign-out record of sam: " + sam);
            Thread.sleep(20);
        } while (sam.isEmpty() || !sam.get(0).path("method").asText().startsWith("sign-out/"));
        assertEquals(2, sam.size(), sam.toString());
        assertEquals("sign-out/sso", sam.get(0).get("method").asText());
        assertEquals("sign-in/sso", sam.get(1).get("method").asText());
        assertEquals("signed in", sam.get(1).get("detail").asText());
        assertEquals("127.0.0.1", sam.get(1).get("clientAddress").asText());
        assertEquals(sam.get(1).get("correlationId").asText(), sam.get(0).get("correlationId").asText());
    }

    @Test
    void callbackWhenTheStateIsForgedOrTheFlowBeganInAnotherBrowserThenRefused() throws Exception {
        String back = authorize(beginSignIn());
        HttpResponse<String> forged = callback(back.replaceAll("state=[^&]+", "state=forged"));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("state or browser binding"), forged.body());

        String theirs = authorize(beginSignIn()); // an attacker's own flow, its callback URL slipped to a victim
        freshBrowser();
        assertEquals(400, callback(theirs).statusCode(), "the victim's browser lacks the flow's binding cookie");
        assertEquals(401, get("/api/me").statusCode());
        awaitSignInRecord("state or browser binding");
    }

    @Test
    void callbackWhenReplayedThenRefusedAndTheCodeIsNotExchangedTwice() throws Exception {
        String back = authorize(beginSignIn());
        assertEquals(200, callback(back).statusCode());
        HttpResponse<String> again = callback(back);
        assertEquals(400, again.statusCode(), "the state was used up");
    }

    @Test
    void idTokenWhenForAnotherAudienceThenRefused() throws Exception {
        idp.claims = b -> b.audience("another-client");
        assertRefused(401, "not for this client");
        idp.claims = b -> b.audience(List.of(ScriptedOpenIdProvider.CLIENT_ID, "another-client")).claim("azp", "another-client");
        assertRefused(401, "azp");
    }

    @Test
    void idTokenWhenExpiredOrIssuedInTheFutureThenRefused() throws Exception {
        idp.claims = b -> b.expirationTime(new Date(System.currentTimeMillis() - 120_000));
        assertRefused(401, "expired");
        idp.claims = b -> b.issueTime(new Date(System.currentTimeMillis() + 600_000));
        assertRefused(401, "future");
        idp.claims = b -> b.issuer("https://idp.example.com");
        assertRefused(401, "issuer");
    }

    @Test
    void idTokenWhenUnsignedSignedWithASharedSecretOrByAStrangerThenRefused() throws Exception {
        JWTClaimsSet claims = idp.standardClaims("any").build();
        idp.token = new PlainJWT(new PlainHeader(), claims).serialize(); // alg: none
        assertRefused(401, "not a signed JWT");
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hs.sign(new MACSigner(Base64.getEncoder().encodeToString(new byte[32]).repeat(2)));
        idp.token = hs.serialize();
        assertRefused(401, "HS256");
        idp.token = null;
        idp.signWithStranger = true;
        assertRefused(401, "signature");
    }

    @Test
    void idTokenWhenItCarriesAnotherSignInsNonceThenRefused() throws Exception {
        idp.claims = b -> b.claim("nonce", "a-nonce-of-another-sign-in");
        assertRefused(401, "nonce");
    }

    @Test
    void signInWhenNoGroupMapsOrTheNameIsALocalUserOrDisabledThenRefused() throws Exception {
        idp.groups = List.of("everyone");
        assertRefused(403, "maps to a Gatehouse role");
        idp.groups = List.of("gatehouse-admins");
        idp.user = "admin"; // the properties file's account: a provider account must not become it
        assertRefused(403, "admin-users.properties");
        HttpResponse<String> local = adminPost("/users",
                "{\"name\":\"quinn\",\"roles\":[\"gatehouse-auditor\"],\"password\":\"nniuq-passphrase-1\"}");
        assertEquals(201, local.statusCode(), local.body());
        idp.user = "quinn";
        assertRefused(403, "local user");
        idp.user = "rosa";
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        assertEquals(200, adminPost("/users/rosa/disable", null).statusCode());
        freshBrowser();
        idp.user = "rosa";
        assertRefused(403, "disabled");
    }

    /** Names are the same ignoring case: the provider's ALICE is alice, its ADMIN is the file's admin (catalogue 635). */
    @Test
    void signInWhenTheProviderSpellsANameInAnotherCaseThenTheSameUserNeverALookAlike() throws Exception {
        idp.groups = List.of("auditors");
        idp.user = "sasha";
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        freshBrowser();
        idp.user = "SASHA";
        idp.claims = c -> c.subject("sub-sasha"); // the same account at the provider, its name spelt otherwise
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        assertEquals("sasha", JSON.readTree(get("/api/me").body()).get("user").asText());
        long sashas = 0;
        for (JsonNode u : JSON.readTree(admin("/users").body()).get("users")) {
            sashas += u.get("name").asText().equalsIgnoreCase("sasha") ? 1 : 0;
        }
        assertEquals(1, sashas, "one user, no look-alike");
        freshBrowser();
        idp.user = "ADMIN";
        idp.groups = List.of("gatehouse-admins");
        assertRefused(403, "admin-users.properties");
    }

    @Test
    void signInWhenTheProviderRenamedTheAccountThenItSignsOnAsTheUserItsSubjectIsBoundTo() throws Exception {
        idp.user = "rita";
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        freshBrowser();
        idp.user = "rita";
        idp.claims = b -> b.claim("preferred_username", "rita.married"); // same account (sub-rita), a new name
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        assertEquals("rita", JSON.readTree(get("/api/me").body()).get("user").asText());
        assertEquals(404, admin("/users/rita.married").statusCode(), "no second user for the renamed account");
    }

    @Test
    void signInWhenAnotherAccountAtTheProviderTakesABoundNameThenRefusedUntilAnAdminRemovesTheUser() throws Exception {
        idp.user = "vera";
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        freshBrowser();
        idp.user = "vera";
        idp.claims = b -> b.subject("sub-the-newcomer-called-vera"); // the name given to someone else at the provider
        assertRefused(403, "belongs to another account at the identity provider");
        idp.claims = b -> b;
        assertEquals(200, callback(authorize(beginSignIn())).statusCode(), "vera's own account still signs on");

        HttpResponse<String> removed = adminSend(HttpRequest.newBuilder(URI.create(base + "/api/users/vera")).DELETE());
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(true, JSON.readTree(removed.body()).get("deleted").asBoolean());
        assertEquals(401, get("/api/me").statusCode(), "the removed user's session ended");
        assertEquals(404, admin("/users/vera").statusCode());
        freshBrowser();
        idp.user = "vera";
        idp.claims = b -> b.subject("sub-the-newcomer-called-vera");
        assertEquals(200, callback(authorize(beginSignIn())).statusCode(), "the name is free for the newcomer now");
        assertEquals("vera", JSON.readTree(get("/api/me").body()).get("user").asText());
        idp.claims = b -> b;
        freshBrowser();
        idp.user = "vera";
        assertRefused(403, "belongs to another account at the identity provider"); // and the old account is the stranger
    }

    @Test
    void idTokenWhenWithoutSubjectThenRefused() throws Exception {
        idp.claims = b -> b.subject(null);
        assertRefused(401, "no 'sub' claim");
    }

    private void assertRefused(int status, String why) throws Exception {
        HttpResponse<String> reply = callback(authorize(beginSignIn()));
        assertEquals(status, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains(why), () -> why + " in " + reply.body());
        assertEquals(401, get("/api/me").statusCode(), "nobody signed in");
        awaitSignInRecord(why);
    }

    private String beginSignIn() throws Exception {
        HttpResponse<String> r = get("/sso/start");
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(idp.issuer() + "/authorize?response_type=code&client_id=gatehouse-console"), location);
        assertTrue(location.contains("&code_challenge_method=S256"), location);
        return location;
    }

    private String authorize(String location) throws Exception {
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode());
        return r.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> callback(String location) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A single sign-on user's password and profile are the provider's (catalogue 662). */
    @Test
    void ownPasswordAndEditWhenTheUserSignsOnThenBothAreTheProvidersAndRefused() throws Exception {
        idp.user = "uma";
        idp.groups = List.of("auditors");
        assertEquals(200, callback(authorize(beginSignIn())).statusCode());
        String csrf = JSON.readTree(get("/console/session").body()).get("csrfToken").asText();
        HttpResponse<String> change = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/me/password"))
                .header("X-CSRF-Token", csrf).header("Origin", "http://127.0.0.1:" + running.port())
                .header("X-Gatehouse-Console", "1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"currentPassword\":\"anything-at-all\","
                        + "\"newPassword\":\"a-brand-new-passphrase\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(409, change.statusCode(), change.body());
        assertTrue(change.body().contains("your identity provider keeps your password"), change.body());
        assertEquals(200, get("/api/me").statusCode(), "still signed in");

        HttpResponse<String> edit = adminSend(HttpRequest.newBuilder(URI.create(base + "/api/users/uma"))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"email\":\"someone-else@example.com\"}")));
        assertEquals(409, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("come from the identity provider"), edit.body());
        assertEquals("uma@example.com", JSON.readTree(admin("/users/uma").body()).get("email").asText());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Gatehouse-Console", "1").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String path) throws Exception {
        return adminSend(HttpRequest.newBuilder(URI.create(base + "/api" + path)).GET());
    }

    private static HttpResponse<String> adminPost(String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api" + path));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return adminSend(b);
    }

    private static HttpResponse<String> adminSend(HttpRequest.Builder b) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(b.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (bounded) for the audit record of a refused single sign-on naming {@code why}. */
    private static void awaitSignInRecord(String why) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<AuditEvent> records;
        do {
            records = running.gatehouse().audit().query(AuditQuery.newest(500)).stream()
                    .filter(r -> r.kind() == AuditKind.SIGN_IN).toList();
            if (records.stream().anyMatch(e -> String.valueOf(e.detail()).contains(why))) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no sign_in record naming '" + why + "' in " + records);
    }
}
