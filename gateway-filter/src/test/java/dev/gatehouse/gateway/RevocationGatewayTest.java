package dev.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.approval.PendingApproval;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.model.AuditEvent;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.oauth.AuthorizationRequest;
import dev.gatehouse.core.oauth.ConsentGrant;
import dev.gatehouse.core.oauth.OAuthClient;
import dev.gatehouse.core.oauth.OAuthTokenFormat;
import dev.gatehouse.core.oauth.Pkce;
import dev.gatehouse.core.rules.Rule;
import dev.gatehouse.core.rules.RuleJson;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.store.RequestRejected;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Stops working immediately" includes what is already open (issue 13, docs/security.md "What revocation
 * cuts"). For every way a credential ends, with the WAR on Jetty and the real demo server upstream, and
 * listen streams keeping alive only every 15 s: an open listen stream, a streaming {@code tools/call}
 * ({@code slow_count}, 100 progress notifications 200 ms apart) and a call held for approval are all cut
 * before the next keep-alive would be due. The client sees the documented error, the upstream is told to
 * stop the call, nothing of it is relayed after the error, the audit log has each cut call's terminal
 * record ({@code revoked}) with the host and the user, an approval given later forwards nothing, and the
 * sessions of connections that can no longer be used are closed upstream (DELETE).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RevocationGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2025-11-25";
    private static final String EOF = RawLines.EOF;
    /** The listen streams' keep-alive: nothing but the revocation can end them within a test. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** "Before the next keep-alive": the bound every cut is asserted against (the promise is one second). */
    private static final Duration BEFORE_NEXT_KEEP_ALIVE = KEEP_ALIVE.minusSeconds(1);
    private static final String REDIRECT = "http://127.0.0.1:43123/callback";
    private static final String VERIFIER = "verifier-verifier-verifier-verifier-verifier-0013";

    private GatewayHarness gw;
    private Rule approval;

    /** Every way a credential ends, and whether its connection can still be used afterwards (its sessions kept). */
    enum Trigger {
        CONNECTION_DELETED(false), CONNECTION_DISABLED(false), HOST_DELETED(false), HOST_DISABLED(false),
        BREAK_GLASS(false), TOKEN_ROTATED(true), ROTATION_OVERLAP_ENDED(true), EXPIRED(false),
        OAUTH_TOKEN_REVOKED(true), CONSENT_WITHDRAWN(false),
        /** Break-glass for a user who connected an interactive client: their OAuth tokens and consent end. */
        BREAK_GLASS_OAUTH(false);

        final boolean connectionStaysUsable;

        Trigger(boolean connectionStaysUsable) {
            this.connectionStaysUsable = connectionStaysUsable;
        }

        boolean oauth() {
            return this == OAUTH_TOKEN_REVOKED || this == CONSENT_WITHDRAWN || this == BREAK_GLASS_OAUTH;
        }
    }

    /** The credential under test and what a trigger needs to end it. */
    private record Credential(String token, String publicId, String hostId, String user, String connectionId,
                              String clientId) {
    }

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayHarness(null, GatewayHarness.PATIENT_CIRCUITS, KEEP_ALIVE);
        approval = gw.gatehouse.governance().rules().create("quickstart", RuleJson.spec(JSON.readTree(
                "{\"name\":\"approve echo\",\"hook\":\"request\",\"tools\":\"echo\",\"detect\":{\"type\":\"always\"},"
                        + "\"action\":{\"type\":\"require_approval\",\"timeoutSeconds\":120}}")), "admin");
    }

    @AfterAll
    void stop() throws Exception {
        gw.gatehouse.governance().rules().delete(approval.id());
        gw.close();
    }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void whenCredentialEndsThenListenStreamStreamingCallAndHeldCallAreCutBeforeTheNextKeepAlive(Trigger trigger)
            throws Exception {
        Credential c = credential(trigger);
        String session = initialize(c.token());
        String slowId = "slow-" + trigger;
        String heldId = "held-" + trigger;
        try (RawLines listen = RawStream.get(gw, c.token(), session);
             RawLines call = RawStream.post(gw, c.token(), session, "{\"jsonrpc\":\"2.0\",\"id\":\"" + slowId
                     + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow_count\",\"arguments\":{\"count\":100,"
                     + "\"delayMs\":200},\"_meta\":{\"progressToken\":\"p-" + trigger + "\"}}}")) {
            assertNotNull(listen.await(s -> s.startsWith("HTTP/1.1 200"), Duration.ofSeconds(5)), "listen stream open");
            assertNotNull(call.await(s -> s.contains("notifications/progress"), Duration.ofSeconds(10)), "call streaming");
            CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> send(c.token(), session,
                    "{\"jsonrpc\":\"2.0\",\"id\":\"" + heldId + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                            + "\"arguments\":{\"message\":\"" + heldId + "\"}}}"));
            PendingApproval pending = pending(heldId);
            String upstreamSession = upstreamSessionOf("\"p-" + trigger + "\"");

            Instant ends = end(trigger, c);

            // the streaming call: the revoked error as its last event, then the end; nothing relayed after it
            String error = call.await(s -> s.startsWith("data:") && s.contains("\"id\":\"" + slowId + "\""),
                    BEFORE_NEXT_KEEP_ALIVE.plus(untilNow(ends)));
            assertNotNull(error, "the call got its final message before the next keep-alive");
            assertEquals(JsonRpcError.CREDENTIAL_REVOKED, JSON.readTree(error.substring(5)).at("/error/code").asInt(), error);
            List<String> after = call.until(s -> s.equals("0") || s.equals(EOF), Duration.ofSeconds(5));
            assertTrue(after.stream().anyMatch(s -> s.equals("0") || s.equals(EOF)), "the call's stream ended: " + after);
            assertFalse(after.stream().anyMatch(s -> s.contains("notifications/progress")), "nothing after the error: " + after);

            // the listen stream: closed
            assertNotNull(listen.await(s -> s.equals("0") || s.equals(EOF), BEFORE_NEXT_KEEP_ALIVE.plus(untilNow(ends))),
                    "the listen stream ended before the next keep-alive");

            // the held call: refused, withdrawn, and a later approval forwards nothing
            HttpResponse<String> refused = held.get(BEFORE_NEXT_KEEP_ALIVE.plus(untilNow(ends)).toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(403, refused.statusCode(), refused::body);
            assertEquals(JsonRpcError.CREDENTIAL_REVOKED, JSON.readTree(refused.body()).at("/error/code").asInt(), refused::body);
            RequestRejected late = assertThrows(RequestRejected.class,
                    () -> gw.gatehouse.governance().approvals().decide(pending.id(), true, "bob", null));
            assertEquals(RequestRejected.Reason.CONFLICT, late.reason());

            // the upstream: told to stop the call; never sent the held one
            JsonNode forwarded = JSON.readTree(gw.upstream.seen.stream().filter(s -> s.body().contains("\"" + "p-" + trigger + "\""))
                    .findFirst().orElseThrow().body());
            String cancelled = "\"requestId\":" + forwarded.get("id");
            assertTrue(eventually(() -> gw.upstream.seen.stream().anyMatch(s -> s.body().contains("notifications/cancelled")
                    && s.body().contains(cancelled) && s.body().contains("credential revoked"))), "the upstream was told to cancel");
            assertEquals(0, gw.upstream.count("\"message\":\"" + heldId + "\""), "the held call never reached the upstream");

            // the audit log: each cut call's terminal record, same correlation id, with host and user
            AuditEvent started = gw.awaitAudit(e -> e.kind() == AuditKind.CALL_STARTED && slowId.equals(e.jsonRpcId()), "start");
            AuditEvent completed = gw.awaitAudit(e -> e.kind() == AuditKind.CALL_COMPLETED && slowId.equals(e.jsonRpcId()),
                    "no completion record for the cut call");
            assertEquals(Outcome.REVOKED, completed.outcome());
            assertEquals(JsonRpcError.CREDENTIAL_REVOKED, completed.errorCode());
            assertEquals(started.correlationId(), completed.correlationId());
            assertEquals(c.hostId(), completed.hostId());
            assertEquals(c.user(), completed.tokenIssuedBy());
            AuditEvent heldEnd = gw.awaitAudit(e -> e.kind() == AuditKind.DENIED && heldId.equals(e.jsonRpcId()),
                    "no terminal record for the held call");
            assertEquals(Outcome.REVOKED, heldEnd.outcome());
            assertEquals(c.hostId(), heldEnd.hostId());
            assertEquals(c.user(), heldEnd.tokenIssuedBy());

            // the sessions of a connection that can no longer be used are closed upstream
            if (!trigger.connectionStaysUsable) {
                assertTrue(eventually(() -> gw.upstream.seen.stream().anyMatch(s -> s.method().equals("DELETE")
                        && upstreamSession.equals(header(s, "mcp-session-id")))), () -> "the upstream session " + upstreamSession
                        + " was closed; DELETEs seen: " + gw.upstream.seen.stream().filter(s -> s.method().equals("DELETE"))
                        .map(s -> header(s, "mcp-session-id")).toList());
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/json", "application/json, text/event-stream"})
    void whenClientLeavesWhileItsCallIsHeldThenTheHoldIsWithdrawnAndALaterApprovalSendsNothing(String accept) throws Exception {
        String heldId = "gone-" + accept.length();
        PendingApproval pending = leaveWhileHeld(heldId, accept);
        // the next still-held tick writes to the client (whitespace before a JSON answer, a comment on a stream)
        assertTrue(eventually(() -> gw.gatehouse.governance().approvals().pending("quickstart").stream()
                .noneMatch(a -> a.arguments().toString().contains(heldId)), Duration.ofSeconds(30)), "the hold was withdrawn");
        RequestRejected late = assertThrows(RequestRejected.class, () -> gw.gatehouse.governance().approvals()
                .decide(pending.id(), true, "bob", null));
        assertEquals(RequestRejected.Reason.CONFLICT, late.reason());
        assertEquals(0, gw.upstream.count("\"message\":\"" + heldId + "\""), "the call of a client that left was sent");
        // nobody denied it: the call's record says it was withdrawn because its client went away (catalogue 615)
        AuditEvent end = gw.awaitAudit(e -> e.kind() == AuditKind.DENIED && heldId.equals(e.jsonRpcId()),
                "no terminal record for the withdrawn call");
        assertEquals(Outcome.CANCELLED, end.outcome(), end::toString);
        assertEquals(JsonRpcError.REQUEST_CANCELLED, end.errorCode(), end::toString);
        assertTrue(end.detail().contains("the client went away") && !end.detail().contains("Denied"), end.detail());
        AuditEvent approval = gw.awaitAudit(e -> e.kind() == AuditKind.APPROVAL && e.outcome() == Outcome.CANCELLED
                && end.correlationId().equals(e.correlationId()), "no approval record of the withdrawal");
        assertTrue(approval.detail().endsWith("withdrawn: the client went away"), approval.detail());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/json", "application/json, text/event-stream"})
    void whenClientLeavesJustBeforeTheApprovalThenTheApprovedCallIsNotSent(String accept) throws Exception {
        String heldId = "left-" + accept.length();
        PendingApproval pending = leaveWhileHeld(heldId, accept);
        gw.gatehouse.governance().approvals().decide(pending.id(), true, "bob", null);
        // an approved call goes out within the probe gap: a generous window in which it must not
        assertFalse(eventually(() -> gw.upstream.count("\"message\":\"" + heldId + "\"") > 0, Duration.ofSeconds(3)),
                "the call of a client that left was sent on approval");
    }

    /**
     * The interleaving behind the run where an approved call of a client that had left was sent anyway: a client
     * that closes while its reader is still reading receives the first write after the close (its socket is only
     * half closed until the reader lets go), so only the next write draws the reset and only the one after fails.
     * Here the client sends its FIN, takes the first probe's bytes, then lets go; the approved call must still not
     * go out.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/json", "application/json, text/event-stream"})
    void whenClientClosesWhileReadingTheFirstProbeThenTheApprovedCallIsNotSent(String accept) throws Exception {
        String heldId = "half-" + accept.length();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + heldId + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + heldId + "\"}}}";
        try (RawLines call = RawStream.exchange(gw, "POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: {host}\r\n"
                + "Authorization: Bearer " + gw.quickstartToken + "\r\nContent-Type: application/json\r\nAccept: " + accept
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body)) {
            PendingApproval pending = pending(heldId);
            call.closeOutput(); // the FIN: the client is leaving
            gw.gatehouse.governance().approvals().decide(pending.id(), true, "bob", null);
            assertNotNull(call.await(line -> line.startsWith("HTTP/1.1 200"), Duration.ofSeconds(10)), "the first probe arrived");
        }
        assertFalse(eventually(() -> gw.upstream.count("\"message\":\"" + heldId + "\"") > 0, Duration.ofSeconds(3)),
                "the call of a client that left was sent on approval");
    }

    /** A call held for approval whose client then closes its connection without a word. */
    private PendingApproval leaveWhileHeld(String heldId, String accept) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + heldId + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + heldId + "\"}}}";
        try (RawLines call = RawStream.exchange(gw, "POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: {host}\r\n"
                + "Authorization: Bearer " + gw.quickstartToken + "\r\nContent-Type: application/json\r\nAccept: " + accept
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body)) {
            return pending(heldId);
        }
    }

    // ---- the triggers

    private Credential credential(Trigger trigger) throws Exception {
        String user = "user-" + trigger.name().toLowerCase();
        if (trigger.oauth()) {
            String clientId = register();
            OAuthClient client = gw.gatehouse.oauth().clientFor(clientId, REDIRECT);
            AuthorizationRequest request = gw.gatehouse.oauth().checkRequest(client, REDIRECT, "code", "st",
                    Pkce.challengeOf(VERIFIER), "S256", gw.gatewayUrl("quickstart"), "mcp");
            String code = gw.gatehouse.oauth().approve(request, user);
            JsonNode tokens = JSON.readTree(form("/gatehouse/oauth/token", Map.of("grant_type", "authorization_code",
                    "client_id", clientId, "code", code, "redirect_uri", REDIRECT, "code_verifier", VERIFIER,
                    "resource", gw.gatewayUrl("quickstart"))).body());
            String access = tokens.get("access_token").asText();
            ConsentGrant grant = gw.gatehouse.oauth().grants(Optional.of(user)).get(0);
            return new Credential(access, OAuthTokenFormat.publicId(access), grant.hostId(), user, grant.connectionId(), clientId);
        }
        Host host = gw.gatehouse.hosts().createHost(new NewHost("bot " + trigger, HostKind.TOKEN, null), "admin");
        Instant expiry = trigger == Trigger.EXPIRED ? Instant.now().plusSeconds(6) : null;
        var issued = gw.gatehouse.connections().connect(host.id(), "quickstart", expiry, user);
        return new Credential(issued.token(), issued.token().substring(4, 12), host.id(), user, issued.connection().id(), null);
    }

    /** Ends the credential; returns when it ends (now, or later for the time-based ones). */
    private Instant end(Trigger trigger, Credential c) throws Exception {
        Instant now = Instant.now();
        switch (trigger) {
            case CONNECTION_DELETED -> assertTrue(gw.gatehouse.connections().deleteConnection(c.connectionId(), "admin"));
            case CONNECTION_DISABLED -> gw.gatehouse.connections().setDisabled(c.connectionId(), true).orElseThrow();
            case HOST_DELETED -> assertTrue(gw.gatehouse.hosts().deleteHost(c.hostId(), "admin"));
            case HOST_DISABLED -> gw.gatehouse.hosts().setDisabled(c.hostId(), true).orElseThrow();
            case BREAK_GLASS -> assertEquals(1, gw.gatehouse.connections().revokeTokensIssuedBy(c.user(), "admin"));
            case TOKEN_ROTATED -> gw.gatehouse.connections().rotate(c.connectionId(), Duration.ZERO, null, "admin");
            case ROTATION_OVERLAP_ENDED -> {
                return gw.gatehouse.connections().rotate(c.connectionId(), Duration.ofSeconds(3), null, "admin")
                        .previousValidUntil();
            }
            case EXPIRED -> {
                return gw.gatehouse.connections().connection(c.connectionId()).orElseThrow().tokenExpiresAt();
            }
            case OAUTH_TOKEN_REVOKED -> assertEquals(200, form("/gatehouse/oauth/revoke",
                    Map.of("token", c.token(), "client_id", c.clientId())).statusCode()); // RFC 7009, over HTTP
            case BREAK_GLASS_OAUTH -> // the access and the refresh token
                    assertEquals(2, gw.gatehouse.connections().revokeTokensIssuedBy(c.user(), "admin"));
            case CONSENT_WITHDRAWN -> gw.gatehouse.oauth().revokeGrant(
                    gw.gatehouse.oauth().grants(Optional.of(c.user())).get(0).id(), "admin").orElseThrow();
        }
        return now;
    }

    // ---- helpers

    private static Duration untilNow(Instant ends) {
        Duration d = Duration.between(Instant.now(), ends);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private String initialize(String token) throws Exception {
        String url = gw.gatewayUrl("quickstart");
        String session = McpHttp.openSession(url, token, VERSION);
        // opens the session's upstream session before the listen GET and the call race to open one each
        assertEquals(200, McpHttp.post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION).statusCode());
        return session;
    }

    private HttpResponse<String> send(String token, String session, String body) {
        try {
            return McpHttp.send(McpHttp.request(gw.gatewayUrl("quickstart"), token, body).timeout(Duration.ofSeconds(60))
                    .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PendingApproval pending(String heldId) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            Optional<PendingApproval> p = gw.gatehouse.governance().approvals().pending("quickstart").stream()
                    .filter(a -> a.arguments().toString().contains(heldId)).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the call was not held");
    }

    /** The upstream session the gateway used for the call whose body holds {@code fragment}. */
    private String upstreamSessionOf(String fragment) {
        return gw.upstream.seen.stream().filter(s -> s.body().contains(fragment))
                .map(s -> header(s, "mcp-session-id")).filter(h -> h != null).findFirst().orElseThrow();
    }

    private static String header(UpstreamRecorder.Seen seen, String name) {
        return seen.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    private String register() throws Exception {
        HttpResponse<String> r = McpHttp.send(java.net.http.HttpRequest.newBuilder(URI.create(gw.baseUrl + "/gatehouse/oauth/register"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("client_name", "revocation test", "redirect_uris", List.of(REDIRECT),
                                "grant_types", List.of("authorization_code", "refresh_token"), "response_types", List.of("code"),
                                "token_endpoint_auth_method", "none")))));
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("client_id").asText();
    }

    private HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return McpHttp.send(java.net.http.HttpRequest.newBuilder(URI.create(gw.baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        return eventually(condition, Duration.ofSeconds(5));
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** The raw exchanges these tests watch line by line ({@link RawLines}), on the quickstart gateway. */
    static final class RawStream {
        private RawStream() {
        }

        static RawLines exchange(GatewayHarness gw, String head, String body) throws IOException {
            return RawLines.open(gw.baseUrl, head, body);
        }

        static RawLines get(GatewayHarness gw, String token, String session) throws IOException {
            return exchange(gw, "GET /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: " + VERSION
                    + "\r\n\r\n", "");
        }

        static RawLines post(GatewayHarness gw, String token, String session, String json) throws IOException {
            int length = json.getBytes(StandardCharsets.UTF_8).length;
            return exchange(gw, "POST /gatehouse/mcp/quickstart HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: "
                    + session + "\r\nMCP-Protocol-Version: " + VERSION + "\r\nContent-Length: " + length + "\r\n\r\n", json);
        }
    }
}
