package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Turns an upstream reply into the client's reply: a JSON body is relayed as is, an event stream is
 * relayed event by event (or, for a client that accepts only JSON, read up to the answer), anything
 * else becomes the gateway's own JSON-RPC error. The upstream's headers are not relayed, except the
 * session id of an {@code initialize} answer. Before the final bytes go out, {@code finish} is told
 * how the exchange ended, and the bytes wait until it completes (the durable completion record).
 */
final class ReplyRelay {
    private final JsonRpcParser parser;

    ReplyRelay(JsonRpcParser parser) {
        this.parser = parser;
    }

    /** Relays the reply to a request. */
    void relay(McpCall call, UpstreamResponse reply, ClientLeg leg, long upstreamStart,
               Function<Ending, CompletableFuture<Void>> finish) {
        if (call.isInitialize()) {
            leg.relaySessionId(sessionIdOf(reply));
        }
        if (reply instanceof UpstreamResponse.Json json) {
            Optional<JsonRpcMessage> answer = parser.responseTo(call.id(), json.body());
            if (answer.isEmpty()) {
                fail(McpError.invalidReply(call.id()), leg, micros(upstreamStart), finish);
                return;
            }
            Ending ending = Ending.answered(answer.get(), 200, micros(upstreamStart), leg.bytesOut() + json.body().length);
            finish.apply(ending).whenCompleteAsync((v, e) -> {
                leg.message(json.body());
                leg.complete();
            }, leg::dispatch);
            return;
        }
        if (reply instanceof UpstreamResponse.Stream stream) {
            StreamRelay relay = new StreamRelay(parser, call.id(), leg, stream.events(), upstreamStart, finish);
            leg.onGone(stream.events()::cancel);
            stream.events().open(relay);
            return;
        }
        fail(McpError.ofUpstream(reply, call.id(), call.clientSession()), leg, micros(upstreamStart), finish);
    }

    /** Relays the reply to a notification or client response: 202 once the upstream accepted it. */
    void relayAccepted(McpCall call, UpstreamResponse reply, ClientLeg leg) {
        if (reply instanceof UpstreamResponse.Stream s) {
            s.events().cancel(); // nothing to say to a notification; do not hold the connection
        }
        if (reply instanceof UpstreamResponse.Empty || reply instanceof UpstreamResponse.Json
                || reply instanceof UpstreamResponse.Stream) {
            leg.empty(202);
        } else {
            leg.error(McpError.ofUpstream(reply, JsonRpcId.NULL, call.clientSession()));
        }
        leg.complete();
    }

    /** Relays the reply to DELETE: the upstream's 2xx status, its 404, or the gateway's error. */
    void relayDelete(UpstreamResponse reply, ClientLeg leg) {
        if (reply instanceof UpstreamResponse.Empty e) {
            leg.empty(e.status());
        } else if (reply instanceof UpstreamResponse.Json j) {
            leg.empty(j.status());
        } else {
            if (reply instanceof UpstreamResponse.Stream s) {
                s.events().cancel();
            }
            leg.error(McpError.ofUpstream(reply, JsonRpcId.NULL, true));
        }
        leg.complete();
    }

    static void fail(McpError error, ClientLeg leg, Long upstreamMicros, Function<Ending, CompletableFuture<Void>> finish) {
        int status = leg.streaming() ? 200 : error.status();
        finish.apply(Ending.failed(error, status, upstreamMicros, leg.bytesOut() + error.body().length))
                .whenCompleteAsync((v, e) -> {
                    leg.error(error);
                    leg.complete();
                }, leg::dispatch);
    }

    static Long micros(long since) {
        return (System.nanoTime() - since) / 1000;
    }

    private static String sessionIdOf(UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Json j) {
            return j.sessionId();
        }
        return reply instanceof UpstreamResponse.Stream s ? s.sessionId() : null;
    }
}
