package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.ClientRegistration;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.Pkce;
import dev.gatehouse.core.store.Authentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consent grants of interactive clients in the admin API: each user's own, everyone's for host managers. */
class OAuthGrantsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:40000/callback";
    private static final String VERIFIER = "grants-verifier-grants-verifier-grants-verifier";
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void listWhenUserManagesHostsThenEveryoneElseOnlyTheirOwn() throws Exception {
        String mine = connect("Auditor's editor", "auditor");
        String theirs = connect("Operator's editor", "operator");

        Set<String> all = ids(server.get("admin", "/api/oauth/grants"));
        Set<String> own = ids(server.get("auditor", "/api/oauth/grants"));

        assertTrue(all.containsAll(List.of(mine, theirs)), all.toString());
        assertTrue(own.contains(mine));
        assertFalse(own.contains(theirs));
    }

    @Test
    void revokeWhenOwnGrantThenTokensRefusedAndGrantInactive() throws Exception {
        AuthorizationServer oauth = server.gatehouse().oauth();
        OAuthClient client = register("Revoked editor");
        String access = oauth.exchangeCode(client.clientId(), code(client, "auditor"), REDIRECT, VERIFIER, resource()).accessToken();
        String grantId = oauth.grants(java.util.Optional.of("auditor")).stream()
                .filter(g -> g.clientId().equals(client.clientId())).findFirst().orElseThrow().id();

        HttpResponse<String> r = server.post("auditor", "/api/oauth/grants/" + grantId + "/revoke", "");

        assertEquals(200, r.statusCode(), r.body());
        JsonNode grant = JSON.readTree(r.body());
        assertFalse(grant.get("active").asBoolean());
        assertEquals("auditor", grant.get("revokedBy").asText());
        assertEquals("Revoked editor", grant.get("hostName").asText());
        assertInstanceOf(Authentication.Refused.class, oauth.authenticate(access));
    }

    @Test
    void revokeWhenAnotherUsersGrantWithoutHostsManageThen404() throws Exception {
        String theirs = connect("Someone's editor", "operator");

        HttpResponse<String> r = server.post("auditor", "/api/oauth/grants/" + theirs + "/revoke", "");

        assertEquals(404, r.statusCode());
        assertTrue(server.gatehouse().oauth().grant(theirs).orElseThrow().revokedAt() == null);
    }

    private static String connect(String clientName, String user) {
        OAuthClient client = register(clientName);
        code(client, user);
        return server.gatehouse().oauth().grants(java.util.Optional.of(user)).stream()
                .filter(g -> g.clientId().equals(client.clientId())).findFirst().orElseThrow().id();
    }

    private static OAuthClient register(String name) {
        return server.gatehouse().oauth().clients().register(new ClientRegistration(name, List.of(REDIRECT), null, null, "none"));
    }

    private static String code(OAuthClient client, String user) {
        AuthorizationServer oauth = server.gatehouse().oauth();
        return oauth.approve(oauth.checkRequest(client, REDIRECT, "code", "s", Pkce.challengeOf(VERIFIER), "S256",
                resource(), "mcp"), user);
    }

    private static String resource() {
        return server.origin() + "/gatehouse/mcp/quickstart";
    }

    private static Set<String> ids(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        Set<String> ids = new HashSet<>();
        JSON.readTree(r.body()).forEach(g -> ids.add(g.get("id").asText()));
        return ids;
    }
}
