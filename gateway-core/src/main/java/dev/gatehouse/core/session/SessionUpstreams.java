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
 * without one, the connection's (or Gatehouse's own) session on this node ({@link UpstreamSessions}).
 * An upstream session the upstream has expired (404) is reopened transparently, once, and the message
 * sent again.
 * <p>
 * A session has exactly one upstream session per server, whichever requests and nodes open it at once:
 * a request that finds none in its copy of the session looks in the store first, and a handshake's link is
 * recorded only if no other was recorded meanwhile (else the other is used and this one closed). Without
 * that, a listen GET and a {@code tools/call} racing on a new session could each open one, and a client's
 * answer to an elicitation could reach an upstream session that never asked the question.
 */
public final class SessionUpstreams {
    private static final System.Logger LOG = System.getLogger(SessionUpstreams.class.getName());
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

    /** Sends one message body to the server on the scope's upstream session. */
    public CompletableFuture<UpstreamResponse> post(UpstreamScope scope, UpstreamServer server, byte[] body) {
        return post(scope, server, body, null);
    }

    /** Sends one message body in a trace: the upstream gets {@code traceparent} (null: none). */
    public CompletableFuture<UpstreamResponse> post(UpstreamScope scope, UpstreamServer server, byte[] body,
                                                    String traceparent) {
        if (scope instanceof UpstreamScope.Session s) {
            return post(s.session(), server, body, null, traceparent);
        }
        String connectionId = scope instanceof UpstreamScope.Connection c ? c.connectionId() : null;
        return shared.send(connectionId, server, UpstreamRequest.of(body).traced(traceparent));
    }

    /** The session's upstream session for the server, opened if need be; empty while the server is unreachable. */
    public CompletableFuture<Optional<UpstreamLink>> link(SessionRef session, UpstreamServer server) {
        return opening(session, server, null).thenApply(o -> o instanceof UpstreamHandshake.Opening.Ready r
                ? Optional.of(r.link()) : Optional.empty());
    }

    /**
     * @param stale the link the upstream answered 404 to, being replaced; null on the first attempt
     */
    private CompletableFuture<UpstreamHandshake.Opening> opening(SessionRef session, UpstreamServer server, UpstreamLink stale) {
        UpstreamLink known = session.link(server.id());
        if (known != null) {
            return CompletableFuture.completedFuture(new UpstreamHandshake.Opening.Ready(known, null));
        }
        if (stale == null) { // another request, on this node or another, may have opened it since this one read the session
            Optional<UpstreamLink> recorded = store.linked(session.id(), server.id());
            if (recorded.isPresent()) {
                session.relink(server.id(), recorded.get());
                return CompletableFuture.completedFuture(new UpstreamHandshake.Opening.Ready(recorded.get(), null));
            }
        }
        String key = session.state().handle() + '/' + server.id();
        CompletableFuture<UpstreamHandshake.Opening> f = opening.computeIfAbsent(key, k -> open(session, server, stale));
        f.whenComplete((o, e) -> opening.remove(key, f));
        return f;
    }

    private CompletableFuture<UpstreamResponse> post(SessionRef session, UpstreamServer server, byte[] body, UpstreamLink stale,
                                                     String traceparent) {
        return opening(session, server, stale).thenCompose(o -> {
            if (o instanceof UpstreamHandshake.Opening.Unavailable u) {
                return CompletableFuture.completedFuture(u.reply());
            }
            UpstreamLink link = ((UpstreamHandshake.Opening.Ready) o).link();
            session.relink(server.id(), link);
            UpstreamRequest request = new UpstreamRequest(body, link.sessionId(), link.protocolVersion(), null, traceparent);
            return client.post(server, request).thenCompose(reply -> {
                if (stale == null && reply instanceof UpstreamResponse.Refused r && r.status() == 404) {
                    session.unlink(server.id(), link); // expired upstream: a fresh one, transparently
                    return post(session, server, body, link, traceparent);
                }
                return CompletableFuture.completedFuture(reply);
            });
        });
    }

    private CompletableFuture<UpstreamHandshake.Opening> open(SessionRef session, UpstreamServer server, UpstreamLink stale) {
        String version = session.state().protocolVersion();
        return handshake.open(server, version, session.state().clientCapabilities()).thenApply(o -> {
            if (!(o instanceof UpstreamHandshake.Opening.Ready r)) {
                return o;
            }
            UpstreamLink kept = store.link(session.id(), server.id(), stale, r.link());
            session.relink(server.id(), kept);
            if (kept.equals(r.link())) {
                return o;
            }
            // another request recorded its upstream session first: use that one, close ours
            LOG.log(System.Logger.Level.DEBUG, () -> "session " + session.state().shortHandle() + " already linked to "
                    + server.slug() + "; the second upstream session is closed");
            if (r.link().sessionId() != null) {
                client.delete(server, r.link().sessionId(), r.link().protocolVersion());
            }
            return new UpstreamHandshake.Opening.Ready(kept, r.result());
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
