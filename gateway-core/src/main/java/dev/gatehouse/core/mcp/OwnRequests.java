package dev.gatehouse.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.resilience.CircuitBreaker;
import dev.gatehouse.core.resilience.UpstreamFault;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.session.UpstreamScope;
import dev.gatehouse.core.upstream.UpstreamReplies;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests the gateway makes of a server on its own account (a page of a list for a merged list, a
 * broadcast), on the client's session when there is one, and their answers.
 */
public final class OwnRequests {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The answer of one server: its message, or the reply that carried none. */
    public sealed interface Answer {
        record Result(JsonNode result) implements Answer {
        }

        record Error(int code, String message) implements Answer {
        }

        record Unavailable(UpstreamResponse reply) implements Answer {
        }

        /** Not asked: the server's circuit is open (see {@link CircuitBreaker}). */
        record Resting(long retryAfterSeconds) implements Answer {
        }
    }

    private final SessionUpstreams upstreams;
    private final CircuitBreaker circuits;
    private final JsonRpcParser parser = new JsonRpcParser();
    private final AtomicLong ids = new AtomicLong();

    /** Asks every server whatever its circuit says: the admin's checks must see a server as it is now. */
    public OwnRequests(SessionUpstreams upstreams) {
        this(upstreams, null);
    }

    /** Asks only servers whose circuit lets the request through, and tells the circuit how each answered. */
    public OwnRequests(SessionUpstreams upstreams, CircuitBreaker circuits) {
        this.upstreams = upstreams;
        this.circuits = circuits;
    }

    public CompletableFuture<Answer> ask(UpstreamScope scope, UpstreamServer server, String method, ObjectNode params) {
        if (circuits == null) {
            return send(scope, server, method, params);
        }
        if (circuits.acquire(server.id()) instanceof CircuitBreaker.Permit.Refused refused) {
            return CompletableFuture.completedFuture(new Answer.Resting(refused.retryAfterSeconds()));
        }
        return send(scope, server, method, params).thenApply(answer -> {
            if (answer instanceof Answer.Unavailable u && UpstreamFault.isFault(u.reply())) {
                circuits.failure(server.id());
            } else {
                circuits.success(server.id());
            }
            return answer;
        });
    }

    private CompletableFuture<Answer> send(UpstreamScope scope, UpstreamServer server, String method, ObjectNode params) {
        JsonRpcId id = JsonRpcId.of("gatehouse-" + ids.incrementAndGet());
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id.text()).put("method", method);
        if (params != null && !params.isEmpty()) {
            message.set("params", params);
        }
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        return upstreams.post(scope, server, body).thenCompose(reply -> UpstreamReplies.answer(reply, id, parser)
                .thenApply(answer -> {
                    if (answer.isPresent() && answer.get() instanceof JsonRpcMessage.Response r) {
                        return new Answer.Result(r.result().tree());
                    }
                    if (answer.isPresent() && answer.get() instanceof JsonRpcMessage.ErrorResponse e) {
                        return new Answer.Error(e.error().code(), e.error().message());
                    }
                    return new Answer.Unavailable(UpstreamReplies.failureOf(reply));
                }));
    }
}
