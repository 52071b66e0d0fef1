package dev.gatehouse.core.upstream;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Finds the answer to one of the gateway's own requests in an upstream reply, JSON or event stream. */
public final class UpstreamReplies {
    private UpstreamReplies() {
    }

    /** The response (result or error) with this id; empty when the reply holds none. */
    public static CompletableFuture<Optional<JsonRpcMessage>> answer(UpstreamResponse reply, JsonRpcId id, JsonRpcParser parser) {
        if (reply instanceof UpstreamResponse.Json j) {
            return CompletableFuture.completedFuture(parser.responseTo(id, j.body()));
        }
        if (reply instanceof UpstreamResponse.Stream s) {
            return ResponseCollector.collect(s.events(), parser, id);
        }
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** The upstream session id a reply carries, if any. */
    public static String sessionIdOf(UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Json j) {
            return j.sessionId();
        }
        if (reply instanceof UpstreamResponse.Stream s) {
            return s.sessionId();
        }
        return reply instanceof UpstreamResponse.Empty e ? e.sessionId() : null;
    }

    /** A reply that is a failure or refusal, as is; anything else unusable becomes an invalid reply. */
    public static UpstreamResponse failureOf(UpstreamResponse reply) {
        return reply instanceof UpstreamResponse.Failed || reply instanceof UpstreamResponse.Refused
                || reply instanceof UpstreamResponse.NoIdentity ? reply
                : new UpstreamResponse.Failed(UpstreamResponse.Failure.INVALID_REPLY);
    }
}
