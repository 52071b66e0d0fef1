package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.text.LogText;
import dev.gatehouse.core.upstream.UpstreamFailureText;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Turns an upstream reply into the client's reply: a JSON answer is relayed (mapped back by
 * {@link ForwardedRequest}), an event stream is relayed event by event (or, for a client that accepts
 * only JSON, read up to the answer), anything else becomes the gateway's own JSON-RPC error naming the
 * server. The upstream's headers are never relayed. Before the final bytes go out, {@code finish} is told
 * how the exchange ended, and the bytes wait until it completes (the durable completion record).
 */
final class ReplyRelay {
    private static final System.Logger LOG = System.getLogger(ReplyRelay.class.getName());

    private ReplyRelay() {
    }

    /**
     * Relays the reply to a forwarded request.
     *
     * @param rules the response rules: over the answer (result replaced, or an error), and over each message
     *              relayed before it on a stream
     * @param eventIds the client's id for an upstream event id (null: the event goes without one)
     * @param cutError the call's error once its credential ended, else null
     * @return the relay of an event stream reply (to cut it if the call's credential ends), else null
     */
    static StreamRelay relay(McpCall call, ForwardedRequest forwarded, UpstreamResponse reply, ClientLeg leg, long upstreamStart,
                      ReplyRules rules, Function<Ending, CompletableFuture<Void>> finish, Runnable cancelUpstream,
                      UnaryOperator<String> eventIds, Supplier<McpError> cutError) {
        if (reply instanceof UpstreamResponse.Json json) {
            if (!(forwarded.back(json.body()) instanceof ForwardedRequest.Back.Final upstreamAnswer)) {
                fail(named(call, McpError.invalidReply(call.id())), leg, micros(upstreamStart), finish);
                return null;
            }
            Long upstreamMicros = micros(upstreamStart);
            rules.answer(upstreamAnswer).thenAccept(answer -> {
                Ending ending = Ending.answered(answer.answer(), 200, upstreamMicros, leg.bytesOut() + answer.json().length);
                finish.apply(ending).whenCompleteAsync((v, e) -> {
                    leg.message(answer.json());
                    leg.complete();
                }, leg::dispatch);
            });
            return null;
        }
        if (reply instanceof UpstreamResponse.Stream stream) {
            StreamRelay relay = new StreamRelay(call, forwarded, leg, stream.events(), upstreamStart, rules, finish,
                    eventIds, cutError);
            relay.whenClientGone(cancelUpstream);
            leg.onGone(relay::clientGone);
            stream.events().open(relay);
            return relay;
        }
        logFailure(call.method(), call.inbound().client().correlationId(), call.server(), reply);
        McpError error = named(call, McpError.ofUpstream(reply, call.id(), false));
        Long upstreamMicros = micros(upstreamStart);
        // the record says what went wrong in Gatehouse's words (the server's "last error"); the log has the cause
        String why = UpstreamFailureText.of(reply);
        if (!(reply instanceof UpstreamResponse.Refused refused && refused.message() != null) || !rules.active()) {
            end(error, why, leg, upstreamMicros, finish, ClientLeg::complete);
            return null;
        }
        // the error carries the upstream's own message: the response rules read it like any upstream error
        rules.answer(new ForwardedRequest.Back.Final(error.body(), new JsonRpcMessage.ErrorResponse(call.id(), error.error())))
                .thenAccept(reviewed -> end(reviewed.answer() instanceof JsonRpcMessage.ErrorResponse e
                        ? new McpError(error.status(), call.id(), e.error()) : error, why, leg, upstreamMicros, finish,
                        ClientLeg::complete));
        return null;
    }

    /** Relays the reply to a notification or client response: 202 once the upstream accepted it. */
    static void relayAccepted(UpstreamResponse reply, ClientLeg leg) {
        if (reply instanceof UpstreamResponse.Stream s) {
            s.events().cancel(); // nothing to say to a notification; do not hold the connection
        }
        if (reply instanceof UpstreamResponse.Empty || reply instanceof UpstreamResponse.Json
                || reply instanceof UpstreamResponse.Stream) {
            leg.empty(202);
        } else {
            leg.error(McpError.ofUpstream(reply, JsonRpcId.NULL, false));
        }
        leg.complete();
    }

    /**
     * Logs why a server gave no usable answer, with the request's correlation id: the client is told only that
     * the server is unreachable, timed out or answered with something that is not MCP, since the cause may name
     * internal hosts, so the node's log is where an operator finds it. WARNING, as it may repeat on every request
     * while a server is down.
     */
    static void logFailure(String method, String correlationId, UpstreamServer server, UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Failed f) {
            LOG.log(System.Logger.Level.WARNING, () -> LogText.safe(method) + " " + correlationId + " to server '"
                    + (server == null ? "?" : server.slug()) + "': " + f.failure().name().toLowerCase(java.util.Locale.ROOT)
                    + (f.cause() == null ? "" : ": " + f.cause()));
        }
    }

    /** The gateway's error for a server's failure, naming the server so the client can tell which is down. */
    static McpError named(McpCall call, McpError error) {
        return call.server() == null ? error : McpError.serverUnavailable(call.id(), call.server().name(), error);
    }

    static void fail(McpError error, ClientLeg leg, Long upstreamMicros, Function<Ending, CompletableFuture<Void>> finish) {
        end(error, null, leg, upstreamMicros, finish, ClientLeg::complete);
    }

    /**
     * As {@link #fail}, for a call that is cut (its credential ended, its client too slow; {@code why}, if not
     * null, goes into the record): the error is queued behind what waits for the client, which gets both if it
     * takes them within the cut's grace and is disconnected when the grace ends otherwise ({@link ClientLeg#cut}).
     */
    static void cut(McpError error, String why, ClientLeg leg, Long upstreamMicros, Function<Ending, CompletableFuture<Void>> finish) {
        end(error, why, leg, upstreamMicros, finish, ClientLeg::cut);
    }

    private static void end(McpError error, String why, ClientLeg leg, Long upstreamMicros,
                            Function<Ending, CompletableFuture<Void>> finish, java.util.function.Consumer<ClientLeg> last) {
        int status = leg.committed() ? 200 : error.status();
        finish.apply(Ending.failed(error, status, upstreamMicros, leg.bytesOut() + error.body().length).because(why))
                .whenCompleteAsync((v, e) -> {
                    leg.error(error);
                    last.accept(leg);
                }, leg::dispatch);
    }

    /**
     * Ends an exchange whose call the client cancelled: recorded {@code cancelled}, then no answer (MCP
     * "Cancellation"); a client that has no event stream yet gets an empty one, or, when it accepts only
     * JSON, the JSON-RPC error {@code -32800} so its request is answered at all.
     */
    static void cancelled(JsonRpcId id, ClientLeg leg, Long upstreamMicros, Function<Ending, CompletableFuture<Void>> finish) {
        Ending ending = new Ending(Outcome.CANCELLED, 200, null, upstreamMicros, leg.bytesOut()).because("cancelled by the client");
        finish.apply(ending).whenCompleteAsync((v, e) -> {
            if (!leg.streaming() && !leg.accept().eventStream()) {
                leg.error(McpError.cancelled(id));
            } else {
                leg.open();
            }
            leg.complete();
        }, leg::dispatch);
    }

    static Long micros(long since) {
        return (System.nanoTime() - since) / 1000;
    }
}
