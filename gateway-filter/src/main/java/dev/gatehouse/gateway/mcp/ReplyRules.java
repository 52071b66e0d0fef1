package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.mcp.ForwardedRequest;

import java.util.concurrent.CompletableFuture;

/**
 * The response rules between one forwarded request's upstream reply and the client: over each message
 * the upstream relays before its answer (progress, log messages, its own requests) and over the answer.
 */
interface ReplyRules {
    /** The answer as the rules leave it: unchanged, rewritten, or Gatehouse's error. */
    CompletableFuture<ForwardedRequest.Back.Final> answer(ForwardedRequest.Back.Final answer);

    /** A relayed message as the rules leave it; null when it is not to be relayed. */
    CompletableFuture<byte[]> relayed(byte[] json);

    /** False when the gateway has no response rules: messages go out as they come, with no ordering to keep. */
    boolean active();
}
