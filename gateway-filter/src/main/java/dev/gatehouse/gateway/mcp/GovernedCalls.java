package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.governance.Admission;
import dev.gatehouse.core.governance.CallGovernor;
import dev.gatehouse.core.governance.GovernedCall;
import dev.gatehouse.core.governance.Review;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.rules.Hook;
import dev.gatehouse.core.upstream.SseEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MCP endpoint's side of governance ({@link CallGovernor}) for forwarded requests: before a routed
 * {@code tools/call} is sent, the quarantine, rate limits, request rules and approval ({@link #admit}); before
 * its answer is relayed, over JSON or as the final event of a stream, the response rules ({@link #review}).
 * Every other part of the exchange (another request's {@code params}, a call's {@code _meta}, errors, the
 * messages relayed before the answer) goes through {@link MessageRules}.
 * While a call waits for approval, the client's event stream is kept alive with progress notifications
 * (when it gave a progress token) or comments.
 */
final class GovernedCalls {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(GovernedCalls.class.getName());
    private final CallGovernor governor;
    private final MessageRules messages;
    private final java.util.function.Predicate<dev.gatehouse.core.model.TokenGrant> stillValid;
    private final JsonRpcParser parser = new JsonRpcParser();

    /** @param stillValid checks a credential again (one read) before a call approved after a hold is sent */
    GovernedCalls(CallGovernor governor, MessageRules messages,
                  java.util.function.Predicate<dev.gatehouse.core.model.TokenGrant> stillValid) {
        this.governor = governor;
        this.messages = messages;
        this.stillValid = stillValid;
    }

    CallGovernor governor() {
        return governor;
    }

    /**
     * Admits a routed request ({@code proceed} with the call as it is to be sent) or refuses it ({@code refuse}
     * with the error; a rate limit's {@code Retry-After} is already set): first the request rules over the
     * request's {@code params} (of a {@code tools/call}: its {@code _meta}), then, for a {@code tools/call},
     * its governance. Without request rules, other methods proceed at once. Both continuations run on a
     * container thread.
     */
    void admit(McpCall call, String upstreamName, ClientLeg leg, Consumer<McpCall> proceed, Consumer<McpError> refuse) {
        boolean toolCall = governed(call);
        String part = toolCall ? "_meta" : "params";
        MessageRules.Scope scope = MessageRules.Scope.of(call);
        // the params copied only when request rules apply at all
        JsonNode params = messages.governs(scope, Hook.REQUEST) && call.message() instanceof JsonRpcMessage.Request r
                ? r.params().tree() : null;
        JsonNode payload = params == null ? null : toolCall ? params.get("_meta") : params;
        if (payload == null || !payload.isContainerNode()) {
            admitCall(call, upstreamName, leg, proceed, refuse);
            return;
        }
        messages.fromClient(scope, call.method(), part, payload).thenAccept(review -> leg.dispatch(() -> {
            if (review instanceof Review.Refused r) {
                refuse.accept(new McpError(403, call.id(), r.error())); // never forwarded
                return;
            }
            McpCall next = review instanceof Review.Replaced r ? withPart(call, part, r.result()) : call;
            admitCall(next, upstreamName, leg, proceed, refuse);
        }));
    }

    /** The governance of a {@code tools/call} ({@link CallGovernor#admit}); other methods proceed. */
    private void admitCall(McpCall call, String upstreamName, ClientLeg leg, Consumer<McpCall> proceed,
                           Consumer<McpError> refuse) {
        if (!governed(call)) {
            proceed.accept(call);
            return;
        }
        // read from the message parsed once; only the arguments are copied (the rules may rewrite them)
        RawJson params = ((JsonRpcMessage.Request) call.message()).params();
        JsonNode arguments = params.copyAt("arguments");
        GovernedCall governed = governed(call, upstreamName, arguments.isObject() ? arguments : MAPPER.createObjectNode());
        JsonNode progressToken = params.copyAt("_meta", "progressToken");
        governor.admit(governed, waited -> leg.dispatch(() -> stillHeld(leg, progressToken, waited)))
                .thenAccept(admission -> leg.dispatch(() -> {
                    if (admission instanceof Admission.Refused r) {
                        if (r.retryAfterSeconds() != null) {
                            leg.header("Retry-After", Long.toString(r.retryAfterSeconds()));
                        }
                        refuse.accept(new McpError(r.status(), call.id(), r.error()));
                        return;
                    }
                    Admission.Proceed go = (Admission.Proceed) admission;
                    leg.onOver(go.permit()::close);
                    if (leg.over()) {
                        return; // the client left while the call was held: it is not sent for nobody
                    }
                    McpCall admitted = go.arguments() == null ? call : withArguments(call, tree(call.body()), go.arguments());
                    if (go.held()) {
                        afterHold(admitted, leg, proceed, refuse);
                    } else {
                        proceed.accept(admitted);
                    }
                }));
        leg.onGone(() -> governor.withdrawGone(call.inbound().client().correlationId()));
    }

    /**
     * A call approved after a hold is sent only to a client still there, on a credential still valid. A
     * client that closed its connection is only seen gone when written to: the first write after its close
     * may still be read (a socket closing under its reader takes that write in) and only draws the reset;
     * the write after that one may still succeed if it went out before the reset came back. So
     * {@link #PROBES} writes {@link #PROBE_GAP} apart (a comment on an event stream, whitespace before a
     * JSON answer, which JSON allows), then the credential's check (one read).
     */
    private void afterHold(McpCall call, ClientLeg leg, Consumer<McpCall> proceed, Consumer<McpError> refuse) {
        probe(leg, PROBES, () -> {
            if (!stillValid.test(call.inbound().grant())) {
                refuse.accept(McpError.revoked(call.id())); // approved, but its credential ended meanwhile
                return;
            }
            proceed.accept(call);
        });
    }

    /** Writes {@code writes} probes a gap apart; runs {@code there} after the last one reached the client. */
    private static void probe(ClientLeg leg, int writes, Runnable there) {
        if (!leg.stillThere() || leg.over()) {
            return; // the client left while the call was held: it is not sent for nobody
        }
        if (writes == 1) {
            there.run();
            return;
        }
        CompletableFuture.delayedExecutor(PROBE_GAP.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS, leg::dispatch)
                .execute(() -> probe(leg, writes - 1, there));
    }

    /** Between the writes that tell whether a held call's client is still there. */
    static final Duration PROBE_GAP = Duration.ofMillis(200);
    /** A close is seen on the third write after it at the latest: one read by the closing client, one drawing the reset. */
    static final int PROBES = 3;

    /**
     * The response rules over one forwarded request's reply: each message relayed before the answer
     * ({@link MessageRules#toClient}) and the answer ({@link #review}).
     */
    ReplyRules replyRules(McpCall call) {
        MessageRules.Scope scope = MessageRules.Scope.of(call);
        return new ReplyRules() {
            @Override
            public CompletableFuture<ForwardedRequest.Back.Final> answer(ForwardedRequest.Back.Final answer) {
                return review(call, answer);
            }

            @Override
            public CompletableFuture<byte[]> relayed(byte[] json) {
                return messages.toClient(scope, json);
            }

            @Override
            public boolean active() {
                return messages.governs(scope, Hook.RESPONSE);
            }
        };
    }

    /**
     * The answer as the response rules leave it: unchanged, with its result (or error) replaced, or
     * Gatehouse's error. A {@code tools/call}'s result is governed as the call's own; every other answer,
     * and every error, as a message ({@link MessageRules#answer}).
     */
    CompletableFuture<ForwardedRequest.Back.Final> review(McpCall call, ForwardedRequest.Back.Final answer) {
        if (call.server() == null || call.inbound().grant() == null) {
            return CompletableFuture.completedFuture(answer);
        }
        if (!governed(call) || !(answer.answer() instanceof JsonRpcMessage.Response)) {
            return messages.answer(MessageRules.Scope.of(call), call.method(), call.id(), answer.json())
                    .thenApply(json -> json == answer.json() ? answer : reparsed(json, answer));
        }
        if (!governor.reviewsResults(call.gateway().slug())) {
            return CompletableFuture.completedFuture(answer);
        }
        ObjectNode tree = tree(answer.json());
        GovernedCall governed = governed(call, null, null);
        return governor.review(governed, tree.get("result")).thenApply(review -> {
            if (review instanceof Review.Unchanged) {
                return answer;
            }
            byte[] json;
            if (review instanceof Review.Replaced r) {
                tree.set("result", r.result());
                json = tree.toString().getBytes(StandardCharsets.UTF_8);
            } else {
                json = JsonRpcWriter.error(call.id(), ((Review.Refused) review).error());
            }
            return reparsed(json, answer);
        });
    }

    private ForwardedRequest.Back.Final reparsed(byte[] json, ForwardedRequest.Back.Final answer) {
        JsonRpcParser.Result parsed = parser.parse(json);
        return parsed instanceof JsonRpcParser.Result.Parsed p ? new ForwardedRequest.Back.Final(json, p.message()) : answer;
    }

    /** Gatehouse's error for an upstream's refusal that shows the upstream's message, as the response rules leave it. */
    CompletableFuture<McpError> upstreamError(McpCall call, McpError error) {
        return messages.error(MessageRules.Scope.of(call), call.method(), error);
    }

    /** The longest a call of {@code gateway} may wait for approval, added to the exchange's deadline. */
    Duration longestHold(String gateway) {
        return governor.longestHold(gateway);
    }

    /** The tools of one server's list that may be shown: a quarantined server's unreviewed ones are not. */
    java.util.List<JsonNode> visibleTools(dev.gatehouse.core.model.GatewayServer server, java.util.List<JsonNode> tools) {
        return governor.visibleTools(server.server().serverId(), server.server().slug(), tools);
    }

    private static boolean governed(McpCall call) {
        return McpMethods.TOOLS_CALL.equals(call.method()) && call.server() != null && call.inbound().grant() != null;
    }

    private static GovernedCall governed(McpCall call, String upstreamName, JsonNode arguments) {
        String tool = call.tool() == null ? "" : call.tool();
        return new GovernedCall(call.inbound().grant(), call.server().serverId(), call.server().slug(), tool,
                upstreamName == null ? tool : upstreamName, call.inbound().client().correlationId(), call.id().text(),
                arguments, call.inbound().trace());
    }

    private void stillHeld(ClientLeg leg, JsonNode progressToken, Duration waited) {
        if (leg.over()) {
            return;
        }
        if (!leg.accept().eventStream()) {
            leg.stillThere(); // whitespace before the JSON answer: a client that left is seen gone, its call withdrawn
            return;
        }
        if (progressToken.isTextual() || progressToken.isIntegralNumber()) {
            ObjectNode note = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", McpMethods.NOTIFICATION_PROGRESS);
            ObjectNode params = note.putObject("params");
            params.set("progressToken", progressToken);
            params.put("progress", waited.toSeconds());
            params.put("message", "waiting for an administrator's approval");
            leg.event(SseEvent.message(note.toString()));
        } else {
            leg.open();
            leg.comment("waiting for approval");
        }
    }

    /** The call with {@code params} ({@code part} "params") or {@code params._meta} replaced as the rules left it. */
    private McpCall withPart(McpCall call, String part, JsonNode value) {
        ObjectNode tree = tree(call.body());
        if (part.equals("params")) {
            tree.set("params", value);
        } else {
            ((ObjectNode) tree.get("params")).set(part, value);
        }
        return rewritten(call, tree);
    }

    private McpCall withArguments(McpCall call, ObjectNode tree, JsonNode arguments) {
        ((ObjectNode) tree.get("params")).set("arguments", arguments);
        return rewritten(call, tree);
    }

    /**
     * The call as the rules left it: its body and its message read from that body, so that whatever reads the
     * message later (the request forwarded upstream is written from it) sees the rewrite, never the original.
     */
    private McpCall rewritten(McpCall call, ObjectNode tree) {
        byte[] body = tree.toString().getBytes(StandardCharsets.UTF_8);
        if (!(parser.parse(body) instanceof JsonRpcParser.Result.Parsed parsed)) {
            throw new IllegalStateException("a message the rules rewrote is no longer JSON-RPC");
        }
        return new McpCall(call.inbound(), call.gateway(), call.server(), call.headers(), parsed.message(), body,
                call.session());
    }

    private static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            LOG.log(System.Logger.Level.ERROR, "a message parsed before is no longer an object");
            throw new IllegalArgumentException("the message was parsed before", e);
        }
    }
}
