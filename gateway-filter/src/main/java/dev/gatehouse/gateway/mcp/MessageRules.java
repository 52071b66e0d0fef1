package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.governance.CallGovernor;
import dev.gatehouse.core.governance.GovernedCall;
import dev.gatehouse.core.governance.Review;
import dev.gatehouse.core.jsonrpc.JsonRpcError;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.mcp.ServerRequestIds;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.rules.Hook;
import dev.gatehouse.core.session.SessionRef;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.session.UpstreamScope;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's rules over every message between a client and an upstream other than a {@code tools/call}'s
 * own arguments and result (those are {@link GovernedCalls}'): response rules over what an upstream sends
 * (an answer's {@code result} or {@code error}, a notification's or server request's {@code params}, on
 * POST streams and listen streams alike), request rules over what a client sends on (a request's
 * {@code params}, a call's {@code _meta}, a notification's {@code params}, its answer to a server request).
 * <p>
 * What a blocking rule does depends on the message: an answer or error becomes Gatehouse's error
 * (-32050); a notification is dropped; a server request never reaches the client and the server gets
 * the error as its answer; a client message is not forwarded and the client gets the error. A rewrite
 * replaces the part it rewrote. Every decision is audited ({@link CallGovernor#reviewMessage}). Costs a
 * map look-up per message unless the gateway has rules of that direction.
 */
final class MessageRules {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(MessageRules.class.getName());
    private final CallGovernor governor;
    private final SessionUpstreams upstreams;
    private final JsonRpcParser parser = new JsonRpcParser();

    MessageRules(CallGovernor governor, SessionUpstreams upstreams) {
        this.governor = governor;
        this.upstreams = upstreams;
    }

    /**
     * Whose messages these are: the grant they are governed for, the session and server they come from or
     * go to, the tool of the call they belong to (null outside a call), and the correlation and JSON-RPC id
     * their audit records carry.
     */
    record Scope(TokenGrant grant, SessionRef session, UpstreamServer server, String tool, String correlationId,
                 String jsonRpcId) {
        static Scope of(McpCall call) {
            return new Scope(call.inbound().grant(), call.session(), call.server(), call.tool(),
                    call.inbound().client().correlationId(), call.id().text());
        }

        /** This scope for the messages of {@code s}. */
        Scope from(UpstreamServer s) {
            return new Scope(grant, session, s, tool, correlationId, jsonRpcId);
        }

        String gateway() {
            return grant.gatewaySlug();
        }

        /** The governed message, recorded under the call's JSON-RPC id, or outside a call under the message's own. */
        GovernedCall governed(String messageId) {
            String tool = this.tool == null ? "" : this.tool;
            return new GovernedCall(grant, server == null ? null : server.id(), server == null ? null : server.slug(),
                    tool, tool, correlationId, jsonRpcId != null ? jsonRpcId : messageId, null);
        }
    }

    boolean governs(Scope scope, Hook phase) {
        return scope.grant() != null && governor.governs(scope.gateway(), phase);
    }

    /**
     * One message an upstream sends toward the client before (or instead of) an answer: a notification or a
     * server request, its id already routable. Completes with the bytes to relay, or null when a rule blocked
     * it (a server request is then answered upstream with the rule's error). At once without response rules.
     */
    CompletableFuture<byte[]> toClient(Scope scope, byte[] json) {
        if (!governs(scope, Hook.RESPONSE)) {
            return CompletableFuture.completedFuture(json);
        }
        if (!(parser.parse(json) instanceof JsonRpcParser.Result.Parsed parsed)) {
            return CompletableFuture.completedFuture(json);
        }
        JsonRpcMessage m = parsed.message();
        String method = m instanceof JsonRpcMessage.Request r ? r.method()
                : m instanceof JsonRpcMessage.Notification n ? n.method() : null;
        if (method == null) {
            return CompletableFuture.completedFuture(json);
        }
        JsonNode params = m instanceof JsonRpcMessage.Request r ? r.params().tree() : ((JsonRpcMessage.Notification) m).params().tree();
        if (params == null || !params.isContainerNode()) {
            return CompletableFuture.completedFuture(json); // nothing a rule could read
        }
        JsonRpcId id = m instanceof JsonRpcMessage.Request r ? r.id() : null;
        return governor.reviewMessage(scope.governed(id == null ? null : id.text()), Hook.RESPONSE, method, "params", params)
                .thenApply(review -> {
                    if (review instanceof Review.Unchanged) {
                        return json; // as it came, byte for byte
                    }
                    if (review instanceof Review.Replaced r) {
                        ObjectNode tree = tree(json);
                        tree.set("params", r.result());
                        return bytes(tree);
                    }
                    if (id != null) {
                        answerUpstream(scope, id, ((Review.Refused) review).error());
                    }
                    return null;
                });
    }

    /**
     * The answer to a forwarded request other than a {@code tools/call}'s result: a result ({@code result})
     * or any request's error ({@code error}). Blocked, it becomes Gatehouse's error under the client's id.
     */
    CompletableFuture<byte[]> answer(Scope scope, String method, JsonRpcId clientId, byte[] json) {
        if (!governs(scope, Hook.RESPONSE)) {
            return CompletableFuture.completedFuture(json);
        }
        ObjectNode tree = tree(json);
        String part = tree.has("error") ? "error" : "result";
        JsonNode payload = tree.get(part);
        if (payload == null || !payload.isContainerNode()) {
            return CompletableFuture.completedFuture(json);
        }
        return governor.reviewMessage(scope.governed(null), Hook.RESPONSE, method, part, payload).thenApply(review -> {
            if (review instanceof Review.Unchanged) {
                return json;
            }
            if (review instanceof Review.Replaced r && (part.equals("result") || stillAnError(r.result()))) {
                tree.set(part, r.result());
                return bytes(tree);
            }
            JsonRpcError error = review instanceof Review.Refused refused ? refused.error()
                    : dev.gatehouse.core.governance.GovernanceErrors.ruleBlocked("(rewrite left no valid error)", null);
            return JsonRpcWriter.error(clientId, error);
        });
    }

    /**
     * Gatehouse's error for an upstream's failure, when it shows the upstream's own error message (a refused
     * request's): read by the response rules like the upstream's error itself; same status either way.
     */
    CompletableFuture<McpError> error(Scope scope, String method, McpError error) {
        if (!governs(scope, Hook.RESPONSE)) {
            return CompletableFuture.completedFuture(error);
        }
        return answer(scope, method, error.id(), error.body()).thenApply(json ->
                parser.parse(json) instanceof JsonRpcParser.Result.Parsed p && p.message() instanceof JsonRpcMessage.ErrorResponse e
                        ? new McpError(error.status(), error.id(), e.error()) : error);
    }

    /**
     * A client message on its way to an upstream, {@code part} of it ({@code params}, {@code _meta}, or the
     * {@code result} or {@code error} of its answer to a server request) as request rules leave it:
     * {@link Review.Unchanged} at once without request rules.
     */
    CompletableFuture<Review> fromClient(Scope scope, String method, String part, JsonNode payload) {
        if (payload == null || !payload.isContainerNode() || !governs(scope, Hook.REQUEST)) {
            return CompletableFuture.completedFuture(new Review.Unchanged());
        }
        return governor.reviewMessage(scope.governed(null), Hook.REQUEST, method, part, payload);
    }

    /** Answers a server's request that a rule kept from the client, so the server does not wait for it. */
    void answerUpstream(Scope scope, JsonRpcId relayedId, JsonRpcError error) {
        var origin = ServerRequestIds.origin(relayedId);
        if (origin.isEmpty() || scope.server() == null) {
            return;
        }
        UpstreamScope on = UpstreamScope.of(scope.session(), scope.grant() == null ? null : scope.grant().connectionId());
        upstreams.post(on, scope.server(), JsonRpcWriter.error(origin.get().upstreamId(), error))
                .whenComplete((reply, e) -> {
                    if (reply instanceof UpstreamResponse.Stream s) {
                        s.events().cancel();
                    }
                    if (e != null) {
                        LOG.log(System.Logger.Level.WARNING, "blocked server request of " + scope.server().slug()
                                + " not answered upstream (" + scope.correlationId() + ")", e);
                    }
                });
    }

    /** An error object as JSON-RPC requires it after a rewrite: an integer code and a string message. */
    private static boolean stillAnError(JsonNode error) {
        return error.isObject() && error.path("code").isIntegralNumber() && error.path("message").isTextual();
    }

    static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("the message was parsed before", e);
        }
    }

    static byte[] bytes(ObjectNode tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }
}
