package dev.gatehouse.core.session;

import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamHandshake;
import dev.gatehouse.core.upstream.UpstreamRequest;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.core.upstream.UpstreamSessions;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The upstream leg of every message: on a Gatehouse session, that session's own upstream session with
 * the server, opened on first use (declaring the client's capabilities, so the upstream may send it
 * sampling, elicitation or roots requests) and recorded in the shared store, so any node continues it;
 * without one, the node's shared session ({@link UpstreamSessions}). An upstream session the upstream
 * has expired (404) is reopened transparently, once, and the message sent again.
 */
public final class SessionUpstreams {
    private final UpstreamClient client;
    private final UpstreamHandshake handshake;
    private final UpstreamSessions shared;
    private final McpSessionStore store;
    private final ConcurrentMap<String, CompletableFuture<UpstreamHandshake.Opening>> opening = new ConcurrentHashMap<>();

    public SessionUpstreams(UpstreamClient client, UpstreamHandshake handshake, UpstreamSessions shared,
                            McpSessionStore store) {
        this.client = client;
        this.handshake = handshake;
        this.shared = shared;
        this.store = store;
    }

    /** Sends one message body to the server on the session's upstream session (or the node's, when null). */
    public CompletableFuture<UpstreamResponse> post(SessionRef session, UpstreamServer server, byte[] body) {
        if (session == null) {
            return shared.send(server, UpstreamRequest.of(body));
        }
        return post(session, server, body, true);
    }

    /** The upstream session for the server, opened if need be; empty while the server is unreachable. */
    public CompletableFuture<Optional<UpstreamLink>> link(SessionRef session, UpstreamServer server) {
        if (session == null) {
            return shared.link(server);
        }
        return opening(session, server).thenApply(o -> o instanceof UpstreamHandshake.Opening.Ready r
                ? Optional.of(r.link()) : Optional.empty());
    }

    private CompletableFuture<UpstreamHandshake.Opening> opening(SessionRef session, UpstreamServer server) {
        UpstreamLink known = session.link(server.id());
        if (known != null) {
            return CompletableFuture.completedFuture(new UpstreamHandshake.Opening.Ready(known, null));
        }
        String key = session.state().handle() + '/' + server.id();
        CompletableFuture<UpstreamHandshake.Opening> f = opening.computeIfAbsent(key, k -> open(session, server));
        f.whenComplete((o, e) -> opening.remove(key, f));
        return f;
    }

    private CompletableFuture<UpstreamResponse> post(SessionRef session, UpstreamServer server, byte[] body, boolean mayReopen) {
        return opening(session, server).thenCompose(o -> {
            if (o instanceof UpstreamHandshake.Opening.Unavailable u) {
                return CompletableFuture.completedFuture(u.reply());
            }
            UpstreamLink link = ((UpstreamHandshake.Opening.Ready) o).link();
            UpstreamRequest request = new UpstreamRequest(body, link.sessionId(), link.protocolVersion(), null);
            return client.post(server, request).thenCompose(reply -> {
                if (mayReopen && reply instanceof UpstreamResponse.Refused r && r.status() == 404) {
                    session.unlink(server.id(), link); // expired upstream: a fresh one, transparently
                    return post(session, server, body, false);
                }
                return CompletableFuture.completedFuture(reply);
            });
        });
    }

    private CompletableFuture<UpstreamHandshake.Opening> open(SessionRef session, UpstreamServer server) {
        String version = session.state().protocolVersion();
        return handshake.open(server, version, session.state().clientCapabilities()).thenApply(o -> {
            if (o instanceof UpstreamHandshake.Opening.Ready r) {
                store.link(session.id(), server.id(), r.link());
                session.relink(server.id(), r.link());
            }
            return o;
        });
    }

    /** Ends the upstream sessions of an ended Gatehouse session; best effort, completes when all answered. */
    public CompletableFuture<Void> close(McpSession ended, Function<String, Optional<UpstreamServer>> servers) {
        CompletableFuture<?>[] deletes = ended.upstreams().entrySet().stream()
                .filter(e -> e.getValue().sessionId() != null)
                .flatMap(e -> servers.apply(e.getKey()).stream()
                        .map(s -> client.delete(s, e.getValue().sessionId(), e.getValue().protocolVersion())))
                .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(deletes);
    }
}
