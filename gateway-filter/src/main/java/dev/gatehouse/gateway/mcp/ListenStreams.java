package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.mcp.EventIds;
import dev.gatehouse.core.mcp.ServerRequestIds;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.revocation.CredentialWatch;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.SessionRef;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.session.UpstreamLink;
import dev.gatehouse.core.upstream.EventStream;
import dev.gatehouse.core.upstream.SseEvent;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clients' listen streams on this node (MCP streamable HTTP, "Listening for Messages from the
 * Server": GET with {@code Accept: text/event-stream}). Gatehouse answers 200 at once itself (an MCP
 * Java SDK upstream sends no status until its first message), then opens the upstream session of each
 * of the gateway's servers if need be and a GET on it, and relays what the servers send on their own:
 * notifications as they are, server requests with routable ids ({@link ServerRequestIds}, as on POST
 * streams), each through the gateway's response rules when it has any ({@link MessageRules}). Event ids are Gatehouse's own ({@link EventIds}: sealed, bound to the session, never the
 * upstream's as it is); a {@code Last-Event-ID} Gatehouse issued on this session resumes its server's stream
 * from the upstream's own id, on any node. A server answering 405 is left out (and remembered, so a gateway whose
 * servers all refuse is answered 405 from then on); the client's stream stays open with keep-alive
 * comments whatever the servers do. One stream per session: a new GET replaces the old one. The stream
 * ends when the client leaves (every upstream GET is then aborted), when the session is deleted through
 * this node, or at the next keep-alive when it was ended through another, and within a second when the
 * credential it was opened with, or an upstream identity one of its servers' streams presents, ends on any
 * node ({@link CredentialWatch}). No thread waits on a stream:
 * upstream events arrive on the upstream client's workers, keep-alives come from one timer ({@link KeepAlive}),
 * and writes to the client never block ({@link ClientLeg}). A client that falls behind by more than its leg's
 * bound is cut: its servers' streams feed one client stream together (and keep-alives with them), so none of
 * them is held back for it; the cut is logged with the stream's correlation id and recorded (a {@code REQUEST}
 * record of the GET, outcome {@code cancelled}, "client too slow"), and the client may reconnect with
 * {@code Last-Event-ID}.
 */
