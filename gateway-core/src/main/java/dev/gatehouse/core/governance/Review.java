package dev.gatehouse.core.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.jsonrpc.JsonRpcError;

/** What the response rules made of a call's result. */
public sealed interface Review {
    /** Relay the result as it came (byte for byte). */
    record Unchanged() implements Review {
    }

    /** Relay {@code result} instead. */
    record Replaced(JsonNode result) implements Review {
    }

    /** Relay {@code error} instead of the result, keeping the request's id. */
    record Refused(JsonRpcError error) implements Review {
    }
}
