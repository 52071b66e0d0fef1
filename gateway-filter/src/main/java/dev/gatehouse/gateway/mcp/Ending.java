package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.model.Outcome;

/**
 * How one exchange ended, as the completion record needs it.
 *
 * @param httpStatus     the status the client received
 * @param errorCode      the JSON-RPC error code, if the answer was an error
 * @param upstreamMicros time from sending upstream to the final answer, null if there was none
 * @param bytesOut       bytes of the reply to the client, including the final message
 * @param detail         why, when the outcome alone does not say (such as "circuit open"); else null
 */
public record Ending(Outcome outcome, int httpStatus, Integer errorCode, Long upstreamMicros, long bytesOut, String detail) {

    public Ending(Outcome outcome, int httpStatus, Integer errorCode, Long upstreamMicros, long bytesOut) {
        this(outcome, httpStatus, errorCode, upstreamMicros, bytesOut, null);
    }

    /** This ending with the reason it came to be. */
    public Ending because(String why) {
        return new Ending(outcome, httpStatus, errorCode, upstreamMicros, bytesOut, why);
    }

    /**
     * The ending of an exchange answered by the upstream's final message (as the response rules left it): an
     * error's text goes into the record, bounded ({@link ErrorExcerpt}).
     */
    public static Ending answered(JsonRpcMessage answer, int httpStatus, Long upstreamMicros, long bytesOut) {
        if (answer instanceof JsonRpcMessage.ErrorResponse e) {
            return new Ending(Outcome.ERROR, httpStatus, e.error().code(), upstreamMicros, bytesOut, ErrorExcerpt.of(answer));
        }
        boolean toolError = answer instanceof JsonRpcMessage.Response r && r.result().isTrue("isError");
        return new Ending(toolError ? Outcome.ERROR : Outcome.SUCCESS, httpStatus, null, upstreamMicros, bytesOut,
                toolError ? ErrorExcerpt.of(answer) : null);
    }

    /** The ending of an exchange answered with the gateway's own error. */
    public static Ending failed(McpError error, int httpStatus, Long upstreamMicros, long bytesOut) {
        return new Ending(error.outcome(), httpStatus, error.error().code(), upstreamMicros, bytesOut);
    }
}
