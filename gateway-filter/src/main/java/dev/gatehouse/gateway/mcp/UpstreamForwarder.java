package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamRequest;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.core.upstream.UpstreamSessions;

import java.util.concurrent.CompletableFuture;

/**
 * Chooses the upstream session for a message: the client's own when it sent {@code Mcp-Session-Id}
 * (passed through as is), none for an {@code initialize} (the upstream issues one, relayed to the
 * client), and otherwise the gateway's own session with that upstream (sessionless clients).
 */
final class UpstreamForwarder {
    private final UpstreamClient client;
    private final UpstreamSessions sessions;

    UpstreamForwarder(UpstreamClient client, UpstreamSessions sessions) {
        this.client = client;
        this.sessions = sessions;
    }

    CompletableFuture<UpstreamResponse> send(McpCall call) {
        TransportHeaders h = call.headers();
        UpstreamRequest request = new UpstreamRequest(call.body(), h.sessionId(), h.protocolVersion(), h.lastEventId());
        if (call.clientSession() || call.isInitialize()) {
            return client.post(call.server(), request);
        }
        return sessions.send(call.server(), request);
    }

    CompletableFuture<UpstreamResponse> delete(UpstreamServer server, TransportHeaders headers) {
        return client.delete(server, headers.sessionId(), headers.protocolVersion());
    }
}
