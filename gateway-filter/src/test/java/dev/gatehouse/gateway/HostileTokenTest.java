package dev.gatehouse.gateway;

import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile tokens on the MCP endpoint, beyond {@link BearerAuthFilterTest} (docs/security-tests.md,
 * "Tokens"): disabled connections and hosts, rotation, odd spacing and encodings, overlong values, and
 * that no refusal tells a caller anything the others do not: every 401 is byte-identical, headers and
 * body, whatever the reason.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTokenTest {
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private GatewayHarness gw;
    /** Every 401 of this class, by case, to compare at the end. */
    private final Map<String, RawHttp.Reply> refusals = new LinkedHashMap<>();

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
    }

    private RawHttp.Reply post(String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Content-Type: application/json", "Accept: application/json, text/event-stream"));
        all.addAll(List.of(headers));
        return RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/quickstart", LIST, all.toArray(String[]::new));
    }

    private RawHttp.Reply bearer(String token) throws Exception {
        return post("Authorization: Bearer " + token);
    }

    private void assertRefused(String name, RawHttp.Reply r) {
        assertEquals(401, r.status(), name + ": " + r.body());
        assertEquals(BearerAuthFilterTest.BODY_401, r.body(), name);
        refusals.put(name, r);
    }

    private IssuedConnection connect(String hostId) {
        return gw.gatehouse.connections().connect(hostId, "quickstart", null, "alice");
    }

    private Host newHost() {
        return gw.gatehouse.hosts().createHost(new NewHost("hostile " + UUID.randomUUID(), HostKind.TOKEN, null), "admin");
    }

    @Test
    void doFilterWhenConnectionDisabledThen401UntilEnabled() throws Exception {
        IssuedConnection c = connect(gw.host.id());
        gw.gatehouse.connections().setDisabled(c.connection().id(), true);
        assertRefused("disabled connection", bearer(c.token()));
        gw.gatehouse.connections().setDisabled(c.connection().id(), false);
        assertEquals(200, bearer(c.token()).status());
    }

    @Test
    void doFilterWhenHostDisabledThen401ForEveryConnectionOfIt() throws Exception {
        Host host = newHost();
        IssuedConnection c = connect(host.id());
        assertEquals(200, bearer(c.token()).status());
        gw.gatehouse.hosts().setDisabled(host.id(), true);
        assertRefused("disabled host", bearer(c.token()));
    }

    @Test
    void doFilterWhenHostDeletedThen401() throws Exception {
        Host host = newHost();
        IssuedConnection c = connect(host.id());
        gw.gatehouse.hosts().deleteHost(host.id(), "admin");
        assertRefused("deleted host", bearer(c.token()));
    }

    @Test
    void doFilterWhenTokenRotatedWithoutGraceThenTheOldOneIs401AndTheNewOneWorks() throws Exception {
        IssuedConnection c = connect(gw.host.id());
        RotatedConnection rotated = gw.gatehouse.connections().rotate(c.connection().id(), Duration.ZERO, null, "admin");
        assertRefused("rotated away", bearer(c.token()));
        assertEquals(200, bearer(rotated.token()).status());
    }

    @Test
    void doFilterWhenIssuerTokensRevokedByBreakGlassThen401() throws Exception {
        String issuer = "mallory-" + UUID.randomUUID();
        IssuedConnection c = gw.gatehouse.connections().connect(gw.host.id(), "quickstart", null, issuer);
        assertEquals(1, gw.gatehouse.connections().revokeTokensIssuedBy(issuer, "admin"));
        assertRefused("break-glass revoked", bearer(c.token()));
    }

    @Test
    void doFilterWhenSeveralSpacesAfterTheSchemeThenAdmittedAsRfc6750Allows() throws Exception {
        assertEquals(200, post("Authorization: Bearer    " + gw.quickstartToken).status());
        assertEquals(200, post("Authorization:    Bearer " + gw.quickstartToken + "   ").status());
    }

    @Test
    void doFilterWhenTabOrNoSpaceAfterTheSchemeThen401() throws Exception {
        assertRefused("tab separator", post("Authorization: Bearer\t" + gw.quickstartToken));
        assertRefused("no separator", post("Authorization: Bearer" + gw.quickstartToken));
    }

    @Test
    void doFilterWhenTokenHasTrailingGarbageOrASecondCredentialThen401() throws Exception {
        assertRefused("trailing character", bearer(gw.quickstartToken + "x"));
        assertRefused("second credential", bearer(gw.quickstartToken + ", Basic YWxpY2U6c2VjcmV0"));
        assertRefused("token twice", bearer(gw.quickstartToken + " " + gw.quickstartToken));
    }

    @Test
    void doFilterWhenTokenOverlongThen401() throws Exception {
        assertRefused("overlong token", bearer(gw.quickstartToken + "A".repeat(4000)));
        assertRefused("overlong random", bearer("gth_" + "a".repeat(6000)));
    }

    @Test
    void doFilterWhenTokenNonAsciiThen401() throws Exception {
        String token = gw.quickstartToken;
        String accented = token.substring(0, 20) + "é" + token.substring(21);
        assertRefused("non-ASCII (UTF-8 bytes)", rawBearer(accented.getBytes(StandardCharsets.UTF_8)));
        assertRefused("non-ASCII (Latin-1 byte)", rawBearer(accented.getBytes(StandardCharsets.ISO_8859_1)));
        assertRefused("full-width digits", rawBearer(("gth_" + "１２３４５６７８").getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends the Authorization value as raw bytes, so non-ASCII arrives exactly as given. */
    private RawHttp.Reply rawBearer(byte[] token) throws Exception {
        URI base = URI.create(gw.baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + LIST.length()
                    + "\r\nAuthorization: Bearer ").getBytes(StandardCharsets.ISO_8859_1));
            out.write(token);
            out.write(("\r\n\r\n" + LIST).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return RawHttp.parse(socket.getInputStream().readAllBytes());
        }
    }

    @Test
    void doFilterWhenValidTokenOnAnUnknownGatewayThen403NotA404() throws Exception {
        RawHttp.Reply r = RawHttp.exchange(gw.baseUrl, "POST", "/gatehouse/mcp/no-such-gateway", LIST,
                "Authorization: Bearer " + gw.quickstartToken, "Content-Type: application/json", "Accept: application/json");
        assertEquals(403, r.status());
        assertEquals(BearerAuthFilterTest.BODY_403, r.body());
    }

    @Test
    void doFilterWhenUnknownIdOrWrongSecretThenRepliesIdenticalExceptForDate() throws Exception {
        String publicId = ApiTokenFormat.parse(gw.quickstartToken).orElseThrow().publicId();
        RawHttp.Reply wrongSecret = bearer(new ApiTokenFormat().newToken(publicId));
        RawHttp.Reply unknownId = bearer(new ApiTokenFormat().newToken("Nope" + publicId.substring(4)));
        IssuedConnection revoked = connect(gw.host.id());
        gw.gatehouse.connections().deleteConnection(revoked.connection().id(), "admin");
        RawHttp.Reply revokedReply = bearer(revoked.token());
        RawHttp.Reply typo = bearer(gw.quickstartToken.substring(0, 45) + "zzzzzz");
        for (RawHttp.Reply r : List.of(unknownId, revokedReply, typo)) {
            assertEquals(withoutDate(wrongSecret), withoutDate(r));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void everyRefusalWhenComparedThenByteIdenticalBodiesAndIdenticalHeaders() throws Exception {
        // runs after the others of this class: compares every 401 they collected
        assertRefused("unknown", bearer(new ApiTokenFormat().newToken("Zz9Zz9Zz")));
        assertTrue(refusals.size() >= 10, refusals.keySet().toString());
        RawHttp.Reply first = refusals.values().iterator().next();
        String metadata = "Bearer resource_metadata=\"" + gw.baseUrl
                + "/gatehouse/.well-known/oauth-protected-resource/mcp/quickstart\", scope=\"mcp\"";
        refusals.forEach((name, r) -> {
            assertEquals(first.body(), r.body(), name);
            // the one documented difference: no error code when what was sent is not a bearer token (RFC 6750 section 3.1)
            assertTrue(r.header("WWW-Authenticate").equals(metadata)
                    || r.header("WWW-Authenticate").equals(metadata + ", error=\"invalid_token\""), name);
            assertEquals(withoutDateOrChallenge(first), withoutDateOrChallenge(r), name);
            assertNull(r.header("Set-Cookie"), name);
        });
    }

    private static List<String> withoutDateOrChallenge(RawHttp.Reply r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(r.status()));
        r.headers().stream().filter(h -> !h[0].equalsIgnoreCase("Date") && !h[0].equalsIgnoreCase("WWW-Authenticate"))
                .forEach(h -> lines.add(h[0] + ": " + h[1]));
        lines.add(r.body());
        return lines;
    }

    private static List<String> withoutDate(RawHttp.Reply r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(r.status()));
        r.headers().stream().filter(h -> !h[0].equalsIgnoreCase("Date")).forEach(h -> lines.add(h[0] + ": " + h[1]));
        lines.add(r.body());
        return lines;
    }

    @AfterAll
    void done() {
        refusals.clear();
    }
}
