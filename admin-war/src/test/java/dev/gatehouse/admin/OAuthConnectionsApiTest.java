package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.ClientRegistration;
import dev.gatehouse.core.oauth.IssuedTokens;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.OAuthProblem;
import dev.gatehouse.core.oauth.Pkce;
import dev.gatehouse.core.store.Authentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interactive (OAuth) clients' connections through the admin API: the break-glass revocation by user ends
 * the user's OAuth tokens and consent, such a connection cannot be given an API token by rotation, and it
 * shows as active with its last use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OAuthConnectionsApiTest {
    private static final String REDIRECT = "http://127.0.0.1:40001/callback";
    private static final String VERIFIER = "oauth-connections-verifier-oauth-connections-01";
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void revokeUserTokensWhenTheUserHasOAuthTokensThenAccessAndRefreshAreRefusedAndTheConsentRevoked() {
        Connected alice = connect("Alice's editor", "alice");
        Connected other = connect("Bob's editor", "bob");
        JsonNode before = assertJson(200, server.get("operator", "/api/break-glass/token-issuers"));
        assertTrue(before.toString().contains("{\"user\":\"alice\",\"activeTokens\":2}"), before::toString);

        JsonNode done = assertJson(200, server.post("operator", "/api/break-glass/revoke-user-tokens",
                "{\"user\":\"alice\"}"));

        assertEquals("{\"user\":\"alice\",\"revoked\":2,\"identitiesDeleted\":0}", done.toString());
        AuthorizationServer oauth = server.gatehouse().oauth();
        assertEquals(Authentication.Reason.REVOKED,
                assertInstanceOf(Authentication.Refused.class, oauth.authenticate(alice.tokens().accessToken())).reason());
        OAuthProblem refresh = assertThrows(OAuthProblem.class,
                () -> oauth.refresh(alice.client().clientId(), alice.tokens().refreshToken(), null));
        assertEquals(OAuthProblem.INVALID_GRANT, refresh.error());
        var grant = oauth.grants(Optional.of("alice")).stream()
                .filter(g -> g.clientId().equals(alice.client().clientId())).findFirst().orElseThrow();
        assertNotNull(grant.revokedAt());
        assertEquals("operator", grant.revokedBy());
        assertEquals(404, server.get("operator", "/api/connections/" + grant.connectionId()).statusCode());
        assertInstanceOf(Authentication.Granted.class, oauth.authenticate(other.tokens().accessToken()));
        assertFalse(assertJson(200, server.get("operator", "/api/break-glass/token-issuers")).toString().contains("alice"));
    }

    @Test
    void rotateWhenTheConnectionIsAnInteractiveClientsThenRefusedAsAProblemAndNoTokenIssued() {
        Connected bob = connect("Bob's IDE", "bob");
        String connectionId = connectionOf(bob).get("id").asText();

        HttpResponse<String> r = server.post("operator", "/api/connections/" + connectionId + "/rotate", "{}");

        JsonNode problem = assertProblem(400, r);
        assertTrue(problem.get("detail").asText().contains("interactive (OAuth) client"), problem::toString);
        assertFalse(r.body().contains("gth_"), r.body());
        assertTrue(server.gatehouse().connections().tokens(connectionId).isEmpty());
        assertInstanceOf(Authentication.Granted.class, server.gatehouse().oauth().authenticate(bob.tokens().accessToken()));
    }

    @Test
    void connectionsWhenAnInteractiveClientIsConnectedAndUsedThenActiveWithItsLastUse() throws Exception {
        Connected carol = connect("Carol's agent", "carol");
        assertEquals("active", connectionOf(carol).get("status").asText());
        assertTrue(connectionOf(carol).get("lastUsedAt").isNull());

        assertInstanceOf(Authentication.Granted.class, server.gatehouse().oauth().authenticate(carol.tokens().accessToken()));

        JsonNode used = awaitLastUse(carol); // uses are written every few seconds, like an API token's
        assertEquals("active", used.get("status").asText());
        JsonNode host = assertJson(200, server.get("operator", "/api/hosts/" + carol.hostId()));
        assertEquals(used.get("lastUsedAt"), host.get("lastUsedAt"));
        server.gatehouse().oauth().revokeGrant(grantOf(carol).id(), "carol");
        assertEquals(404, server.get("operator", "/api/connections/" + used.get("id").asText()).statusCode());
    }

    // ---- helpers

    private record Connected(OAuthClient client, IssuedTokens tokens, String hostId) {
    }

    private static Connected connect(String name, String user) {
        AuthorizationServer oauth = server.gatehouse().oauth();
        OAuthClient client = oauth.clients().register(new ClientRegistration(name, List.of(REDIRECT), null, null, "none"));
        String code = oauth.approve(oauth.checkRequest(client, REDIRECT, "code", "s", Pkce.challengeOf(VERIFIER), "S256",
                server.origin() + "/gatehouse/mcp/quickstart", "mcp"), user);
        IssuedTokens tokens = oauth.exchangeCode(client.clientId(), code, REDIRECT, VERIFIER, null);
        return new Connected(client, tokens, tokens.access().hostId());
    }

    private static dev.gatehouse.core.oauth.ConsentGrant grantOf(Connected c) {
        return server.gatehouse().oauth().grants(Optional.empty()).stream()
                .filter(g -> g.clientId().equals(c.client().clientId())).findFirst().orElseThrow();
    }

    private static JsonNode connectionOf(Connected c) {
        JsonNode list = assertJson(200, server.get("operator", "/api/hosts/" + c.hostId() + "/connections"));
        assertEquals(1, list.size(), list::toString);
        return list.get(0);
    }

    private static JsonNode awaitLastUse(Connected c) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode connection = connectionOf(c);
            if (!connection.get("lastUsedAt").isNull()) {
                return connection;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the connection's last use was not recorded within 20 s");
    }
}
