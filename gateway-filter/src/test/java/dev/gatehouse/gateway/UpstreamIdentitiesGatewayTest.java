package dev.gatehouse.gateway;

import dev.gatehouse.core.identity.UpstreamIdentity;
import dev.gatehouse.core.model.AuditKind;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.store.NewGateway;
import dev.gatehouse.core.store.NewHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream identities at call time (issue 17): the demo server assigned twice on one gateway, {@code shared}
 * (prefix {@code svc}, the server's shared key) and {@code per-user} (prefix {@code me}, the key of the user
 * who generated the token). Each user's calls carry their own key upstream, never their Gatehouse token; a
 * user without a usable identity gets a JSON-RPC error naming the server and what to do, while the shared
 * assignment keeps working for them; the audit names the identity, never its secret.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamIdentitiesGatewayTest {
    private static final String ALICE_KEY = "alice-personal-key-3d9f";
    private GatewayHarness gw;
    private String url;
    private String aliceToken;
    private String bobToken;
    private UpstreamIdentity alices;

    @BeforeAll
    void start(GatewayHarness harness) {
        gw = harness;
        gw.gatehouse.catalog().createGateway(new NewGateway("Mixed", "mixed", null, List.of(
                new NewGateway.Assignment("demo", "svc", IdentityScheme.SHARED),
                new NewGateway.Assignment("demo", "me", IdentityScheme.PER_USER))), "admin");
        Host host = gw.gatehouse.hosts().createHost(new NewHost("Agent for many", HostKind.TOKEN, "one connection per user"), "admin");
        aliceToken = gw.gatehouse.connections().connect(host.id(), "mixed", null, "alice").token();
        bobToken = gw.gatehouse.connections().connect(host.id(), "mixed", null, "bob").token();
        alices = gw.gatehouse.identities().putSecret("demo", "alice", GatewayHarness.UPSTREAM_KEY_HEADER, ALICE_KEY, "alice");
        url = gw.gatewayUrl("mixed");
    }

    private HttpResponse<String> call(String token, String id, String tool) throws Exception {
        return McpHttp.post(url, token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"" + tool + "\",\"arguments\":{\"message\":\"" + id + "\"}}}", "Accept", "application/json");
    }

    /** The key the upstream saw on the tools/call with this JSON-RPC id (ids are unique per test). */
    private UpstreamRecorder.Seen seenCall(String id) {
        return gw.upstream.seen.stream().filter(s -> s.body().contains("\"" + id + "\"") && s.body().contains("tools/call"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("the upstream never saw call " + id));
    }

    @Test
    @Order(1)
    void perUserCallWhenTheUserHasASecretThenItsKeyGoesUpstreamAndTheSharedAssignmentKeepsTheSharedKey() throws Exception {
        HttpResponse<String> mine = call(aliceToken, "id-alice-me-1", "me__echo");
        assertEquals(200, mine.statusCode(), mine.body());
        assertTrue(mine.body().contains("id-alice-me-1"), mine.body());
        UpstreamRecorder.Seen seen = seenCall("id-alice-me-1");
        assertEquals(ALICE_KEY, seen.header(GatewayHarness.UPSTREAM_KEY_HEADER));
        assertNull(seen.header("Authorization"), "the Gatehouse token never goes upstream");

        HttpResponse<String> shared = call(aliceToken, "id-alice-svc-1", "svc__echo");
        assertEquals(200, shared.statusCode(), shared.body());
        assertEquals(GatewayHarness.UPSTREAM_KEY, seenCall("id-alice-svc-1").header(GatewayHarness.UPSTREAM_KEY_HEADER));
    }

    @Test
    @Order(2)
    void perUserCallWhenAnswerIsAuditedThenTheRecordNamesTheIdentityAndNeverItsSecret() throws Exception {
        call(aliceToken, "id-alice-audit", "me__echo");
        var record = gw.completed("id-alice-audit");
        assertTrue(record.detail().contains("identity per-user alice [" + alices.id() + "]"), record.detail());
        assertFalse(record.detail().contains(ALICE_KEY), record.detail());
        var started = gw.awaitAudit(e -> "id-alice-audit".equals(e.jsonRpcId()) && e.kind() == AuditKind.CALL_STARTED,
                "no start record");
        assertTrue(started.detail().contains("per-user alice"), started.detail());
        var svc = gw.completed(call(aliceToken, "id-alice-svc-audit", "svc__echo").statusCode() == 200 ? "id-alice-svc-audit" : "?");
        assertTrue(svc.detail().contains("identity shared"), svc.detail());
    }

    @Test
    @Order(3)
    void perUserCallWhenTheUserHasNoIdentityThenAClearErrorNamesTheServerAndTheSharedAssignmentStillAnswers() throws Exception {
        int before = gw.upstream.seen.size();
        HttpResponse<String> mine = call(bobToken, "id-bob-me-1", "me__echo");
        assertEquals(403, mine.statusCode(), mine.body());
        assertTrue(mine.body().contains("\"code\":-32060"), mine.body());
        assertTrue(mine.body().contains("Server 'demo' needs your own identity and user 'bob' has none"), mine.body());
        assertTrue(mine.body().contains("Identities"), mine.body());
        assertTrue(gw.upstream.seen.subList(before, gw.upstream.seen.size()).stream()
                .noneMatch(s -> s.body().contains("id-bob-me-1")), "never sent without an identity");

        HttpResponse<String> shared = call(bobToken, "id-bob-svc-1", "svc__echo");
        assertEquals(200, shared.statusCode(), shared.body());

        HttpResponse<String> list = McpHttp.post(url, bobToken, "{\"jsonrpc\":\"2.0\",\"id\":\"l1\",\"method\":\"tools/list\"}",
                "Accept", "application/json");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("svc__echo") && !list.body().contains("me__echo"), list.body());
    }

    @Test
    @Order(4)
    void perUserCallWhenTheIdentityIsDisabledThenRefusedAndWhenEnabledAgainThenAnswered() throws Exception {
        gw.gatehouse.identities().setEnabled(alices.id(), false, "alice");
        HttpResponse<String> off = call(aliceToken, "id-alice-off", "me__echo");
        assertEquals(403, off.statusCode(), off.body());
        assertTrue(off.body().contains("Your identity for server 'demo' is disabled"), off.body());
        assertEquals(200, call(aliceToken, "id-alice-svc-off", "svc__echo").statusCode());

        gw.gatehouse.identities().setEnabled(alices.id(), true, "alice");
        assertEquals(200, call(aliceToken, "id-alice-on", "me__echo").statusCode());
    }

    @Test
    @Order(5)
    void perUserCallWhenTheIdentityIsDeletedThenTheVeryNextCallIsRefused() throws Exception {
        assertTrue(gw.gatehouse.identities().delete(alices.id(), "alice").isPresent());
        HttpResponse<String> gone = call(aliceToken, "id-alice-gone", "me__echo");
        assertEquals(403, gone.statusCode(), gone.body());
        assertTrue(gone.body().contains("user 'alice' has none"), gone.body());
    }
}
