package dev.gatehouse.core.upstream;

import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.UpstreamLink;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's own MCP session with each upstream, for clients that bring no session (a plain
 * {@code curl} of {@code tools/list} or {@code tools/call}, and every client of the stateless 2026-07-28
 * revision). Stateful servers, the MCP Java SDK's among them, refuse requests outside a session, so
 * Gatehouse opens one per node and upstream server on first use and shares it for all such requests.
 * Concurrent first requests open it once; a session the upstream has forgotten (404) is reopened once
 * and the request retried. The upstream's initialize result is kept: it tells what the server offers.
 */
public final class UpstreamSessions {
    private final UpstreamClient client;
    private final UpstreamHandshake handshake;
    private final ConcurrentMap<String, CompletableFuture<Opened>> sessions = new ConcurrentHashMap<>();

    private record Opened(UpstreamHandshake.Opening opening, UpstreamServer server) {
    }

    public UpstreamSessions(UpstreamClient client, UpstreamHandshake handshake) {
        this.client = client;
        this.handshake = handshake;
    }

    /** Sends the message on the gateway's session with the server, opening it first if need be. */
    public CompletableFuture<UpstreamResponse> send(UpstreamServer server, UpstreamRequest request) {
        return send(server, request, true);
    }

    /** The server's initialize result (capabilities, serverInfo, instructions); empty while it is unreachable. */
    public CompletableFuture<Optional<RawJson>> describe(UpstreamServer server) {
        return session(server).thenApply(o -> o.opening() instanceof UpstreamHandshake.Opening.Ready r
                ? Optional.of(r.result()) : Optional.empty());
    }

    /** The node's session with the server, for a listen stream or a resumption. */
    public CompletableFuture<Optional<UpstreamLink>> link(UpstreamServer server) {
        return session(server).thenApply(o -> o.opening() instanceof UpstreamHandshake.Opening.Ready r
                ? Optional.of(r.link()) : Optional.empty());
    }

    private CompletableFuture<UpstreamResponse> send(UpstreamServer server, UpstreamRequest request, boolean mayReopen) {
        CompletableFuture<Opened> opening = session(server);
        return opening.thenCompose(o -> {
            if (o.opening() instanceof UpstreamHandshake.Opening.Unavailable u) {
                return CompletableFuture.completedFuture(u.reply());
            }
            UpstreamLink s = ((UpstreamHandshake.Opening.Ready) o.opening()).link();
            return client.post(server, request.onSession(s.sessionId(), s.protocolVersion())).thenCompose(reply -> {
                if (mayReopen && reply instanceof UpstreamResponse.Refused r && r.status() == 404) {
                    sessions.remove(key(server), opening); // the upstream forgot it (restart, expiry)
                    return send(server, request, false);
                }
                return CompletableFuture.completedFuture(reply);
            });
        });
    }

    private CompletableFuture<Opened> session(UpstreamServer server) {
        String key = key(server);
        CompletableFuture<Opened> f = sessions.computeIfAbsent(key, k -> handshake
                .open(server, McpMethods.GATEWAY_PROTOCOL_VERSION, "{}").thenApply(o -> new Opened(o, server)));
        f.thenAccept(o -> {
            if (o.opening() instanceof UpstreamHandshake.Opening.Unavailable) {
                sessions.remove(key, f); // the next request tries again
            }
        });
        return f;
    }

    private static String key(UpstreamServer server) {
        return server.id() + ' ' + server.url();
    }

    /** Ends the gateway's sessions at their servers; completes when every server has answered or failed. */
    public CompletableFuture<Void> closeAll() {
        CompletableFuture<?>[] deletes = sessions.values().stream()
                .map(f -> f.getNow(null))
                .filter(o -> o != null && o.opening() instanceof UpstreamHandshake.Opening.Ready r && r.link().sessionId() != null)
                .map(o -> {
                    UpstreamLink link = ((UpstreamHandshake.Opening.Ready) o.opening()).link();
                    return client.delete(o.server(), link.sessionId(), link.protocolVersion());
                })
                .toArray(CompletableFuture<?>[]::new);
        sessions.clear();
        return CompletableFuture.allOf(deletes);
    }
}
