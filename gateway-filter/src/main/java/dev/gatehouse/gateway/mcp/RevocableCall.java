package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.governance.CallGovernor;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.model.IdentityUse;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.revocation.CredentialWatch;

/**
 * One routed call's exposure to the revocation signal, from its admission to its end: when its credential
 * ends ({@link CredentialWatch}), a call held for approval is withdrawn (the refusal then answers the
 * client, and a later approval finds it settled), a call not yet sent is never sent, and a call in flight
 * is cut by the action its forwarder registered ({@link #sending}). Each step checks {@link #revoked()}.
 * The upstream identity the call presents to its server is watched too: deleting or disabling it cuts the
 * call the same way ({@link #error} then names the server).
 * <p>The call knows its credential ended the moment the watch reports it, on the revocation thread, before
 * that thread goes on to close the connection's upstream sessions; only the cut's work waits for a client
 * thread. A stream whose upstream session closes under it can therefore always tell a revocation from the
 * client leaving ({@link #cutError}).
 */
final class RevocableCall {
    private final String correlationId;
    private final CallGovernor governor;
    private CredentialWatch.Watch watch;
    private boolean revoked;
    /** The server whose identity ended, when that (not the token) cut the call. */
    private String identityServer;
    private Runnable inFlight;

    private RevocableCall(String correlationId, CallGovernor governor) {
        this.correlationId = correlationId;
        this.governor = governor;
    }

    /** Watches the call's credential until its exchange is over. */
    static RevocableCall watch(McpCall call, ClientLeg leg, CredentialWatch credentials, CallGovernor governor) {
        RevocableCall revocable = new RevocableCall(call.inbound().client().correlationId(), governor);
        TokenGrant grant = call.inbound().grant();
        if (grant != null && credentials != null) {
            IdentityUse identity = call.server() == null ? null : call.server().identity();
            java.util.Set<String> identities = identity == null || identity.identityId() == null ? java.util.Set.of()
                    : java.util.Set.of(identity.identityId());
            String server = call.server() == null ? null : call.server().slug();
            CredentialWatch.Watch w = credentials.watch(grant, identities, call.inbound().client().startNanos(),
                    cut -> {
                        if (revocable.ended(cut.identityEnded() ? server : null)) {
                            leg.dispatch(revocable::cut);
                        }
                    });
            synchronized (revocable) {
                revocable.watch = w;
            }
            leg.onOver(revocable::close);
        }
        return revocable;
    }

    /** True once the call's credential ended: it must not be sent, nor its answer relayed. */
    synchronized boolean revoked() {
        return revoked;
    }

    /** The error the call ends with if its credential ended, else null. */
    synchronized McpError cutError(JsonRpcId id) {
        return revoked ? error(id) : null;
    }

    /** The error a cut call ends with: the token's revocation, or the server's identity that ended. */
    synchronized McpError error(JsonRpcId id) {
        return identityServer == null ? McpError.revoked(id) : McpError.identityEnded(id, identityServer);
    }

    /**
     * The call is about to be sent: {@code cut} stops it in flight if its credential ends from now on.
     * False when the credential already ended (the call must then not be sent).
     */
    synchronized boolean sending(Runnable cut) {
        if (revoked) {
            return false;
        }
        inFlight = cut;
        return true;
    }

    /** Marks the credential ended ({@code endedIdentityOf}: the server whose identity ended, else null); false if it was already. */
    private synchronized boolean ended(String endedIdentityOf) {
        if (revoked) {
            return false;
        }
        revoked = true;
        identityServer = endedIdentityOf;
        return true;
    }

    /** Cuts the call: in flight by its forwarder's action, held by withdrawing it. */
    private void cut() {
        Runnable action;
        synchronized (this) {
            action = inFlight;
        }
        if (action != null) {
            action.run();
        } else if (governor != null) {
            governor.withdrawRevoked(correlationId); // held: its refusal answers the client as revoked
        }
    }

    private void close() {
        CredentialWatch.Watch w;
        synchronized (this) {
            w = watch;
        }
        if (w != null) {
            w.close();
        }
    }
}
