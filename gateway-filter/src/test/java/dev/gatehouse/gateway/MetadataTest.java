package dev.gatehouse.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9728 metadata built from the request, and health; both public. */
@ExtendWith(SharedGateway.class)
class MetadataTest {

    @Test
    void metadataWhenGatewayExistsThenResourceIsItsAbsoluteUrl(GatewayHarness gw) throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart", null);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"resource\":\"" + gw.baseUrl + "/gatehouse/mcp/quickstart\",\"authorization_servers\":[\"" + gw.baseUrl + "/gatehouse\"],"
                + "\"scopes_supported\":[\"mcp\"],\"bearer_methods_supported\":[\"header\"],"
                + "\"resource_name\":\"Gatehouse gateway Quickstart\"}", r.body());
    }

    @Test
    void metadataWhenGatewayUnknownThen404Json(GatewayHarness gw) throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/.well-known/oauth-protected-resource/mcp/nope", null);
        assertEquals(404, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"error\":\"not_found\"}", r.body());
    }

    @Test
    void healthWhenDatabaseUpThen200Up(GatewayHarness gw) throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/health", null);
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"status\":\"UP\",\"database\":\"UP\"}", r.body());
    }
}
