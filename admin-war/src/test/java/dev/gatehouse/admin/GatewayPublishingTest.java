package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.gatehouse.admin.ApiAssertions.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a gateway publishes its servers: prefix mode, per-server prefix and allow-lists, withdrawal. */
class GatewayPublishingTest {
    @RegisterExtension
    static final AdminServer server = AdminServer.perClass();

    @BeforeAll
    static void start() throws Exception {
        server.post("admin", "/api/servers", "{\"name\":\"Search\",\"slug\":\"search\",\"url\":\"http://localhost:9/search\"}");
        server.post("admin", "/api/gateways", "{\"name\":\"Team\",\"slug\":\"team\",\"servers\":[{\"server\":\"demo\"}]}");
    }

    @Test
    void publishWhenAllowListsGivenThenTheGatewayShowsThemPerKind() {
        HttpResponse<String> r = server.put("admin", "/api/gateways/team/servers/search", "{\"toolPrefix\":\"find\","
                + "\"tools\":{\"mode\":\"selected\",\"allow\":[\"query\",\"fetch\"]},\"prompts\":{\"mode\":\"none\"}}");

        JsonNode gateway = assertJson(200, r);
        assertEquals("conditional", gateway.get("prefixMode").asText());
        assertEquals("__", gateway.get("separator").asText());
        JsonNode search = gateway.get("servers").get(1);
        assertEquals("find", search.get("toolPrefix").asText());
        assertEquals("{\"mode\":\"selected\",\"allow\":[\"fetch\",\"query\"]}", search.get("tools").toString());
        assertEquals("{\"mode\":\"none\",\"allow\":[]}", search.get("prompts").toString());
        assertEquals("{\"mode\":\"all\",\"allow\":[]}", search.get("resources").toString());
    }

    @Test
    void publishWhenPrefixAlreadyUsedOnTheGatewayThen409() {
        server.put("admin", "/api/gateways/team/servers/search", "{\"toolPrefix\":\"find\"}");
        HttpResponse<String> r = server.put("admin", "/api/gateways/team/servers/demo", "{\"toolPrefix\":\"find\"}");
        assertEquals(409, r.statusCode(), r.body());
    }

    @Test
    void publishWhenSelectedWithoutNamesThen400() {
        HttpResponse<String> r = server.put("admin", "/api/gateways/team/servers/search",
                "{\"tools\":{\"mode\":\"selected\"}}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("tools.allow"), r.body());
    }

    @Test
    void namingWhenNeverAndTheServersCannotBeAskedThen409() {
        server.put("admin", "/api/gateways/team/servers/search", "{\"toolPrefix\":\"find\"}");
        HttpResponse<String> r = server.put("admin", "/api/gateways/team/naming", "{\"prefixMode\":\"never\"}");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("unique names"), r.body());
    }

    @Test
    void namingWhenAlwaysWithSeparatorThenStored() {
        JsonNode gateway = assertJson(200, server.put("admin", "/api/gateways/quickstart/naming",
                "{\"prefixMode\":\"always\",\"separator\":\".\"}"));
        assertEquals("always", gateway.get("prefixMode").asText());
        assertEquals(".", gateway.get("separator").asText());
        server.put("admin", "/api/gateways/quickstart/naming", "{\"prefixMode\":\"conditional\"}");
    }

    @Test
    void withdrawWhenServerOnTheGatewayThen204AndGone() {
        server.put("admin", "/api/gateways/team/servers/search", "{}");
        assertEquals(204, server.delete("admin", "/api/gateways/team/servers/search").statusCode());
        JsonNode gateway = assertJson(200, server.get("admin", "/api/gateways/team"));
        assertEquals(1, gateway.get("servers").size());
        assertEquals(404, server.delete("admin", "/api/gateways/team/servers/search").statusCode());
    }

    @Test
    void publishWhenCallerLacksGatewaysManageThen403() {
        assertEquals(403, server.put("auditor", "/api/gateways/team/servers/search", "{}").statusCode());
    }
}
