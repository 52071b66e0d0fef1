package dev.gatehouse.core.resilience;

import dev.gatehouse.core.upstream.UpstreamResponse;

/**
 * Whether an unusable upstream reply is the server's fault, for its {@link CircuitBreaker}: unreachable,
 * deadline passed, not MCP, a redirect or a 5xx are; a 4xx refusal is the server judging the request
 * (a client must not be able to open the circuit for everyone with requests the server rejects).
 */
public final class UpstreamFault {
    private UpstreamFault() {
    }

    /** @param unusable a reply that carried no answer (a failure, a refusal, or a body that is not the answer) */
    public static boolean isFault(UpstreamResponse unusable) {
        return !(unusable instanceof UpstreamResponse.Refused r && r.status() >= 400 && r.status() < 500)
                && !(unusable instanceof UpstreamResponse.NoIdentity); // never sent: the user's, not the server's

    }
}
