package dev.gatehouse.core.upstream;

import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.UpstreamLink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream sessions of clients that bring no session of their own (a plain {@code curl} of
 * {@code tools/list} or {@code tools/call}, and every client of the stateless 2026-07-28 revision), and
 * Gatehouse's own. Stateful servers, the MCP Java SDK's among them, refuse requests outside a session,
 * so Gatehouse opens one per connection and server on this node on first use, and reuses it for that
 * connection's later requests: upstream state (subscriptions, log level, anything the server keeps per
 * session) never crosses from one connection, or tenant, to another. The cache is bounded
 * ({@code maxSessions}; the least recently used goes first) and a session idle for {@code idleLimit} goes
 * too ({@link #evictIdle}), never one with an exchange still open (a long streaming call); either way it is
 * ended at the server with {@code DELETE}. Gatehouse's own
 * session with each server (never used for a client's message) learns what the server offers
 * ({@link #describe}) and serves the admin's checks. Concurrent first requests open a session once; a
 * session the upstream has forgotten (404) is reopened once and the request retried.
 */
public final class UpstreamSessions {
    /** Defaults: enough for every connection of a busy node; a session nobody used for ten minutes is ended. */
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    public static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(10);

    private final UpstreamClient client;
    private final UpstreamHandshake handshake;
    private final Clock clock;
    private final int maxSessions;
    private final Duration idleLimit;
    private final ConcurrentMap<Key, Entry> sessions = new ConcurrentHashMap<>();

    /** Whose session with which server: {@code connectionId} null for Gatehouse's own. */
    private record Key(String connectionId, String serverId, String url) {
    }

    private record Opened(UpstreamHandshake.Opening opening, UpstreamServer server) {
    }

    /**
     * One cached session, when it was last used, and how many exchanges on it are still open (a call
     * streaming for longer than the idle limit keeps its session: it is idle only once nothing is open).
     */
    private final class Entry {
        final CompletableFuture<Opened> opened;
        final AtomicInteger open = new AtomicInteger();
        volatile Instant lastUsed;

        Entry(CompletableFuture<Opened> opened, Instant now) {
            this.opened = opened;
            this.lastUsed = now;
        }

        boolean idleSince(Instant before) {
            return open.get() == 0 && lastUsed.isBefore(before);
        }

        /** One exchange ended (its reply, or the end of its event stream). */
        void ended() {
            lastUsed = clock.instant();
            open.decrementAndGet();
        }
    }

    public UpstreamSessions(UpstreamClient client, UpstreamHandshake handshake) {
        this(client, handshake, Clock.systemUTC(), DEFAULT_MAX_SESSIONS, DEFAULT_IDLE_LIMIT);
    }

    public UpstreamSessions(UpstreamClient client, UpstreamHandshake handshake, Clock clock, int maxSessions, Duration idleLimit) {
        if (maxSessions < 1 || idleLimit.isNegative() || idleLimit.isZero()) {
            throw new IllegalArgumentException("at least one upstream session, idle for a positive time");
        }
        this.client = client;
        this.handshake = handshake;
        this.clock = clock;
        this.maxSessions = maxSessions;
        this.idleLimit = idleLimit;
    }

    /**
     * Sends the message on the connection's session with the server (Gatehouse's own when
     * {@code connectionId} is null), opening it first if need be.
     */
    public CompletableFuture<UpstreamResponse> send(String connectionId, UpstreamServer server, UpstreamRequest request) {
        return send(new Key(connectionId, server.id(), server.url().toString()), server, request, true);
    }

    /** Sends the message on Gatehouse's own session with the server. */
    public CompletableFuture<UpstreamResponse> send(UpstreamServer server, UpstreamRequest request) {
        return send(null, server, request);
    }

    /** The server's initialize result (capabilities, serverInfo, instructions), from Gatehouse's own session; empty while it is unreachable. */
    public CompletableFuture<Optional<RawJson>> describe(UpstreamServer server) {
        return session(own(server), server).thenApply(o -> o.opening() instanceof UpstreamHandshake.Opening.Ready r
                ? Optional.of(r.result()) : Optional.empty());
    }

    /** How many sessions this node holds open with upstreams (its own included). */
    public int size() {
        return sessions.size();
    }

    private static Key own(UpstreamServer server) {
        return new Key(null, server.id(), server.url().toString());
    }

    private CompletableFuture<UpstreamResponse> send(Key key, UpstreamServer server, UpstreamRequest request, boolean mayReopen) {
        Entry entry = entry(key, server);
        entry.open.incrementAndGet();
        CompletableFuture<UpstreamResponse> reply = send(key, entry, server, request, mayReopen);
        return reply.thenApply(r -> {
            if (r instanceof UpstreamResponse.Stream s) {
                return new UpstreamResponse.Stream(s.status(), s.sessionId(), new Tracked(s.events(), entry));
            }
            entry.ended();
            return r;
        });
    }

    private CompletableFuture<UpstreamResponse> send(Key key, Entry entry, UpstreamServer server, UpstreamRequest request,
                                                     boolean mayReopen) {
        CompletableFuture<Opened> opening = entry.opened;
        return opening.thenCompose(o -> {
            if (o.opening() instanceof UpstreamHandshake.Opening.Unavailable u) {
                return CompletableFuture.completedFuture(u.reply());
            }
            UpstreamLink s = ((UpstreamHandshake.Opening.Ready) o.opening()).link();
            return client.post(server, request.onSession(s.sessionId(), s.protocolVersion())).thenCompose(reply -> {
                if (mayReopen && reply instanceof UpstreamResponse.Refused r && r.status() == 404) {
                    sessions.computeIfPresent(key, (k, e) -> e.opened == opening ? null : e); // the upstream forgot it
                    return send(key, server, request, false);
                }
                return CompletableFuture.completedFuture(reply);
            });
        });
    }

    private CompletableFuture<Opened> session(Key key, UpstreamServer server) {
        return entry(key, server).opened;
    }

    private Entry entry(Key key, UpstreamServer server) {
        Instant now = clock.instant();
        boolean[] created = new boolean[1];
        Entry entry = sessions.computeIfAbsent(key, k -> {
            created[0] = true;
            String capabilities = "{}";
            return new Entry(handshake.open(server, McpMethods.GATEWAY_PROTOCOL_VERSION, capabilities)
                    .thenApply(o -> new Opened(o, server)), now);
        });
        entry.lastUsed = now;
        CompletableFuture<Opened> f = entry.opened;
        if (created[0]) {
            f.thenAccept(o -> {
                if (o.opening() instanceof UpstreamHandshake.Opening.Unavailable) {
                    sessions.remove(key, entry); // the next request tries again
                }
            });
            if (sessions.size() > maxSessions) {
                evictLeastRecentlyUsed(key);
            }
        }
        return entry;
    }

    /** An upstream event stream that tells its session's entry when it ends, however it ends. */
    private static final class Tracked implements EventStream {
        private final EventStream events;
        private final Entry entry;
        private final AtomicBoolean done = new AtomicBoolean();

        Tracked(EventStream events, Entry entry) {
            this.events = events;
            this.entry = entry;
        }

        private void ended() {
            if (done.compareAndSet(false, true)) {
                entry.ended();
            }
        }

        @Override
        public void open(Listener listener) {
            events.open(new Listener() {
                @Override
                public boolean onEvent(SseEvent event) {
                    boolean more = listener.onEvent(event);
                    if (!more) {
                        ended(); // the listener hears no more: for this session, the exchange is over
                    }
                    return more;
                }

                @Override
                public void onEnd(End end) {
                    ended();
                    listener.onEnd(end);
                }
            });
        }

        @Override
        public void cancel() {
            ended();
            events.cancel();
        }

        @Override
        public boolean pauseUntil(java.util.concurrent.CompletionStage<Void> caughtUp) {
            return events.pauseUntil(caughtUp);
        }
    }

    /** Over the bound: the least recently used client sessions go (never the one just opened, nor Gatehouse's own). */
    private void evictLeastRecentlyUsed(Key keep) {
        List<Map.Entry<Key, Entry>> candidates = new ArrayList<>(sessions.entrySet());
        candidates.removeIf(e -> e.getKey().equals(keep) || e.getKey().connectionId() == null || e.getValue().open.get() > 0);
        candidates.sort(Comparator.comparing(e -> e.getValue().lastUsed));
        for (int i = 0; i < candidates.size() && sessions.size() > maxSessions; i++) {
            end(candidates.get(i).getKey(), candidates.get(i).getValue());
        }
    }

    /**
     * Ends the client sessions nobody used for the idle limit (each node runs this every minute); returns
     * how many. Gatehouse's own sessions stay: they carry no client's state.
     */
    public int evictIdle() {
        Instant before = clock.instant().minus(idleLimit);
        int evicted = 0;
        for (Map.Entry<Key, Entry> e : sessions.entrySet()) {
            if (e.getKey().connectionId() != null && e.getValue().idleSince(before) && end(e.getKey(), e.getValue())) {
                evicted++;
            }
        }
        return evicted;
    }

    /** The connections whose sessionless clients this node holds upstream sessions for. */
    public Set<String> connectionIds() {
        Set<String> ids = new HashSet<>();
        sessions.keySet().forEach(key -> {
            if (key.connectionId() != null) {
                ids.add(key.connectionId());
            }
        });
        return ids;
    }

    /**
     * Ends every session this node holds for the connection (it was revoked, or its sessions must not
     * outlive it); completes when each server answered the {@code DELETE} or failed.
     */
    public CompletableFuture<Void> closeConnection(String connectionId) {
        Objects.requireNonNull(connectionId, "connectionId");
        List<CompletableFuture<?>> deletes = new ArrayList<>();
        sessions.forEach((key, entry) -> {
            if (connectionId.equals(key.connectionId()) && sessions.remove(key, entry)) {
                deletes.add(delete(entry));
            }
        });
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture<?>[]::new));
    }

    private boolean end(Key key, Entry entry) {
        if (!sessions.remove(key, entry)) {
            return false;
        }
        delete(entry);
        return true;
    }

    /** DELETE at the server once the session is open (a handshake still under way is ended when it completes). */
    private CompletableFuture<?> delete(Entry entry) {
        return entry.opened.thenCompose(o -> {
            if (o.opening() instanceof UpstreamHandshake.Opening.Ready r && r.link().sessionId() != null) {
                return client.delete(o.server(), r.link().sessionId(), r.link().protocolVersion());
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Ends every session at its server; completes when every server has answered or failed. */
    public CompletableFuture<Void> closeAll() {
        CompletableFuture<?>[] deletes = sessions.values().stream()
                .filter(e -> e.opened.isDone())
                .map(this::delete)
                .toArray(CompletableFuture<?>[]::new);
        sessions.clear();
        return CompletableFuture.allOf(deletes);
    }
}
