package dev.gatehouse.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(r.body().matches("\\{\"status\":\"UP\",\"database\":\"UP\",\"audit\":\\{\"durability\":\"(process|fsync|database)\",\"unshipped\":\\d+,\"lagMillis\":\\d+}}"), r.body());
    }

    @Test
    void metricsWhenNotEnabledThen404LikeAnUnknownPath(GatewayHarness gw) throws Exception {
        for (String auth : new String[] {null, "Authorization: Bearer anything-at-all-0123456789"}) {
            RawHttp.Reply r = auth == null ? RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/metrics", null)
                    : RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/metrics", null, auth);
            assertEquals(404, r.status());
            assertEquals("{\"error\":\"not_found\",\"status\":404}", r.body());
        }
    }
}
