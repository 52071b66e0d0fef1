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
import dev.gatehouse.core.jsonrpc.JsonRpcWriter;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.upstream.SseEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MCP endpoint's side of governance ({@link CallGovernor}) for {@code tools/call}: before a routed
 * call is sent, the quarantine, rate limits, request rules and approval ({@link #admit}); before its
 * answer is relayed, over JSON or as the final event of a stream, the response rules ({@link #review}).
 * While a call waits for approval, the client's event stream is kept alive with progress notifications
 * (when it gave a progress token) or comments.
 */
final class GovernedCalls {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final System.Logger LOG = System.getLogger(GovernedCalls.class.getName());
    private final CallGovernor governor;
    private final java.util.function.Predicate<dev.gatehouse.core.model.TokenGrant> stillValid;
    private final JsonRpcParser parser = new JsonRpcParser();

    GovernedCalls(CallGovernor governor) {
        this(governor, grant -> true);
    }

    /** @param stillValid checks a credential again (one read) before a call approved after a hold is sent */
    GovernedCalls(CallGovernor governor, java.util.function.Predicate<dev.gatehouse.core.model.TokenGrant> stillValid) {
        this.governor = governor;
        this.stillValid = stillValid;
    }

    CallGovernor governor() {
        return governor;
    }

    /**
     * Admits a routed {@code tools/call} ({@code proceed} with the call as it is to be sent) or refuses it
     * ({@code refuse} with the error; a rate limit's {@code Retry-After} is already set). Other methods
     * proceed at once. Both continuations run on a container thread.
     */
    void admit(McpCall call, String upstreamName, ClientLeg leg, Consumer<McpCall> proceed, Consumer<McpError> refuse) {
        if (!governed(call)) {
            proceed.accept(call);
            return;
        }
        ObjectNode tree = tree(call.body());
        JsonNode arguments = tree.path("params").path("arguments");
        GovernedCall governed = governed(call, upstreamName, arguments.isObject() ? arguments : MAPPER.createObjectNode());
        JsonNode progressToken = tree.path("params").path("_meta").path("progressToken");
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
                    if (go.held() && !stillValid.test(call.inbound().grant())) {
                        refuse.accept(McpError.revoked(call.id())); // approved, but its credential ended meanwhile
                        return;
                    }
                    proceed.accept(go.arguments() == null ? call : withArguments(call, tree, go.arguments()));
                }));
    }

    /** The answer as the response rules leave it: unchanged, with its result replaced, or an error. */
    CompletableFuture<ForwardedRequest.Back.Final> review(McpCall call, ForwardedRequest.Back.Final answer) {
        if (!governed(call) || !(answer.answer() instanceof JsonRpcMessage.Response)
                || !governor.reviewsResults(call.gateway().slug())) {
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
            JsonRpcParser.Result parsed = parser.parse(json);
            return parsed instanceof JsonRpcParser.Result.Parsed p ? new ForwardedRequest.Back.Final(json, p.message())
                    : answer;
        });
    }

    /** The longest a call of {@code gateway} may wait for approval, added to the exchange's deadline. */
    Duration longestHold(String gateway) {
        return governor.longestHold(gateway);
    }

    /** The tools of one server's list that may be shown: a quarantined server's unreviewed ones are not. */
    java.util.List<JsonNode> visibleTools(dev.gatehouse.core.model.GatewayServer server, java.util.List<JsonNode> tools) {
        return governor.visibleTools(server.server().id(), server.server().slug(), tools);
    }

    private static boolean governed(McpCall call) {
        return McpMethods.TOOLS_CALL.equals(call.method()) && call.server() != null && call.inbound().grant() != null;
    }

    private static GovernedCall governed(McpCall call, String upstreamName, JsonNode arguments) {
        String tool = call.tool() == null ? "" : call.tool();
        return new GovernedCall(call.inbound().grant(), call.server().id(), call.server().slug(), tool,
                upstreamName == null ? tool : upstreamName, call.inbound().client().correlationId(), call.id().text(),
                arguments);
    }

    private void stillHeld(ClientLeg leg, JsonNode progressToken, Duration waited) {
        if (!leg.accept().eventStream() || leg.over()) {
            return; // a JSON-only client just waits; its exchange's deadline covers the approval timeout
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

    private static McpCall withArguments(McpCall call, ObjectNode tree, JsonNode arguments) {
        ((ObjectNode) tree.get("params")).set("arguments", arguments);
        return new McpCall(call.inbound(), call.gateway(), call.server(), call.headers(), call.message(),
                tree.toString().getBytes(StandardCharsets.UTF_8), call.session());
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
