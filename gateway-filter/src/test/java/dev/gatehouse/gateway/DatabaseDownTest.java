package dev.gatehouse.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the database gone: health says so, tokens cannot be checked (503, never 401), typos still need no database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseDownTest {
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private GatewayHarness gw;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness();
        RawHttp.Reply up = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/health", null);
        assertEquals(200, up.status());
        assertTrue(up.body().startsWith("{\"status\":\"UP\",\"database\":\"UP\",\"audit\":{\"durability\":"), up.body());
        gw.stopDatabase();
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private RawHttp.Reply post(String token) throws Exception {
        return RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", PING, "Authorization: Bearer " + token,
                "Content-Type: application/json", "Accept: application/json, text/event-stream");
    }

    @Test
    void healthWhenDatabaseDownThen503Down() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/health", null);
        assertEquals(503, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertTrue(r.body().matches("\\{\"status\":\"DOWN\",\"database\":\"DOWN\",\"audit\":\\{\"durability\":\"(process|fsync|database)\",\"unshipped\":\\d+,\"lagMillis\":\\d+}}"), r.body());
    }

    @Test
    void doFilterWhenDatabaseDownThen503WithRetryAfterNever401() throws Exception {
        RawHttp.Reply r = post(gw.quickstartToken);
        assertEquals(503, r.status());
        assertEquals("5", r.header("Retry-After"));
        assertNull(r.header("WWW-Authenticate"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("{\"error\":\"temporarily_unavailable\",\"error_description\":"
                + "\"Authentication is temporarily unavailable; retry shortly.\"}", r.body());
    }

    @Test
    void doFilterWhenChecksumWrongThen401WithoutNeedingTheDatabase() throws Exception {
        String token = gw.quickstartToken;
        String typo = token.substring(0, 20) + (token.charAt(20) == 'a' ? 'b' : 'a') + token.substring(21);
        RawHttp.Reply r = post(typo);
        assertEquals(401, r.status());
        assertEquals(BearerAuthFilterTest.BODY_401, r.body());
    }

    @Test
    void metadataWhenDatabaseDownThen503() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart", null);
        assertEquals(503, r.status());
        assertEquals("{\"error\":\"temporarily_unavailable\"}", r.body());
    }
}
