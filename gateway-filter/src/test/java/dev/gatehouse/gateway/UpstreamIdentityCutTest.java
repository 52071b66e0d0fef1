package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting an upstream identity, disabling it, or deleting every identity of its owner (break-glass, a removed
 * account) cuts at once what is open with it (issue 17 item 6, docs/upstream-identity.md "Revocation"), as the
 * revocation of a token does (docs/security.md "What revocation cuts"): a streaming {@code tools/call} to the
 * {@code per-user} server ({@code slow_count}, 100 progress notifications 200 ms apart, with the user's own key)
 * ends with JSON-RPC error {@code -32046} naming the server, the upstream is told to stop, the audit records the
 * call's end as {@code revoked}; the user's listen stream, whose upstream GET presents the identity, ends with a
 * last comment saying why. Another user's listen stream on the same gateway, with their own identity, stays open.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class UpstreamIdentityCutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2025-11-25";
    private static final String EOF = RawLines.EOF;
    /** The cut is promised within a second; asserted with room for a loaded build machine. */
    private static final Duration CUT_WITHIN = Duration.ofSeconds(8);

    private GatewayHarness gw;
    private Host host;

    /** The ways an identity ends while it is in use. */
    enum Ending { DELETED, DISABLED, OWNER_REMOVED }

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        gw.gatehouse.catalog().createGateway(new NewGateway("Identity cut", "idcut", null, List.of(
                new NewGateway.Assignment("demo", "svc", IdentityScheme.SHARED),
                new NewGateway.Assignment("demo", "me", IdentityScheme.PER_USER))), "admin");
        host = gw.gatehouse.hosts().createHost(new NewHost("Agent of identity cuts", HostKind.TOKEN, null), "admin");
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void whenTheIdentityEndsThenItsStreamingCallAndListenStreamAreCutAndAnotherUsersStreamStays(Ending ending)
            throws Exception {
        String user = "cut-" + ending.name().toLowerCase();
        String other = "stay-" + ending.name().toLowerCase();
        String token = gw.gatehouse.connections().connect(host.id(), "idcut", null, user).token();
        String otherToken = gw.gatehouse.connections().connect(host.id(), "idcut", null, other).token();
        UpstreamIdentity identity = gw.gatehouse.identities().putSecret("demo", user, GatewayHarness.UPSTREAM_KEY_HEADER,
                "key-of-" + user, user);
        gw.gatehouse.identities().putSecret("demo", other, GatewayHarness.UPSTREAM_KEY_HEADER, "key-of-" + other, other);
        String session = initialize(token);
        String otherSession = initialize(otherToken);
        String slowId = "slow-" + ending;
        String progress = "p-cut-" + ending;
        try (RawLines listen = get(token, session);
             RawLines otherListen = get(otherToken, otherSession);
             RawLines call = post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":\"" + slowId + "\",\"method\":\"tools/call\","
                     + "\"params\":{\"name\":\"me__slow_count\",\"arguments\":{\"count\":100,\"delayMs\":200},"
                     + "\"_meta\":{\"progressToken\":\"" + progress + "\"}}}")) {
            assertNotNull(listen.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(5)), "listen stream open");
            assertNotNull(otherListen.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(5)), "other stream open");
            assertNotNull(call.await(s -> s.contains("notifications/progress"), Duration.ofSeconds(10)), () -> "call streaming: " + call.seen());
            assertEquals("key-of-" + user, gw.upstream.seen.stream().filter(s -> s.body().contains(progress)).findFirst()
                    .orElseThrow().header(GatewayHarness.UPSTREAM_KEY_HEADER), "the call went upstream with the user's key");

            end(ending, identity, user);

            // the streaming call: the error naming the server as its last event, then the end; nothing after it
            String error = call.await(s -> s.startsWith("data:") && s.contains("\"id\":\"" + slowId + "\""), CUT_WITHIN);
            assertNotNull(error, "the call in flight was cut");
            JsonNode e = JSON.readTree(error.substring(5)).get("error");
            assertEquals(JsonRpcError.CREDENTIAL_REVOKED, e.get("code").asInt(), error);
            assertTrue(e.get("message").asText().contains("identity for server 'demo' was deleted or disabled"), error);
            List<String> after = call.until(s -> s.equals("0") || s.equals(EOF), Duration.ofSeconds(5));
            assertTrue(after.stream().anyMatch(s -> s.equals("0") || s.equals(EOF)), "the call's stream ended: " + after);
            assertFalse(after.stream().anyMatch(s -> s.contains("notifications/progress")), "nothing after the error: " + after);

            // the listen stream: a last comment saying why, then the end
            List<String> tail = listen.until(s -> s.equals("0") || s.equals(EOF), CUT_WITHIN);
            assertTrue(tail.contains(": upstream identity ended"), "the listen stream said why: " + tail);
            assertTrue(tail.stream().anyMatch(s -> s.equals("0") || s.equals(EOF)), "the listen stream ended: " + tail);

            // the upstream was told to stop the call
            JsonNode forwarded = JSON.readTree(gw.upstream.seen.stream().filter(s -> s.body().contains(progress))
                    .findFirst().orElseThrow().body());
            String cancelled = "\"requestId\":" + forwarded.get("id");
            assertTrue(eventually(() -> gw.upstream.seen.stream().anyMatch(s -> s.body().contains("notifications/cancelled")
                    && s.body().contains(cancelled))), "the upstream was told to cancel");

            // the audit: the call's end, revoked, naming the identity it used
            AuditEvent completed = gw.awaitAudit(a -> a.kind() == AuditKind.CALL_COMPLETED && slowId.equals(a.jsonRpcId()),
                    "no completion record for the cut call");
            assertEquals(Outcome.REVOKED, completed.outcome());
            assertEquals(JsonRpcError.CREDENTIAL_REVOKED, completed.errorCode());
            assertTrue(completed.detail().contains("[" + identity.id() + "]"), completed.detail());

            // the other user's stream, with their own identity, is still open: its next keep-alive arrives
            List<String> otherSoFar = otherListen.until(s -> false, Duration.ofMillis(100));
            assertFalse(otherSoFar.contains(EOF) || otherSoFar.contains("0"), "the other stream stays open: " + otherSoFar);
            assertNotNull(otherListen.await(s -> s.startsWith(":"), Duration.ofSeconds(5)), "the other stream kept alive");

            // and the user's next call is refused before it is sent, the token itself still good
            HttpResponse<String> next = McpHttp.post(gw.gatewayUrl("idcut"), token, "{\"jsonrpc\":\"2.0\",\"id\":\"n-" + ending
                    + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"me__echo\",\"arguments\":{\"message\":\"x\"}}}",
                    "Accept", "application/json");
            assertEquals(403, next.statusCode(), next.body());
            assertTrue(next.body().contains("\"code\":-32060"), next.body());
        }
    }

    private void end(Ending ending, UpstreamIdentity identity, String user) {
        switch (ending) {
            case DELETED -> assertTrue(gw.gatehouse.identities().delete(identity.id(), user).isPresent());
            case DISABLED -> assertTrue(gw.gatehouse.identities().setEnabled(identity.id(), false, user).isPresent());
            case OWNER_REMOVED -> assertEquals(1, gw.gatehouse.identities().deleteOfOwner(user, "admin").size());
        }
    }

    private String initialize(String token) throws Exception {
        String url = gw.gatewayUrl("idcut");
        String session = McpHttp.openSession(url, token, VERSION);
        // opens the session's upstream session before the listen GET and the call race to open one each
        assertEquals(200, McpHttp.post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION).statusCode());
        return session;
    }

    private RawLines get(String token, String session) throws java.io.IOException {
        return RawLines.open(gw.baseUrl, "GET /gatehouse/mcp/idcut HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: " + VERSION
                + "\r\n\r\n", "");
    }

    private RawLines post(String token, String session, String json) throws java.io.IOException {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return RawLines.open(gw.baseUrl, "POST /gatehouse/mcp/idcut HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: "
                + session + "\r\nMCP-Protocol-Version: " + VERSION + "\r\nContent-Length: " + length + "\r\n\r\n", json);
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
