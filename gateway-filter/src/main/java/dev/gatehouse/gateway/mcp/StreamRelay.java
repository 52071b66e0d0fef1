package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.upstream.EventStream;
import dev.gatehouse.core.upstream.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Relays one upstream event stream to a client as it arrives: progress notifications and other
 * messages go out at once (to a client that accepts event streams); the response to the request ends
 * the exchange. The stream's end without that response, its deadline, or the client leaving end it
 * too, each exactly once.
 */
final class StreamRelay implements EventStream.Listener {
    private final JsonRpcParser parser;
    private final JsonRpcId id;
    private final ClientLeg leg;
    private final EventStream events;
    private final long upstreamStart;
    private final Function<Ending, CompletableFuture<Void>> finish;
    private final AtomicBoolean ended = new AtomicBoolean();

    StreamRelay(JsonRpcParser parser, JsonRpcId id, ClientLeg leg, EventStream events, long upstreamStart,
                Function<Ending, CompletableFuture<Void>> finish) {
        this.parser = parser;
        this.id = id;
        this.leg = leg;
        this.events = events;
        this.upstreamStart = upstreamStart;
        this.finish = finish;
    }

    @Override
    public boolean onEvent(SseEvent event) {
        if (ended.get()) {
            return false;
        }
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
        Optional<JsonRpcMessage> answer = parser.responseTo(id, data);
        if (answer.isPresent()) {
            answered(answer.get(), event, data);
            return false;
        }
        if (leg.accept().eventStream() && !leg.event(event)) {
            clientGone();
            return false;
        }
        return true;
    }

    @Override
    public void onEnd(EventStream.End end) {
        switch (end) {
            case CANCELLED -> clientGone();
            case TIMEOUT -> failed(McpError.timeout(id));
            case COMPLETE, FAILED -> failed(McpError.invalidReply(id));
        }
    }

    private void answered(JsonRpcMessage answer, SseEvent event, byte[] data) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        boolean asEvent = leg.accept().eventStream();
        long finalBytes = asEvent ? event.toWire().getBytes(StandardCharsets.UTF_8).length : data.length;
        Ending ending = Ending.answered(answer, 200, ReplyRelay.micros(upstreamStart), leg.bytesOut() + finalBytes);
        finish.apply(ending).whenCompleteAsync((v, e) -> {
            if (asEvent) {
                leg.event(event);
            } else {
                leg.message(data);
            }
            leg.complete();
        }, leg::dispatch);
    }

    private void failed(McpError error) {
        if (ended.compareAndSet(false, true)) {
            ReplyRelay.fail(error, leg, ReplyRelay.micros(upstreamStart), finish);
        }
    }

    private void clientGone() {
        if (ended.compareAndSet(false, true)) {
            events.cancel();
            Ending ending = new Ending(Outcome.CANCELLED, 200, null, ReplyRelay.micros(upstreamStart), leg.bytesOut());
            finish.apply(ending).whenCompleteAsync((v, e) -> leg.complete(), leg::dispatch);
        }
    }
}
