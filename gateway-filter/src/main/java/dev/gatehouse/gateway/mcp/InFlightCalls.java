package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The forwarded requests in flight on this node, by whose they are and the id the client gave them, so a
 * client's {@code notifications/cancelled} (MCP "Cancellation") ends the very call it names: on a
 * session, the session's requests; without one, the connection's. A second request with an id already
 * in flight for the same owner (two sessionless clients sharing a token) is not registered: a
 * cancellation naming that id could mean either, so it cancels neither.
 */
final class InFlightCalls {
    /** Whose request: {@code owner} is a session's handle or a connection's id, kept apart by {@code kind}. */
    private record Key(char kind, String owner, String id) {
    }

    private final ConcurrentMap<Key, Consumer<String>> calls = new ConcurrentHashMap<>();

    /**
     * Registers the call until its exchange is over.
     *
     * @param cancel ends the call, given the client's reason (may be null)
     */
    void register(McpCall call, ClientLeg leg, Consumer<String> cancel) {
        Key key = keyOf(call, call.id());
        if (key == null || calls.putIfAbsent(key, cancel) != null) {
            return;
        }
        leg.onOver(() -> calls.remove(key, cancel));
    }

    /**
     * Cancels the call {@code requestId} of the sender of {@code notice}, if it is in flight on this node.
     *
     * @return true when one was found and cancelled
     */
    boolean cancel(McpCall notice, JsonRpcId requestId, String reason) {
        Key key = keyOf(notice, requestId);
        Consumer<String> cancel = key == null ? null : calls.remove(key);
        if (cancel == null) {
            return false;
        }
        cancel.accept(reason);
        return true;
    }

    private static Key keyOf(McpCall call, JsonRpcId id) {
        Objects.requireNonNull(id, "id");
        if (call.session() != null) {
            return new Key('s', call.session().state().handle(), id.json());
        }
        return call.inbound().grant() == null ? null : new Key('c', call.inbound().grant().connectionId(), id.json());
    }
}
