package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With {@code gatehouse.public-base-url} set, every advertised URL and the same-origin check use it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicBaseUrlTest {
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness(URI.create("https://mcp.example.com/"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void metadataWhenPublicBaseUrlSetThenResourceUsesIt() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart", null);
        assertEquals("{\"resource\":\"https://mcp.example.com/gatehouse/mcp/quickstart\",\"authorization_servers\":[\"https://mcp.example.com/gatehouse\"],"
                + "\"scopes_supported\":[\"mcp\"],\"bearer_methods_supported\":[\"header\"],"
                + "\"resource_name\":\"Gatehouse gateway Quickstart\"}", r.body());
    }

    @Test
    void challengeWhenPublicBaseUrlSetThenPointsAtItsMetadata() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", "{}", "Content-Type: application/json");
        assertEquals(401, r.status());
        assertEquals("Bearer resource_metadata=\"https://mcp.example.com/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart\", scope=\"mcp\"",
                r.header("WWW-Authenticate"));
    }

    @Test
    void postWhenOriginIsThePublicOriginThenServed() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Authorization: Bearer " + gw.quickstartToken,
                "Content-Type: application/json", "Accept: application/json", "Origin: https://MCP.example.com");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", r.body());
    }
}
