package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Set;

import static dev.gatehouse.admin.ApiAssertions.assertFields;
import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream servers (credential write-only) and gateways (with their MCP URL). */
class CatalogTest {
    static final Set<String> SERVER_FIELDS = Set.of("id", "name", "slug", "url", "transport", "authHeaderName",
            "hasCredential", "connectTimeoutMs", "readTimeoutMs", "enabled", "createdAt", "revision");
    static final Set<String> GATEWAY_FIELDS = Set.of("id", "name", "slug", "description", "url", "servers", "createdAt",
            "prefixMode", "separator");
    static final Set<String> GATEWAY_SERVER_FIELDS = Set.of("id", "name", "slug", "url", "toolPrefix", "identityScheme", "tools", "prompts",
            "resources");

    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @Test
    void listServersWhenCredentialStoredThenOnlySaysSo() {
        HttpResponse<String> response = server.get("auditor", "/api/servers");

        JsonNode demo = assertJson(200, response).get(0);
        assertFields(SERVER_FIELDS, demo);
        assertEquals("demo", demo.get("slug").asText());
        assertEquals("http://localhost:9/mcp", demo.get("url").asText());
        assertEquals("streamable-http", demo.get("transport").asText());
        assertEquals("Authorization", demo.get("authHeaderName").asText());
        assertTrue(demo.get("hasCredential").asBoolean());
        assertEquals(5000, demo.get("connectTimeoutMs").asLong());
        assertEquals(60000, demo.get("readTimeoutMs").asLong());
        assertTrue(demo.get("enabled").asBoolean());
        assertFalse(response.body().contains("upstream-secret"));
    }

    @Test
    void createServerWhenSecretGivenThenCreatedSealedAndNeverReturned() {
        HttpResponse<String> created = server.post("admin", "/api/servers", "{\"name\":\"Search\",\"url\":\"https://search.example/mcp\","
                + "\"authHeaderName\":\"X-Api-Key\",\"authSecret\":\"s3cr3t-value-91\",\"connectTimeoutMs\":2500,\"readTimeoutMs\":90000}");

        JsonNode body = assertJson(201, created);
        assertFields(SERVER_FIELDS, body);
        String id = body.get("id").asText();
        assertEquals(AdminServer.CONTEXT + "/api/servers/" + id, created.headers().firstValue("Location").orElseThrow());
        assertEquals("search", body.get("slug").asText());
        assertTrue(body.get("hasCredential").asBoolean());
        assertEquals(2500, body.get("connectTimeoutMs").asLong());
        assertEquals(90000, body.get("readTimeoutMs").asLong());
        assertFalse(created.body().contains("s3cr3t-value-91"));
        HttpResponse<String> one = server.get("admin", "/api/servers/" + id);
        assertEquals(body, assertJson(200, one));
        assertFalse(one.body().contains("s3cr3t-value-91"));
        assertEquals("s3cr3t-value-91", server.gatehouse().catalog().server(id).orElseThrow().authSecret());
        var audited = server.audit(1).get(0);
        assertEquals("server.created", audited.detail());
        assertEquals("search", audited.server());
        assertFalse(String.valueOf(audited).contains("s3cr3t-value-91"));
    }

    @Test
    void createServerWhenNoCredentialThenHasCredentialFalse() {
        JsonNode body = assertJson(201, server.post("admin", "/api/servers",
                "{\"name\":\"Open\",\"slug\":\"open-tools\",\"url\":\"http://localhost:7/mcp\"}"));

        assertEquals("open-tools", body.get("slug").asText());
        assertTrue(body.get("authHeaderName").isNull());
        assertFalse(body.get("hasCredential").asBoolean());
    }

    @Test
    void createServerWhenTransportGivenThenStoredAndShown() {
        for (String transport : new String[]{"sse", "auto", "streamable-http"}) {
            JsonNode body = assertJson(201, server.post("admin", "/api/servers", "{\"name\":\"Legacy " + transport
                    + "\",\"url\":\"http://localhost:7/sse\",\"transport\":\"" + transport + "\"}"));
            assertEquals(transport, body.get("transport").asText());
            assertEquals(transport, server.gatehouse().catalog().server(body.get("id").asText()).orElseThrow()
                    .transport().wireName());
        }
    }

    @Test
    void serverWhenTransportUnknownThen400() {
        int before = server.gatehouse().catalog().servers().size();
        for (String transport : new String[]{"\"websocket\"", "\"\"", "7"}) {
            HttpResponse<String> refused = server.post("admin", "/api/servers",
                    "{\"name\":\"Odd\",\"url\":\"http://localhost:7/mcp\",\"transport\":" + transport + "}");
            ApiAssertions.assertProblem(400, refused);
            assertTrue(refused.body().contains("transport"), refused.body());
        }
        assertEquals(before, server.gatehouse().catalog().servers().size(), "nothing stored");
    }

    @Test
    void listGatewaysWhenSeededThenQuickstartWithItsServerAndUrl() {
        JsonNode quickstart = assertJson(200, server.get("operator", "/api/gateways")).get(0);

        assertFields(GATEWAY_FIELDS, quickstart);
        assertEquals("quickstart", quickstart.get("slug").asText());
        assertEquals("The demo gateway", quickstart.get("description").asText());
        assertEquals(server.origin() + "/gatehouse/mcp/quickstart", quickstart.get("url").asText());
        JsonNode demo = quickstart.get("servers").get(0);
        assertFields(GATEWAY_SERVER_FIELDS, demo);
        assertEquals("demo", demo.get("slug").asText());
        assertEquals("demo", demo.get("toolPrefix").asText());
    }

    @Test
    void createGatewayWhenServersGivenByIdOrSlugThenCreatedWithPrefixes() {
        String demoId = server.gatehouse().catalog().server("demo").orElseThrow().id();

        HttpResponse<String> created = server.post("admin", "/api/gateways", "{\"name\":\"Team Tools\","
                + "\"description\":\"for the team\",\"servers\":[{\"server\":\"" + demoId + "\",\"toolPrefix\":\"d\"}]}");

        JsonNode body = assertJson(201, created);
        assertFields(GATEWAY_FIELDS, body);
        assertEquals("team-tools", body.get("slug").asText());
        assertEquals(AdminServer.CONTEXT + "/api/gateways/team-tools", created.headers().firstValue("Location").orElseThrow());
        assertEquals(server.origin() + "/gatehouse/mcp/team-tools", body.get("url").asText());
        assertEquals("d", body.get("servers").get(0).get("toolPrefix").asText());
        assertEquals(body, assertJson(200, server.get("admin", "/api/gateways/team-tools")));
        var audited = server.audit(1).get(0);
        assertEquals("gateway.created", audited.detail());
        assertEquals("team-tools", audited.gateway());
        assertEquals("admin", audited.actor());
    }
}
