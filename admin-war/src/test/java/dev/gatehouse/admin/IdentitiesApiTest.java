package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /api/identities}: everyone signed in manages their own upstream identities (even without any
 * capability); another user's, and a server's shared identity, need {@code identities:manage}; another
 * user's is not shown to exist; no answer ever carries a secret. Server assignments take an identity scheme.
 */
class IdentitiesApiTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    private static JsonNode create(String user, String json) {
        return assertJson(201, server.post(user, "/api/identities", json));
    }

    private static Set<String> ids(HttpResponse<String> list) {
        Set<String> ids = new HashSet<>();
        assertJson(200, list).forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    @Test
    void createWhenOwnSecretThenStoredForTheCallerWithoutCapabilityAndNeverShown() {
        HttpResponse<String> r = server.post("nobody", "/api/identities",
                "{\"server\":\"demo\",\"headerName\":\"X-Api-Key\",\"secret\":\"nobodys-pat-91c2\"}");
        JsonNode created = assertJson(201, r);
        assertEquals("nobody", created.get("owner").asText());
        assertEquals("demo", created.get("server").asText());
        assertEquals("secret", created.get("kind").asText());
        assertEquals("active", created.get("status").asText());
        assertFalse(created.get("shared").asBoolean());
        assertFalse(r.body().contains("nobodys-pat-91c2"), r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/api/identities/" + created.get("id").asText()));

        HttpResponse<String> list = server.get("nobody", "/api/identities");
        assertTrue(ids(list).contains(created.get("id").asText()));
        assertFalse(list.body().contains("nobodys-pat-91c2"));
    }

    @Test
    void createWhenTheUserHasOneForTheServerThenItIsReplacedNotDoubled() {
        String first = create("auditor", "{\"server\":\"demo\",\"secret\":\"one\"}").get("id").asText();
        String second = create("auditor", "{\"server\":\"demo\",\"secret\":\"two\"}").get("id").asText();
        assertEquals(first, second);
        assertEquals(1, server.gatehouse().identities().list(java.util.Optional.of("auditor")).size());
    }

    @Test
    void listWhenIdentitiesManageThenEveryonesElseOnlyOwn() {
        String operators = create("operator", "{\"server\":\"demo\",\"secret\":\"op-secret\"}").get("id").asText();
        String admins = create("admin", "{\"server\":\"demo\",\"secret\":\"admin-secret\"}").get("id").asText();

        assertTrue(ids(server.get("admin", "/api/identities")).containsAll(Set.of(operators, admins)));
        Set<String> own = ids(server.get("operator", "/api/identities"));
        assertTrue(own.contains(operators));
        assertFalse(own.contains(admins));
        assertProblem(404, server.get("operator", "/api/identities/" + admins));
        assertProblem(404, server.delete("operator", "/api/identities/" + admins));
        assertProblem(404, server.post("operator", "/api/identities/" + admins + "/disable", ""));
        assertEquals("active", server.gatehouse().identities().find(admins).orElseThrow().status().wireName());
    }

    @Test
    void createWhenAnotherOwnerOrSharedWithoutIdentitiesManageThen403AndWithItThenStored() {
        assertProblem(403, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"owner\":\"auditor\",\"secret\":\"x\"}"));
        assertProblem(403, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"shared\":true,\"secret\":\"x\"}"));

        JsonNode forAlice = create("admin", "{\"server\":\"demo\",\"owner\":\"alice\",\"secret\":\"alice-secret\"}");
        assertEquals("alice", forAlice.get("owner").asText());
        JsonNode shared = create("admin", "{\"server\":\"demo\",\"shared\":true,\"headerName\":\"Authorization\",\"secret\":\"Bearer rotated\"}");
        assertTrue(shared.get("shared").asBoolean());
        assertEquals(server.gatehouse().catalog().server("demo").orElseThrow().id(), shared.get("id").asText());
        assertEquals("Bearer rotated", server.gatehouse().catalog().server("demo").orElseThrow().authSecret(),
                "the server presents its new shared secret");
        server.post("admin", "/api/identities", "{\"server\":\"demo\",\"shared\":true,\"headerName\":\"Authorization\",\"secret\":\""
                + AdminServer.UPSTREAM_SECRET + "\"}");
    }

    @Test
    void disableEnableDeleteWhenOwnThenDoneAndAudited() {
        String id = create("operator", "{\"server\":\"demo\",\"headerName\":\"X-Other\",\"secret\":\"s\"}").get("id").asText();
        assertEquals("disabled", assertJson(200, server.post("operator", "/api/identities/" + id + "/disable", "")).get("status").asText());
        assertEquals("active", assertJson(200, server.post("operator", "/api/identities/" + id + "/enable", "")).get("status").asText());
        assertEquals(204, server.delete("operator", "/api/identities/" + id).statusCode());
        assertProblem(404, server.get("operator", "/api/identities/" + id));
    }

    @Test
    void createWhenFieldsAreBadThen400NamingThem() {
        assertProblem(400, server.post("operator", "/api/identities", "{\"secret\":\"s\"}"));
        assertProblem(400, server.post("operator", "/api/identities", "{\"server\":\"demo\"}"));
        assertProblem(400, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"secret\":\"a\\nb\"}"));
        assertProblem(400, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"headerName\":\"Host\",\"secret\":\"s\"}"));
        assertProblem(400, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"headerName\":\"Bad Header\",\"secret\":\"s\"}"));
        assertProblem(404, server.post("operator", "/api/identities", "{\"server\":\"nope\",\"secret\":\"s\"}"));
        assertProblem(400, server.post("operator", "/api/identities", "{\"server\":\"demo\",\"kind\":\"oauth\",\"secret\":\"s\"}"));
    }

    @Test
    void publishWhenTheSameServerPerUserBesideSharedThenBothAssignedWithTheirSchemes() {
        JsonNode g = assertJson(200, server.put("admin", "/api/gateways/quickstart/servers/demo",
                "{\"toolPrefix\":\"mine\",\"identityScheme\":\"per-user\"}"));
        JsonNode servers = g.get("servers");
        assertEquals(2, servers.size(), g.toString());
        assertEquals("shared", servers.get(0).get("identityScheme").asText());
        assertEquals("per-user", servers.get(1).get("identityScheme").asText());
        assertEquals("mine", servers.get(1).get("toolPrefix").asText());
        assertEquals(servers.get(0).get("id").asText(), servers.get(1).get("id").asText(), "both name the server");

        assertProblem(400, server.put("admin", "/api/gateways/quickstart/servers/demo", "{\"identityScheme\":\"everyone\"}"));
        assertProblem(409, server.put("admin", "/api/gateways/quickstart/servers/demo",
                "{\"toolPrefix\":\"demo\",\"identityScheme\":\"per-user\"}"));

        assertEquals(204, server.delete("admin", "/api/gateways/quickstart/servers/demo?identityScheme=per-user").statusCode());
        assertEquals(1, assertJson(200, server.get("admin", "/api/gateways/quickstart")).get("servers").size());
    }

    @Test
    void breakGlassWhenAUsersTokensAreRevokedThenTheirIdentitiesAreDeletedToo() {
        String id = create("admin", "{\"server\":\"demo\",\"owner\":\"departed\",\"secret\":\"departed-secret\"}").get("id").asText();

        JsonNode done = assertJson(200, server.post("admin", "/api/break-glass/revoke-user-tokens", "{\"user\":\"departed\"}"));

        assertEquals(1, done.get("identitiesDeleted").asInt());
        assertTrue(server.gatehouse().identities().find(id).isEmpty());
    }

    @Test
    void authorizeWhenTheServersAuthorizationServerIsOnAPrivateAddressThen409FromTheSsrfGuardAndNothingStarted() {
        HttpResponse<String> r = server.post("operator", "/api/identities/authorize", "{\"server\":\"demo\"}");
        JsonNode problem = assertProblem(409, r);
        assertTrue(problem.get("detail").asText().contains("non-public address"), problem.toString());
        assertFalse(r.headers().firstValue("Set-Cookie").isPresent());
    }

    @Test
    void authorizeWhenReturnToLeavesTheConsoleOrTheServerIsMissingThen400() {
        assertProblem(400, server.post("operator", "/api/identities/authorize", "{\"server\":\"demo\",\"returnTo\":\"https://evil.example/\"}"));
        assertProblem(400, server.post("operator", "/api/identities/authorize", "{\"server\":\"demo\",\"returnTo\":\"//evil.example/x\"}"));
        assertProblem(400, server.post("operator", "/api/identities/authorize", "{}"));
        assertProblem(403, server.post("operator", "/api/identities/authorize", "{\"server\":\"demo\",\"shared\":true}"));
    }

    @Test
    void callbackWhenTheStateIsUnknownThen400PageWithoutSignInAndNothingStored() throws Exception {
        int before = server.gatehouse().identities().list(java.util.Optional.empty()).size();
        HttpResponse<String> r = server.client().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.base() + "/identities/callback?state=forged-state&code=stolen-code")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("unknown or was already used"), r.body());
        assertFalse(r.body().contains("stolen-code"));
        assertEquals(before, server.gatehouse().identities().list(java.util.Optional.empty()).size());
    }
}
