package dev.gatehouse.core.upstream;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Reads an event stream until the response to one request id; other events are skipped. */
final class ResponseCollector implements EventStream.Listener {
    private final JsonRpcParser parser;
    private final JsonRpcId id;
    private final CompletableFuture<Optional<JsonRpcMessage>> result = new CompletableFuture<>();

    private ResponseCollector(JsonRpcParser parser, JsonRpcId id) {
        this.parser = parser;
        this.id = id;
    }

    /** The response, or empty when the stream ended without one. */
    static CompletableFuture<Optional<JsonRpcMessage>> collect(EventStream stream, JsonRpcParser parser, JsonRpcId id) {
        ResponseCollector c = new ResponseCollector(parser, id);
        stream.open(c);
        return c.result;
    }

    @Override
    public boolean onEvent(SseEvent event) {
        Optional<JsonRpcMessage> m = parser.responseTo(id, event.data().getBytes(StandardCharsets.UTF_8));
        if (m.isPresent()) {
            result.complete(m);
            return false;
        }
        return true;
    }

    @Override
    public void onEnd(EventStream.End end) {
        result.complete(Optional.empty());
    }
}
