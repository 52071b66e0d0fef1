package dev.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation reaches upstream (issue 17 item 6, RFC 7009), against an authorization server nobody here wrote:
 * {@code oidc-provider} ({@link OidcUpstream}). A user signs in to the protected server through Gatehouse (its
 * OAuth client: OpenID discovery, dynamic registration, PKCE, resource indicator; the browser's part through
 * oidc-provider's own login and consent pages), so the authorization server has issued Gatehouse an access
 * token and a refresh token, both accepted there. When the identity is deleted by its owner, or with every
 * identity of its owner by break-glass, Gatehouse revokes both at the authorization server's revocation
 * endpoint: the authorization server's introspection calls them inactive, the resource refuses the access
 * token (401) and the token endpoint refuses the refresh token ({@code invalid_grant}).
 */
@Timeout(180)
class UpstreamRevocationTest {
    private static final Map<String, String> PASSWORDS = Map.of("carol", "carol-Pa55word-rev", "dave", "dave-Pa55word-rev-2");
    /** Gatehouse revokes in the background, after the deletion answered: this long at most. */
    private static final Duration REVOKED_WITHIN = Duration.ofSeconds(15);
    @TempDir
    static Path data;
    static LauncherProcess launcher;
    static OidcUpstream upstream;
    static AdminApi admin;

    @BeforeAll
    static void start() throws Exception {
        Path harness = Path.of(System.getProperty("gatehouse.node.harness", "node")).toAbsolutePath();
        upstream = OidcUpstream.start(harness);
        launcher = UpstreamIdentityLaunch.start(data.resolve("gatehouse"), PASSWORDS, List.of("--no-demo"));
        admin = new AdminApi(launcher.baseUrl(), "admin", LauncherProcess.ADMIN_PASSWORD);
        admin.expect(201, "POST", "/servers", AdminApi.JSON.writeValueAsString(Map.of(
                "name", "OIDC protected", "slug", "oidc", "url", upstream.resourceUrl())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void deleteWhenTheOwnerDeletesTheirOAuthIdentityThenBothTokensAreRevokedAtTheAuthorizationServer() throws Exception {
        Browser carol = new Browser("carol");
        List<OidcUpstream.Issued> tokens = carol.signInAndTokens();
        HttpResponse<String> deleted = carol.api("DELETE", "/identities/" + carol.identityId(), null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertRefusedUpstream(tokens);
    }

    @Test
    void breakGlassWhenAUsersTokensAreRevokedThenTheirOAuthIdentitysTokensAreRevokedUpstreamToo() throws Exception {
        Browser dave = new Browser("dave");
        List<OidcUpstream.Issued> tokens = dave.signInAndTokens();
        JsonNode revoked = admin.expect(200, "POST", "/break-glass/revoke-user-tokens", "{\"user\":\"dave\"}");
        assertEquals(1, revoked.get("identitiesDeleted").asInt(), revoked.toString());
        assertRefusedUpstream(tokens);
    }

    /** The access and refresh token of one sign-in: inactive at the authorization server, refused by the resource. */
    private static void assertRefusedUpstream(List<OidcUpstream.Issued> tokens) throws Exception {
        OidcUpstream.Issued access = of(tokens, "access_token");
        OidcUpstream.Issued refresh = of(tokens, "refresh_token");
        long deadline = System.nanoTime() + REVOKED_WITHIN.toNanos();
        while ((upstream.active(access.value()) || upstream.active(refresh.value())) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(upstream.active(refresh.value()), "the refresh token was revoked at the authorization server");
        assertFalse(upstream.active(access.value()), "the access token was revoked at the authorization server");
        assertEquals(401, upstream.resourceStatus(access.value()), "the resource refuses the access token");
        HttpResponse<String> refreshed = upstream.refresh(refresh.value(), refresh.client());
        assertEquals(400, refreshed.statusCode(), refreshed.body());
        assertEquals("invalid_grant", AdminApi.JSON.readTree(refreshed.body()).path("error").asText(), refreshed.body());
    }

    private static OidcUpstream.Issued of(List<OidcUpstream.Issued> tokens, String kind) {
        return tokens.stream().filter(t -> t.kind().equals(kind)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + kind + " issued: " + tokens + " " + upstream.output()));
    }

    /**
     * A user's browser: Basic credentials for Gatehouse's admin API, a cookie jar for both sites, redirects
     * followed by hand through oidc-provider's login and consent forms to Gatehouse's callback.
     */
    private static final class Browser {
        private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        final String user;
        final String authorization;

        Browser(String user) {
            this.user = user;
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORDS.get(user))
                    .getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> api(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(launcher.baseUrl() + "/gatehouse-admin/api" + path))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(60));
            b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        String identityId() throws Exception {
            JsonNode mine = AdminApi.JSON.readTree(api("GET", "/identities", null).body());
            assertEquals(1, mine.size(), mine.toString());
            assertEquals("oauth", mine.get(0).get("kind").asText(), mine.toString());
            return mine.get(0).get("id").asText();
        }

        /** Signs in to the server through Gatehouse; the tokens the authorization server issued for it. */
        List<OidcUpstream.Issued> signInAndTokens() throws Exception {
            int before = upstream.issued().size();
            HttpResponse<String> started = api("POST", "/identities/authorize", "{\"server\":\"oidc\"}");
            assertEquals(200, started.statusCode(), started.body());
            String url = AdminApi.JSON.readTree(started.body()).get("authorizationUrl").asText();
            assertTrue(url.startsWith(upstream.issuer() + "/auth?") && url.contains("code_challenge_method=S256")
                    && url.contains("resource="), url);
            HttpResponse<String> done = follow(url);
            assertEquals(200, done.statusCode(), done.body());
            assertTrue(done.body().contains("Signed in to oidc"), done.body());
            List<OidcUpstream.Issued> issued = upstream.issued();
            List<OidcUpstream.Issued> mine = issued.subList(before, issued.size());
            OidcUpstream.Issued access = of(mine, "access_token");
            assertTrue(upstream.active(access.value()) && upstream.active(of(mine, "refresh_token").value()),
                    "both tokens accepted before the deletion");
            assertEquals(200, upstream.resourceStatus(access.value()), "the resource accepts the access token");
            return mine;
        }

        /** Follows the browser's way from the authorization URL to the page Gatehouse's callback answers. */
        private HttpResponse<String> follow(String url) throws Exception {
            HttpResponse<String> r = open(HttpRequest.newBuilder(URI.create(url)).GET());
            for (int step = 0; step < 20; step++) {
                URI at = r.uri();
                if (r.statusCode() / 100 == 3) {
                    r = open(HttpRequest.newBuilder(at.resolve(r.headers().firstValue("Location").orElseThrow())).GET());
                } else if (r.statusCode() == 200 && at.getPath().startsWith("/interaction/")) {
                    Matcher form = FORM.matcher(r.body());
                    assertTrue(form.find(), r.body());
                    String fields = r.body().contains("value=\"login\"")
                            ? "prompt=login&login=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=any"
                            : "prompt=consent";
                    r = open(HttpRequest.newBuilder(at.resolve(form.group(1).replace("&amp;", "&")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(fields)));
                } else {
                    return r;
                }
            }
            throw new AssertionError("the sign-in did not end: " + r.uri());
        }

        private HttpResponse<String> open(HttpRequest.Builder request) throws Exception {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
