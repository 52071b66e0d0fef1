package dev.gatehouse.gateway;

import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gate, over raw HTTP on the deployed WAR: every refusal with its exact status, headers and body. */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerAuthFilterTest {
    static final String BODY_401 = "{\"error\":\"invalid_token\",\"error_description\":\"A valid Gatehouse API access token is required.\"}";
    static final String BODY_403 = "{\"error\":\"insufficient_scope\",\"error_description\":\"This token is not valid for this gateway.\"}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    private GatewayHarness gw;
    private String metadata;
    private final Set<String> bodies401 = new HashSet<>();

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        metadata = gw.baseUrl + "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart";
    }

    private RawHttp.Reply post(String path, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type: application/json";
        all[1] = "Accept: application/json, text/event-stream";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return RawHttp.exchange(gw.baseUrl, "POST", path, LIST, all);
    }

    private void assertChallenge(RawHttp.Reply r, String challenge) {
        assertEquals(401, r.status());
        assertEquals(challenge, r.header("WWW-Authenticate"));
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals(BODY_401, r.body());
        bodies401.add(r.body());
        assertEquals(1, bodies401.size());
    }

    private void assertNoToken(RawHttp.Reply r) {
        assertChallenge(r, "Bearer resource_metadata=\"" + metadata + "\", scope=\"mcp\"");
    }

    private void assertInvalidToken(RawHttp.Reply r) {
        assertChallenge(r, "Bearer resource_metadata=\"" + metadata + "\", scope=\"mcp\", error=\"invalid_token\"");
    }

    @Test
    void doFilterWhenNoAuthorizationHeaderThen401ChallengeWithoutErrorCode() throws Exception {
        assertNoToken(post("/gatehouse/mcp/quickstart"));
    }

    @Test
    void doFilterWhenAuthorizationHeaderEmptyThen401ChallengeWithoutErrorCode() throws Exception {
        assertNoToken(post("/gatehouse/mcp/quickstart", "Authorization: "));
    }

    @Test
    void doFilterWhenOtherSchemeThen401ChallengeWithoutErrorCode() throws Exception {
        assertNoToken(post("/gatehouse/mcp/quickstart", "Authorization: Basic YWxpY2U6c2VjcmV0"));
    }

    @Test
    void doFilterWhenBearerWithoutTokenThen401InvalidToken() throws Exception {
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer"));
    }

    @Test
    void doFilterWhenChecksumWrongThen401InvalidToken() throws Exception {
        String token = gw.quickstartToken;
        char last = token.charAt(token.length() - 1);
        String typo = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + typo));
    }

    @Test
    void doFilterWhenWellFormedButUnknownThen401InvalidToken() throws Exception {
        String unknown = new ApiTokenFormat().newToken("ZZZZZZZZ");
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + unknown));
    }

    @Test
    void doFilterWhenSecretWrongThen401InvalidToken() throws Exception {
        String publicId = ApiTokenFormat.parse(gw.quickstartToken).orElseThrow().publicId();
        String forged = new ApiTokenFormat().newToken(publicId);
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + forged));
    }

    @Test
    void doFilterWhenConnectionDeletedThen401InvalidToken() throws Exception {
        IssuedConnection c = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, "alice");
        assertEquals(200, post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + c.token()).status());
        gw.gatehouse.connections().deleteConnection(c.connection().id(), "admin");
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + c.token()));
    }

    @Test
    void doFilterWhenTokenExpiredThen401InvalidToken() throws Exception {
        IssuedConnection c = gw.gatehouse.connections().connect(gw.host.id(), "quickstart",
                Instant.now().plus(Duration.ofHours(1)), "alice");
        assertEquals(200, post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + c.token()).status());
        gw.clock.advance(Duration.ofHours(2));
        try {
            assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + c.token()));
        } finally {
            gw.clock.reset();
        }
    }

    @Test
    void doFilterWhenTokenInQueryStringThen401EvenWithAValidHeader() throws Exception {
        assertInvalidToken(post("/gatehouse/mcp/quickstart?access_token=" + gw.quickstartToken,
                "Authorization: Bearer " + gw.quickstartToken));
        assertInvalidToken(post("/gatehouse/mcp/quickstart?access%5Ftoken=" + gw.quickstartToken));
    }

    @Test
    void doFilterWhenTwoAuthorizationHeadersThen401InvalidToken() throws Exception {
        assertInvalidToken(post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + gw.quickstartToken,
                "Authorization: Bearer " + gw.quickstartToken));
    }

    @Test
    void doFilterWhenTokenOfAnotherGatewayThen403InsufficientScope() throws Exception {
        RawHttp.Reply r = post("/gatehouse/mcp/quickstart", "Authorization: Bearer " + gw.otherToken);
        assertEquals(403, r.status());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"mcp\", resource_metadata=\"" + metadata + "\"", r.header("WWW-Authenticate"));
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals(BODY_403, r.body());
    }

    @Test
    void doFilterWhenSchemeInLowerCaseThenAdmitted() throws Exception {
        RawHttp.Reply r = post("/gatehouse/mcp/quickstart", "Authorization: bearer " + gw.quickstartToken);
        assertEquals(200, r.status());
        assertEquals(null, r.header("WWW-Authenticate"));
    }

    @Test
    void doFilterWhenNoTokenOnAnUnknownGatewayThen401NotA404() throws Exception {
        RawHttp.Reply r = post("/gatehouse/mcp/nope");
        assertEquals(401, r.status());
        assertEquals("Bearer resource_metadata=\"" + gw.baseUrl + "/gatehouse/.well-known/oauth-protected-resource/mcp/nope\", scope=\"mcp\"",
                r.header("WWW-Authenticate"));
    }

    @Test
    void doFilterWhenGetWithoutTokenThen401NotA405() throws Exception {
        assertNoToken(RawHttp.exchange(gw.baseUrl, "GET", "/gatehouse/mcp/quickstart", null));
    }
}
