package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.resilience.UpstreamFault;
import dev.gatehouse.core.upstream.UpstreamFailureText;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The node's circuit breaker on the upstream leg of forwarded requests: a request to a server whose
 * circuit is open is answered at once with 503 and {@code Retry-After} and never sent (a failing server
 * gets a rest, clients do not wait for its deadline); every other request tells the circuit how the
 * server did, read from how the exchange ended.
 */
final class UpstreamCircuit {
    /**
     * The audit record's detail for a request refused by an open circuit, followed by the server's last
     * failure on this node ({@code circuit open after: unreachable: connection refused}).
     */
    static final String CIRCUIT_OPEN = "circuit open";

    private final CircuitBreaker breaker;
    /** Each server's last failure on this node, in Gatehouse's words: what a refusal by its open circuit says it follows. */
    private final java.util.Map<String, String> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();

    UpstreamCircuit(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /**
     * True when the routed call may go upstream; false when its server's circuit is open, in which case
     * the client has been answered (503, {@code Retry-After}, a JSON-RPC error) and {@code finish} told.
     */
    boolean admit(McpCall call, ClientLeg leg, Function<Ending, CompletableFuture<Void>> finish) {
        if (!(breaker.acquire(call.server().id()) instanceof CircuitBreaker.Permit.Refused refused)) {
            return true;
        }
        leg.header("Retry-After", Long.toString(refused.retryAfterSeconds()));
        String last = lastFailure.get(call.server().id());
        String why = last == null ? CIRCUIT_OPEN : CIRCUIT_OPEN + " after: " + last;
        ReplyRelay.fail(ReplyRelay.named(call, McpError.circuitOpen(call.id())), leg, null,
                ending -> finish.apply(ending.because(why)));
        return false;
    }

    /** {@code finish}, after telling the server's circuit what the exchange's ending says about the server. */
    Function<Ending, CompletableFuture<Void>> reporting(UpstreamServer server, UpstreamResponse reply,
                                                       Function<Ending, CompletableFuture<Void>> finish) {
        return ending -> {
            record(server.id(), reply, ending);
            return finish.apply(ending);
        };
    }

    private void record(String serverId, UpstreamResponse reply, Ending ending) {
        switch (ending.outcome()) {
            case CANCELLED -> {
                // the client left: nothing learnt about the server (a probe left unreported is replaced in time)
            }
            case TIMEOUT -> failure(serverId, reply);
            case UPSTREAM_ERROR -> {
                if (UpstreamFault.isFault(reply)) {
                    failure(serverId, reply);
                } else {
                    breaker.success(serverId); // a 4xx: the server judged the request, it is up
                }
            }
            default -> breaker.success(serverId); // an answer, a JSON-RPC error or a tool's error included
        }
    }

    private void failure(String serverId, UpstreamResponse reply) {
        String text = UpstreamFailureText.of(reply);
        if (text != null) {
            lastFailure.put(serverId, text);
        }
        breaker.failure(serverId);
    }
}
