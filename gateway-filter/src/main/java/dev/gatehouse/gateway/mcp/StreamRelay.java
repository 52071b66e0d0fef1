package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.upstream.EventStream;
import dev.gatehouse.core.upstream.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Relays one upstream event stream to a client as it arrives: progress notifications, log messages and
 * the server's own requests go out at once (to a client that accepts event streams), mapped back by
 * {@link ForwardedRequest}, through the response rules when the gateway has any ({@link ReplyRules}: in
 * order, the answer after them); the answer to the request ends the exchange. Event ids are Gatehouse's own
 * ({@code eventIds}, see {@link dev.gatehouse.core.mcp.EventIds}), so a client resuming with
 * {@code Last-Event-ID} reaches the right server and never sees the upstream's own id. The stream's
 * end without the answer, its deadline, or the client leaving end it too, each exactly once; when the
 * client leaves, the upstream request is cancelled (the exchange closed, and {@code cancelled} sent).
 * <p>Back-pressure: once more than the leg's bound waits for the client ({@link ClientLeg#backlog}), the
 * upstream stream is read no further until the client took it ({@link EventStream#pauseUntil}); a stream that
 * cannot pause (the 2024-11-05 transport's, fed by the session's one GET) has its slow client cut instead,
 * logged with the call's correlation id and recorded {@code cancelled} "client too slow".
 */
final class StreamRelay implements EventStream.Listener {
    private static final System.Logger LOG = System.getLogger(StreamRelay.class.getName());
    private final McpCall call;
    private final ForwardedRequest forwarded;
    private final ClientLeg leg;
    private final EventStream events;
    private final long upstreamStart;
    private final ReplyRules rules;
    private final Function<Ending, CompletableFuture<Void>> finish;
    private final UnaryOperator<String> eventIds;
    /** The call's error if its credential ended, else null. */
    private final Supplier<McpError> cutError;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable onClientGone = () -> { };
    /** With response rules: the messages still under review, so they go out in the order they came. */
    private CompletableFuture<Void> reviewing = CompletableFuture.completedFuture(null);

    StreamRelay(McpCall call, ForwardedRequest forwarded, ClientLeg leg, EventStream events, long upstreamStart,
                ReplyRules rules, Function<Ending, CompletableFuture<Void>> finish, UnaryOperator<String> eventIds,
                Supplier<McpError> cutError) {
        this.call = call;
        this.cutError = cutError;
        this.eventIds = eventIds;
        this.forwarded = forwarded;
        this.leg = leg;
        this.events = events;
        this.upstreamStart = upstreamStart;
        this.rules = rules;
        this.finish = finish;
    }

    /** What else to do when the client leaves mid-stream (tell the upstream to stop). */
    void whenClientGone(Runnable action) {
        onClientGone = action;
    }

    @Override
    public boolean onEvent(SseEvent event) {
        if (ended.get()) {
            return false;
        }
        if (event.data().isBlank()) {
            return true; // a priming event (SEP-1699) of the upstream: nothing for the client
        }
        ForwardedRequest.Back back = forwarded.back(event.data().getBytes(StandardCharsets.UTF_8));
        if (back instanceof ForwardedRequest.Back.Final answer) {
            String eventId = relayedId(event);
            reviewing.thenRun(() -> answered(answer, eventId)); // after the messages before it
            return false;
        }
        if (back instanceof ForwardedRequest.Back.Relay relay && leg.accept().eventStream()) {
            String eventId = relayedId(event);
            if (!rules.active()) {
                return relay(eventId, event.event(), relay.json()) && keepingUp();
            }
            // each message through the response rules, in order (at once unless a webhook rule applies)
            reviewing = reviewing.thenCompose(v -> rules.relayed(relay.json()))
                    .thenAccept(json -> {
                        if (json != null) {
                            relay(eventId, event.event(), json);
                        }
                    });
            return keepingUp();
        }
        return true;
    }

    /**
     * Back-pressure, after an event was queued for the client: within the leg's bound, read on; over it, pause
     * the upstream read until the client took what waits, or, where the stream cannot pause, cut the client.
     */
    private boolean keepingUp() {
        CompletableFuture<Void> caughtUp = leg.backlog();
        if (caughtUp == null || events.pauseUntil(caughtUp)) {
            return true;
        }
        tooSlow();
        return false;
    }

    /**
     * The client does not take its events as fast as an upstream that cannot pause sends them: it is cut, its
     * last message the error saying so ({@link McpError#tooSlow}), for a client that reads it within the grace.
     */
    private void tooSlow() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        String why = "client too slow: " + leg.waiting() + " bytes waiting for it";
        LOG.log(System.Logger.Level.WARNING, "call " + call.inbound().client().correlationId() + " cut: " + why
                + " (the upstream stream cannot pause)");
        events.cancel();
        onClientGone.run();
        ReplyRelay.cut(McpError.tooSlow(call.id(), why), why, leg, ReplyRelay.micros(upstreamStart), finish);
    }

    private boolean relay(String eventId, String type, byte[] json) {
        if (ended.get()) {
            return false;
        }
        if (!leg.eventUnless(ended, new SseEvent(eventId, type, new String(json, StandardCharsets.UTF_8)))) {
            clientGone(); // nothing if the end was decided meanwhile
            return false;
        }
        return true;
    }

    /**
     * The upstream stream ended before the relay did. When the call's credential ended, that is the
     * revocation ending the connection's upstream sessions before the cut reached this relay: the call ends
     * revoked, with its error, whatever broke the stream. Otherwise: cancelled by the gateway when the client
     * ended its session (no answer), or the server's failure.
     */
    @Override
    public void onEnd(EventStream.End end) {
        McpError cut = cutError.get();
        if (cut != null) {
            revoked(() -> { }, cut); // its upstream session is gone: nobody there to tell
            return;
        }
        switch (end) {
            case CANCELLED -> clientGone();
            case TIMEOUT -> failed(McpError.timeout(call.id()));
            case COMPLETE, FAILED -> failed(McpError.invalidReply(call.id()));
        }
    }

    private String relayedId(SseEvent event) {
        return event.id() == null ? null : eventIds.apply(event.id());
    }

    private void answered(ForwardedRequest.Back.Final upstreamAnswer, String eventId) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Long upstreamMicros = ReplyRelay.micros(upstreamStart);
        rules.answer(upstreamAnswer).thenAccept(answer -> relayAnswer(answer, eventId, upstreamMicros)); // response rules
    }

    private void relayAnswer(ForwardedRequest.Back.Final answer, String eventId, Long upstreamMicros) {
        boolean asEvent = leg.accept().eventStream();
        // encoded once: its length goes into the completion record, its bytes to the client
        byte[] wire = asEvent ? new SseEvent(eventId, "message", new String(answer.json(), StandardCharsets.UTF_8)).wireBytes() : null;
        long finalBytes = asEvent ? wire.length : answer.json().length;
        Ending ending = Ending.answered(answer.answer(), 200, upstreamMicros, leg.bytesOut() + finalBytes);
        finish.apply(ending).whenCompleteAsync((v, e) -> {
            if (asEvent) {
                leg.event(wire);
            } else {
                leg.message(answer.json());
            }
            leg.complete();
        }, leg::dispatch);
    }

    private void failed(McpError error) {
        if (ended.compareAndSet(false, true)) {
            ReplyRelay.fail(ReplyRelay.named(call, error), leg, ReplyRelay.micros(upstreamStart), finish);
        }
    }

    /**
     * The call's credential ended: the upstream stream is closed and the server told to stop
     * ({@code tellUpstream}), nothing more of it is relayed, the end is recorded as revoked and the
     * client gets {@code error} (the revoked error) as the stream's last event; a client that stopped reading
     * is disconnected at once instead ({@link ClientLeg#cut}).
     */
    void revoked(Runnable tellUpstream, McpError error) {
        if (ended.compareAndSet(false, true)) {
            events.cancel();
            tellUpstream.run();
            ReplyRelay.cut(error, null, leg, ReplyRelay.micros(upstreamStart), finish);
        }
    }

    /**
     * The client cancelled the call ({@code notifications/cancelled}): the upstream stream is closed and the
     * server told to stop ({@code tellUpstream}), nothing more of it is relayed, the end is recorded as
     * cancelled and the client's stream ends without an answer (MCP "Cancellation": none is expected). The
     * upstream stream is closed once the server has the notice (or failed to take it), so a server that
     * honours cancellation stops the work because it was cancelled, not because its stream broke.
     */
    void cancelled(Supplier<CompletableFuture<Void>> tellUpstream) {
        if (ended.compareAndSet(false, true)) {
            ReplyRelay.cancelled(call.id(), leg, ReplyRelay.micros(upstreamStart), finish);
            tellUpstream.get().whenComplete((v, e) -> events.cancel());
        }
    }

    void clientGone() {
        if (ended.compareAndSet(false, true)) {
            events.cancel();
            onClientGone.run();
            Ending ending = new Ending(Outcome.CANCELLED, 200, null, ReplyRelay.micros(upstreamStart), leg.bytesOut());
            finish.apply(ending).whenCompleteAsync((v, e) -> leg.complete(), leg::dispatch);
        }
    }
}