final class ListenStreams implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ListenStreams.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UpstreamClient client;
    private final SessionUpstreams upstreams;
    private final McpSessionStore store;
    private final KeepAlive keepAlive;
    private final CredentialWatch credentials;
    private final MessageRules rules;
    private final EventIds eventIds;
    private final JsonRpcParser parser = new JsonRpcParser();
    /** Open streams by Gatehouse session id. */
    private final ConcurrentMap<String, Listen> open = new ConcurrentHashMap<>();
    /** Servers that answered a listen GET with 405, by id, with the URL they had then. */
    private final ConcurrentMap<String, URI> refusing = new ConcurrentHashMap<>();

    ListenStreams(UpstreamClient client, SessionUpstreams upstreams, McpSessionStore store, KeepAlive keepAlive,
                  CredentialWatch credentials, MessageRules rules, EventIds eventIds) {
        this.client = client;
        this.upstreams = upstreams;
        this.store = store;
        this.keepAlive = keepAlive;
        this.credentials = credentials;
        this.rules = rules;
        this.eventIds = eventIds;
    }

    /** True when no server of the gateway offers a listen stream, as far as this node has learnt. */
    boolean noneOffered(Gateway gateway) {
        List<GatewayServer> servers = gateway.enabledServers();
        return servers.stream().allMatch(s -> s.server().url().equals(refusing.get(s.server().id())));
    }

    /**
     * Opens the listen stream of a live session on the client's leg, replacing the session's previous one.
     *
     * @param grant        the credential the GET came with: the stream is closed when it ends
     * @param checkedNanos {@link System#nanoTime()} at or before that credential's check
     * @param scope        whose stream it is, for the response rules over every message on it (no server yet)
     * @param tooSlow      records the stream's cut, with why, when its client fell too far behind
     */
    void open(Gateway gateway, SessionRef session, String lastEventId, ClientLeg leg, TokenGrant grant, long checkedNanos,
              MessageRules.Scope scope, java.util.function.Consumer<String> tooSlow) {
        Listen listen = new Listen(session.id(), session.state().handle(), leg, scope, tooSlow);
        Optional<EventIds.Resume> resume = eventIds.open(session.state().handle(), lastEventId);
        Listen previous = open.put(session.id(), listen);
        if (previous != null) {
            previous.end();
        }
        if (!leg.open()) {
            listen.end();
            return;
        }
        leg.onGone(listen::end);
        if (grant != null && credentials != null) {
            listen.cancelling(credentials.watch(grant, identitiesOf(gateway), checkedNanos,
                    cut -> leg.dispatch(() -> listen.revoked(cut.identityEnded()
                            ? "upstream identity ended" : "credential revoked")))::close);
        }
        listen.tick = keepAlive.every(() -> leg.dispatch(listen::tick));
        for (GatewayServer assigned : gateway.enabledServers()) {
            UpstreamServer server = assigned.server();
            if (server.url().equals(refusing.get(server.id()))) {
                continue;
            }
            upstreams.link(session, server).thenAccept(link -> link.ifPresent(l ->
                    listen.upstream(server, l, resume.filter(r -> r.serverId().equals(server.id()))
                            .map(EventIds.Resume::upstreamEventId).orElse(null))))
                    .exceptionally(e -> {
                        LOG.log(System.Logger.Level.WARNING, "listen stream of " + server.slug() + " not opened", e);
                        return null;
                    });
        }
    }

    /** The upstream identities the stream's upstream GETs present (its servers' shared and per-user ones). */
    private static java.util.Set<String> identitiesOf(Gateway gateway) {
        return gateway.enabledServers().stream().map(s -> s.server().identity())
                .filter(i -> i != null && i.identityId() != null && i.usable())
                .map(dev.gatehouse.core.model.IdentityUse::identityId).collect(java.util.stream.Collectors.toSet());
    }

    /** Ends the session's listen stream on this node, if one is open (the session was deleted). */
    void end(String sessionId) {
        Listen listen = open.get(sessionId);
        if (listen != null) {
            listen.end();
        }
    }

    /** Listen streams open on this node (for the metrics). */
    int size() {
        return open.size();
    }

    @Override
    public void close() {
        open.values().forEach(Listen::end);
    }

    /** One client's listen stream and the upstream GETs feeding it. */
    private final class Listen {
        private final String sessionId;
        /** The session's handle: the scope of the event ids issued on this stream. */
        private final String handle;
        private final ClientLeg leg;
        private final List<Runnable> cancels = new CopyOnWriteArrayList<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final MessageRules.Scope scope;
        private final java.util.function.Consumer<String> tooSlow;
        private volatile ScheduledFuture<?> tick;

        Listen(String sessionId, String handle, ClientLeg leg, MessageRules.Scope scope,
               java.util.function.Consumer<String> tooSlow) {
            this.sessionId = sessionId;
            this.handle = handle;
            this.leg = leg;
            this.scope = scope;
            this.tooSlow = tooSlow;
        }

        void upstream(UpstreamServer server, UpstreamLink link, String lastEventId) {
            if (ended.get() || link.sessionId() == null) {
                return;
            }
            CompletableFuture<UpstreamResponse> reply = client.listen(server, link.sessionId(), link.protocolVersion(),
                    lastEventId);
            cancelling(() -> reply.cancel(false));
            reply.thenAccept(r -> {
                if (r instanceof UpstreamResponse.Stream s) {
                    cancelling(s.events()::cancel);
                    if (!ended.get()) {
                        s.events().open(new Relay(server));
                    }
                } else if (r instanceof UpstreamResponse.Refused refused && refused.status() == 405) {
                    refusing.put(server.id(), server.url());
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "no listen stream from " + server.slug() + ": " + r);
                }
            });
        }

        /** Registers how to stop one upstream piece; runs it at once when the stream already ended. */
        private void cancelling(Runnable cancel) {
            cancels.add(cancel);
            if (ended.get()) {
                cancel.run();
            }
        }

        /** Every keep-alive interval: a comment when idle, and the end when the session was ended elsewhere. */
        void tick() {
            if (ended.get()) {
                return;
            }
            try {
                if (store.find(sessionId).map(s -> s.ended()).orElse(true)) {
                    end();
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "session check of a listen stream failed; kept open", e);
            }
            if (keepAlive.idle(leg) && !leg.comment(KeepAlive.COMMENT)) {
                end();
            }
            keepUp();
        }

        /**
         * The credential the stream was opened with ended, or an upstream identity its servers' streams use:
         * a last comment saying which ({@code why}), then the end.
         */
        void revoked(String why) {
            if (ended.compareAndSet(false, true)) { // no relayed event after the comment: see Relay#relay
                leg.comment(why);
                closed();
                leg.cut(); // a client that stopped reading is disconnected at once
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                closed();
                leg.complete();
            }
        }

        /**
         * More than the leg's bound waits for the client: the stream is cut, logged and recorded; its last comment
         * says why, for a client that reads it within the cut's grace.
         */
        void keepUp() {
            if (leg.backlog() == null || !ended.compareAndSet(false, true)) {
                return;
            }
            String why = "client too slow: " + leg.waiting() + " bytes waiting for it";
            LOG.log(System.Logger.Level.WARNING, "listen stream " + scope.correlationId() + " cut: " + why);
            leg.comment(why); // the last thing on the stream, for a client that reads it within the grace
            closed();
            leg.cut();
            tooSlow.accept(why);
        }

        /** After the end was decided: stop the keep-alive and the upstream streams (the caller ends the exchange). */
        private void closed() {
            ScheduledFuture<?> t = tick;
            if (t != null) {
                t.cancel(false);
            }
            open.remove(sessionId, this);
            cancels.forEach(Runnable::run);
        }

        /** Relays one upstream's listen stream. */
        private final class Relay implements EventStream.Listener {
            private final UpstreamServer server;
            private final MessageRules.Scope from;
            /** With response rules: the messages still under review, so they go out in the order they came. */
            private CompletableFuture<Void> reviewing = CompletableFuture.completedFuture(null);

            Relay(UpstreamServer server) {
                this.server = server;
                this.from = scope.from(server);
            }

            @Override
            public boolean onEvent(SseEvent event) {
                if (ended.get()) {
                    return false;
                }
                if (event.data().isBlank()) {
                    return true; // a priming event: nothing for the client
                }
                byte[] json = mapped(server, event.data().getBytes(StandardCharsets.UTF_8));
                if (json == null) {
                    return true;
                }
                String id = event.id() == null ? null : eventIds.issue(handle, server.id(), event.id());
                if (!rules.governs(from, dev.gatehouse.core.rules.Hook.RESPONSE)) {
                    return relay(id, event.event(), json);
                }
                reviewing = reviewing.thenCompose(v -> rules.toClient(from, json)).thenAccept(out -> {
                    if (out != null) {
                        relay(id, event.event(), out);
                    }
                });
                return true;
            }

            private boolean relay(String id, String type, byte[] json) {
                if (ended.get()) {
                    return false;
                }
                if (!leg.eventUnless(ended, new SseEvent(id, type, new String(json, StandardCharsets.UTF_8)))) {
                    end(); // nothing if the end was decided meanwhile
                    return false;
                }
                keepUp();
                return !ended.get();
            }

            @Override
            public void onEnd(EventStream.End end) {
                // the server closed its stream: the client's stays, with the other servers and keep-alives
                LOG.log(System.Logger.Level.DEBUG, () -> "listen stream of " + server.slug() + " ended: " + end);
            }
        }
    }

    /**
     * A server-initiated message as the client gets it: notifications unchanged, requests with the
     * routable id the client answers to, anything else (a stray response) dropped.
     */
    byte[] mapped(UpstreamServer server, byte[] json) {
        if (!(parser.parse(json) instanceof JsonRpcParser.Result.Parsed parsed)) {
            return null;
        }
        JsonRpcMessage m = parsed.message();
        if (m instanceof JsonRpcMessage.Notification) {
            return json;
        }
        if (m instanceof JsonRpcMessage.Request r) {
            try {
                ObjectNode tree = (ObjectNode) MAPPER.readTree(json);
                tree.put("id", ServerRequestIds.relayed(server.id(), r.id()));
                return tree.toString().getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }
}
