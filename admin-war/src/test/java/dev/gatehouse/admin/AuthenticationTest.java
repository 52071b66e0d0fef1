package dev.gatehouse.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static dev.gatehouse.admin.ApiAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Container BASIC authentication in front of every {@code /api} path, answered in problem+json. */
class AuthenticationTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void getWhenNoCredentialsThenUnauthorizedWithBasicChallengeAndProblemBody() {
        HttpResponse<String> response = server.get(null, "/api/hosts");

        assertProblem(401, "authentication is required", response);
        assertEquals("Basic realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void getWhenWrongPasswordThenUnauthorizedWithBasicChallenge() {
        HttpResponse<String> response = server.send(server.request(null, "/api/me")
                .header("Authorization", AdminServer.basic("admin", "wrong")));

        assertProblem(401, "authentication is required", response);
        assertEquals("Basic realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void postWhenNoCredentialsThenUnauthorizedAndNothingWritten() {
        AdminServer.State before = server.state();

        HttpResponse<String> response = server.post(null, "/api/hosts", "{\"name\":\"Sneaky\",\"kind\":\"TOKEN\"}");

        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"gatehouse\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(before, server.state());
    }

    @Test
    void unknownApiPathWhenNoCredentialsThenUnauthorizedRatherThanNotFound() {
        assertEquals(401, server.get(null, "/api/nothing-here").statusCode());
    }

    @Test
    void meWhenAuthenticatedThenUserAndCapabilities() {
        assertEquals("{\"user\":\"admin\",\"capabilities\":[\"hosts:manage\",\"tokens:issue\",\"connections:disable\","
                        + "\"gateways:manage\",\"servers:manage\",\"logs:read\",\"logs:export\",\"settings:manage\","
                        + "\"rules:manage\",\"calls:approve\",\"oauth:authorize\",\"identities:manage\",\"users:manage\"]}",
                assertJson(200, server.get("admin", "/api/me")).toString());
        assertEquals("{\"user\":\"operator\",\"capabilities\":[\"hosts:manage\",\"tokens:issue\","
                        + "\"connections:disable\",\"logs:read\",\"oauth:authorize\"]}",
                assertJson(200, server.get("operator", "/api/me")).toString());
        assertEquals("{\"user\":\"auditor\",\"capabilities\":[\"logs:read\",\"logs:export\"]}",
                assertJson(200, server.get("auditor", "/api/me")).toString());
        assertEquals("{\"user\":\"nobody\",\"capabilities\":[]}",
                assertJson(200, server.get("nobody", "/api/me")).toString());
    }
}
