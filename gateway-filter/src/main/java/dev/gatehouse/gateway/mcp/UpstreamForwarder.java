package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.EventIds;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Sends a routed client request to its server, on the client's Gatehouse session's upstream session
 * (or the node's shared one), and relays the answer. When the client leaves before the answer, the
 * upstream exchange is closed and the server told with {@code notifications/cancelled} (MCP
 * "Cancellation"), so it stops the work; so too when the client cancels the call itself, which is
 * then recorded {@code cancelled} and ends without an answer.
 */
final class UpstreamForwarder {
    private static final System.Logger LOG = System.getLogger(UpstreamForwarder.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The longest reason passed upstream: the client's own, cut to this. */
    private static final int MAX_REASON = 200;
    private final SessionUpstreams upstreams;
    private final CallAudit audit;
    private final KeepAlive keepAlive;
    private final GovernedCalls governed;
    private final UpstreamCircuit circuit;
    private final EventIds eventIds;
    private final ScopeStepUp scopeStepUp;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final JsonRpcParser parser = new JsonRpcParser();

    UpstreamForwarder(SessionUpstreams upstreams, CallAudit audit, KeepAlive keepAlive, GovernedCalls governed,
                      UpstreamCircuit circuit, EventIds eventIds, ScopeStepUp scopeStepUp) {
        this.eventIds = eventIds;
        this.scopeStepUp = scopeStepUp;
        this.upstreams = upstreams;
        this.audit = audit;
        this.keepAlive = keepAlive;
        this.governed = governed;
        this.circuit = circuit;
    }

    /**
     * @param call         routed: {@code call.server()} is set
     * @param upstreamName the item's name at the server, when the method names one (else null)
     * @param watched      the call's credential watch: when it ends, the call is cut in flight ({@link InFlight})
     */
    void forward(McpCall call, String upstreamName, ClientLeg leg, RevocableCall watched) {
        Function<Ending, CompletableFuture<Void>> finish = ending -> audit.completed(call, ending);
        if (!circuit.admit(call, leg, finish)) {
            return; // the server's circuit is open: answered 503 with Retry-After, never sent
        }
        ForwardedRequest forwarded = ForwardedRequest.of(parser, (JsonRpcMessage.Request) call.message(), call.body(),
                call.server().id(), upstreamName, call.session() == null);
        long start = System.nanoTime();
        InFlight flight = new InFlight(reason -> cancel(call, forwarded.upstreamId(), reason),
                () -> ReplyRelay.cut(watched.error(call.id()), null, leg, ReplyRelay.micros(start), finish),
                () -> ReplyRelay.cancelled(call.id(), leg, ReplyRelay.micros(start), finish),
                () -> watched.error(call.id()));
        if (!watched.sending(flight::cut)) {
            ReplyRelay.fail(watched.error(call.id()), leg, null, finish); // its credential ended: never sent
            return;
        }
        inFlight.register(call, leg, flight::cancelledByClient);
        upstreams.post(call.scope(), call.server(), forwarded.upstreamBody(), call.inbound().trace().upstream(call.server().slug()))
                .thenAccept(reply -> {
                    call.inbound().trace().upstreamAnswered();
                    if (!flight.replied()) {
                        discard(reply); // cut while the server was answering: nothing of it is relayed
                        return;
                    }
                    if (reply instanceof UpstreamResponse.Stream && leg.accept().eventStream()) {
                        keepAlive.watch(leg); // a slow upstream between events: the client's stream stays alive
                    }
                    UpstreamResponse answer = stepUp(call, reply);
                    flight.relaying(ReplyRelay.relay(call, forwarded, answer, leg, start, governed.replyRules(call),
                            circuit.reporting(call.server(), answer, finish),
                            () -> cancel(call, forwarded.upstreamId(), "client disconnected"), eventIdsOf(call),
                            () -> watched.cutError(call.id())));
                })
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.ERROR, "relay of " + LogText.safe(call.method()) + " "
                            + call.inbound().client().correlationId() + " failed: " + LogText.cause(e), e);
                    ReplyRelay.fail(McpError.internal(call.id()), leg, null, ending -> audit.completed(call, ending));
                    return null;
                });
    }

    /**
     * A 403 {@code insufficient_scope} challenge to the OAuth identity the call used: the identity needs
     * re-authorization with the wider scope, and the client gets {@code -32060} saying where to re-authorize
     * ({@link McpError#identityRequired}); any other reply as it came.
     */
    private UpstreamResponse stepUp(McpCall call, UpstreamResponse reply) {
        if (!(reply instanceof UpstreamResponse.Refused refused) || refused.insufficientScope() == null) {
            return reply;
        }
        return scopeStepUp.stepUp(call.server().identity(), call.server().slug(), refused.insufficientScope())
                .<UpstreamResponse>map(UpstreamResponse.NoIdentity::new).orElse(reply);
    }

    /** Marks an identity for re-authorization with more scope: {@link dev.gatehouse.core.identity.UpstreamOAuth#stepUp}. */
    interface ScopeStepUp {
        java.util.Optional<String> stepUp(dev.gatehouse.core.model.IdentityUse use, String server, String challengedScope);
    }

    /**
     * The client's ids for the upstream's event ids on this call: sealed to the session (a client resumes a
     * POST stream through its session's listen GET), none without a session (nothing could resume it).
     */
    private UnaryOperator<String> eventIdsOf(McpCall call) {
        if (call.session() == null) {
            return upstreamId -> null;
        }
        String handle = call.session().state().handle();
        String serverId = call.server().id();
        return upstreamId -> eventIds.issue(handle, serverId, upstreamId);
    }

    private static final String REVOKED_REASON = "credential revoked";
    private static final String CANCELLED_REASON = "cancelled by the client";

    /**
     * A sent call's cut, by revocation or by the client's {@code notifications/cancelled}, whichever comes
     * first: before the server's reply arrived, the call ends here (the server is told to stop, the client
     * gets the revoked error, or for a cancellation no answer); once its event stream is relayed, the relay
     * ends it ({@link StreamRelay#revoked}, {@link StreamRelay#cancelled}); a plain JSON answer already in
     * hand is simply delivered.
     */
    private static final class InFlight {
        private final Function<String, CompletableFuture<Void>> tellUpstream;
        private final Runnable answerRevoked;
        private final Runnable answerCancelled;
        private final java.util.function.Supplier<McpError> revokedError;
        private boolean cut;
        private boolean replied;
        private boolean byClient;
        private String clientReason;
        private StreamRelay relay;

        /**
         * @param tellUpstream    sends the server {@code notifications/cancelled} for the call, with the reason given
         * @param answerRevoked   records the call's end as revoked and answers the client so
         * @param answerCancelled records the call's end as cancelled and ends the client's exchange without an answer
         * @param revokedError    the error a cut call ends with (the token's revocation or its identity's end)
         */
        InFlight(Function<String, CompletableFuture<Void>> tellUpstream, Runnable answerRevoked, Runnable answerCancelled,
                 java.util.function.Supplier<McpError> revokedError) {
            this.tellUpstream = tellUpstream;
            this.answerRevoked = answerRevoked;
            this.answerCancelled = answerCancelled;
            this.revokedError = revokedError;
        }

        /** The reply arrived: false when the call was cut before (the reply is then dropped). */
        synchronized boolean replied() {
            if (cut) {
                return false;
            }
            replied = true;
            return true;
        }

        void relaying(StreamRelay opened) {
            boolean cutMeanwhile;
            synchronized (this) {
                relay = opened;
                cutMeanwhile = cut;
            }
            if (cutMeanwhile && opened != null) {
                endRelay(opened);
            }
        }

        /** The call's credential ended. */
        void cut() {
            end(false, null);
        }

        /** The client cancelled the call ({@code notifications/cancelled}); {@code reason} as it gave one, or null. */
        void cancelledByClient(String reason) {
            end(true, reason);
        }

        private void end(boolean cancelled, String reason) {
            StreamRelay r;
            boolean early;
            synchronized (this) {
                if (cut) {
                    return;
                }
                cut = true;
                byClient = cancelled;
                clientReason = reason;
                early = !replied;
                r = relay;
            }
            if (early) {
                tellUpstream.apply(upstreamReason());
                (byClient ? answerCancelled : answerRevoked).run();
            } else if (r != null) {
                endRelay(r);
            }
        }

        private void endRelay(StreamRelay r) {
            if (byClient) {
                r.cancelled(() -> tellUpstream.apply(upstreamReason()));
            } else {
                r.revoked(() -> tellUpstream.apply(upstreamReason()), revokedError.get());
            }
        }

        private synchronized String upstreamReason() {
            if (!byClient) {
                return REVOKED_REASON;
            }
            return clientReason == null || clientReason.isBlank() ? CANCELLED_REASON : clientReason;
        }
    }

    /** Delivers a notification or a client's answer to one server; 202 once it accepted it. */
    void deliver(McpCall call, UpstreamServer server, byte[] body, ClientLeg leg) {
        upstreams.post(call.scope(), server, body)
                .thenAccept(reply -> {
                    ReplyRelay.logFailure(call.method(), call.inbound().client().correlationId(), server, reply);
                    if (reply instanceof UpstreamResponse.Refused refused && refused.message() != null) {
                        // the refusal shows the upstream's own message: the response rules read it first
                        governed.upstreamError(call, McpError.ofUpstream(reply, JsonRpcId.NULL, false))
                                .thenAccept(error -> leg.dispatch(() -> {
                                    leg.error(error);
                                    leg.complete();
                                }));
                        return;
                    }
                    ReplyRelay.relayAccepted(reply, leg);
                })
                .exceptionally(e -> {
                    leg.error(McpError.internal(JsonRpcId.NULL));
                    leg.complete();
                    return null;
                });
    }

    /** Sends a notification to a server without waiting for, or relaying, its acknowledgement. */
    CompletableFuture<Void> notify(McpCall call, UpstreamServer server, byte[] body) {
        return upstreams.post(call.scope(), server, body).thenAccept(UpstreamForwarder::discard);
    }

    private CompletableFuture<Void> cancel(McpCall call, JsonRpcId upstreamId, String reason) {
        ObjectNode note = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", McpMethods.NOTIFICATION_CANCELLED);
        ObjectNode params = note.putObject("params");
        try {
            params.set("requestId", MAPPER.readTree(upstreamId.json()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an id is JSON", e);
        }
        params.put("reason", reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON));
        return notify(call, call.server(), note.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A client's {@code notifications/cancelled}: when the call it names is in flight on this node, the call
     * is ended (its server told under the server's own id for it, which differs from the client's without a
     * session), recorded {@code cancelled}, and true returned; else false.
     */
    boolean cancelled(McpCall notice, JsonRpcMessage.Notification n) {
        JsonNode requestId = n.params().tree().path("requestId");
        JsonRpcId id;
        if (requestId.isTextual()) {
            id = JsonRpcId.of(requestId.textValue());
        } else if (requestId.isIntegralNumber()) {
            id = new JsonRpcId.Numeric(requestId.bigIntegerValue());
        } else {
            return false;
        }
        JsonNode reason = n.params().tree().path("reason");
        return inFlight.cancel(notice, id, reason.isTextual() ? reason.textValue() : null);
    }

    private static void discard(UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Stream s) {
            s.events().cancel();
        }
    }
}
