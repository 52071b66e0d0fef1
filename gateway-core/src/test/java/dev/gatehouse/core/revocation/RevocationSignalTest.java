package dev.gatehouse.core.revocation;

import dev.gatehouse.core.governance.TwoNodes;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.runtime.Gatehouse;
import dev.gatehouse.core.store.Authentication;
import dev.gatehouse.core.store.NewHost;
import dev.gatehouse.core.token.ApiTokenFormat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one revocation signal between two nodes on one database: what node b holds open with a credential is
 * cut when node a ends that credential, by whichever path, and left alone when another credential ends.
 * Bounds are generous (the promise is one second; the poll is 250 ms): a cut that never comes fails.
 */
@Timeout(60)
class RevocationSignalTest {
    @AutoClose
    private final TwoNodes nodes = TwoNodes.withQuickstart();

    private IssuedConnection connect(String hostName) {
        var host = nodes.a.hosts().createHost(new NewHost(hostName, HostKind.TOKEN, null), "alice");
        return nodes.a.connections().connect(host.id(), "quickstart", null, "alice");
    }

    private static TokenGrant grant(Gatehouse node, String token) {
        var result = node.authenticator().authenticate(ApiTokenFormat.parse(token).orElseThrow());
        return ((Authentication.Granted) result).grant();
    }

    private CompletableFuture<CredentialWatch.Cut> watchOnB(String token) {
        CompletableFuture<CredentialWatch.Cut> cut = new CompletableFuture<>();
        nodes.b.credentials().watch(grant(nodes.b, token), System.nanoTime(), cut::complete);
        return cut;
    }

    @Test
    void deletingAConnectionOnNodeACutsWhatNodeBHoldsOpenWithItsToken() throws Exception {
        IssuedConnection doomed = connect("CI bot");
        IssuedConnection other = connect("Other bot");
        var cut = watchOnB(doomed.token());
        var untouched = watchOnB(other.token());
        nodes.a.connections().deleteConnection(doomed.connection().id(), "admin");
        assertEquals(Authentication.Reason.REVOKED, cut.get(5, TimeUnit.SECONDS).reason());
        assertFalse(untouched.isDone(), "a valid credential is never cut");
        assertEquals(1, nodes.b.credentials().size());
    }

    @Test
    void disablingTheHostOnNodeACutsWithTheKillSwitchAsReason() throws Exception {
        IssuedConnection c = connect("CI bot");
        var cut = watchOnB(c.token());
        nodes.a.hosts().setDisabled(c.connection().hostId(), true);
        assertEquals(Authentication.Reason.HOST_DISABLED, cut.get(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void breakGlassOnNodeACutsEveryTokenTheUserGenerated() throws Exception {
        var cut = watchOnB(connect("CI bot").token());
        var cut2 = watchOnB(connect("Nightly").token());
        nodes.a.connections().revokeTokensIssuedBy("alice", "admin");
        assertEquals(Authentication.Reason.REVOKED, cut.get(5, TimeUnit.SECONDS).reason());
        assertEquals(Authentication.Reason.REVOKED, cut2.get(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void rotationWithAnOverlapCutsTheOldTokenAtTheEndOfTheOverlapNotBefore() throws Exception {
        IssuedConnection c = connect("CI bot");
        var cut = watchOnB(c.token());
        long rotated = System.nanoTime();
        var rotation = nodes.a.connections().rotate(c.connection().id(), Duration.ofSeconds(2), null, "admin");
        var newToken = watchOnB(rotation.token());
        CredentialWatch.Cut done = cut.get(10, TimeUnit.SECONDS);
        assertTrue(done.byTime(), "the old token ends by time, at the end of its overlap");
        assertTrue(System.nanoTime() - rotated >= Duration.ofMillis(1900).toNanos(), "not before the overlap ended");
        assertFalse(newToken.isDone(), "the new token stays");
    }

    @Test
    void aCredentialThatExpiresIsCutAtItsExpiryWithoutAnyoneRaisingTheSignal() throws Exception {
        var host = nodes.a.hosts().createHost(new NewHost("Short", HostKind.TOKEN, null), "alice");
        var c = nodes.a.connections().connect(host.id(), "quickstart", java.time.Instant.now().plusSeconds(2), "alice");
        var cut = watchOnB(c.token());
        assertTrue(cut.get(10, TimeUnit.SECONDS).byTime());
    }

    @Test
    void aStreamRegisteredAfterTheSignalMovedButCheckedBeforeIsCheckedAgain() throws Exception {
        IssuedConnection c = connect("CI bot");
        TokenGrant checkedEarly = grant(nodes.b, c.token());
        long checkedAt = System.nanoTime();
        nodes.a.connections().deleteConnection(c.connection().id(), "admin");
        // node b sees the version move before anything is registered
        long seen = nodes.b.revocations().movedAtNanos();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (nodes.b.revocations().movedAtNanos() == seen && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        CompletableFuture<CredentialWatch.Cut> cut = new CompletableFuture<>();
        nodes.b.credentials().watch(checkedEarly, checkedAt, cut::complete);
        assertEquals(Authentication.Reason.REVOKED, cut.get(5, TimeUnit.SECONDS).reason());
    }
}
