package dev.gatehouse.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.UpstreamLink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An administrator's check of an upstream: opens a fresh MCP session with it exactly as the gateway
 * does ({@link UpstreamHandshake}, same revision, same headers and credential, same deadlines), lists
 * what it offers (only the kinds its capabilities declare, following cursors up to a bound), then ends
 * the session. The outcome never carries the upstream's credential nor its raw error bodies: a failure
 * is described by {@link Unreachable#message()}, text written here.
 */
public final class UpstreamProbe {
    /** Pages followed per list, so a server paging forever cannot hold the probe. */
    static final int MAX_PAGES = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What to list besides the handshake. */
    public enum Scope {
        /** Tools only: for a preview of the tool list. */
        TOOLS,
        /** Tools, prompts and resources. */
        EVERYTHING
    }

    /** The probe's outcome. */
    public sealed interface Outcome {
    }

    /**
     * The server answered as MCP.
     *
     * @param protocolVersion the revision the server chose
     * @param initializeResult its initialize result (serverInfo, capabilities, instructions)
     * @param tools      its tools as listed (empty when it declares none)
     * @param prompts    its prompts (empty when not asked or none)
     * @param resources  its resources (empty when not asked or none)
     * @param latencyMs  time to open the session (initialize and initialized), in milliseconds
     */
    public record Reachable(String protocolVersion, JsonNode initializeResult, List<JsonNode> tools,
                            List<JsonNode> prompts, List<JsonNode> resources, long latencyMs) implements Outcome {
    }

    /** Why there is no MCP session: a reason and a message safe to show an administrator. */
    public record Unreachable(Reason reason, String message) implements Outcome {
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Kinds of failure. */
    public enum Reason { UNREACHABLE, TIMEOUT, NOT_MCP, HTTP_STATUS, ERROR }

    private final UpstreamClient client;
    private final UpstreamHandshake handshake;
    private final JsonRpcParser parser = new JsonRpcParser();
    private final AtomicLong ids = new AtomicLong();

    public UpstreamProbe(UpstreamClient client) {
        this.client = client;
        this.handshake = new UpstreamHandshake(client, UpstreamClient.VERSION);
    }

    /** Runs the probe; the future never completes exceptionally. */
    public CompletableFuture<Outcome> probe(UpstreamServer server, Scope scope) {
        long started = System.nanoTime();
        return handshake.open(server, McpMethods.GATEWAY_PROTOCOL_VERSION, "{}").thenCompose(opening -> {
            if (opening instanceof UpstreamHandshake.Opening.Unavailable u) {
                return CompletableFuture.<Outcome>completedFuture(unreachable(u.reply()));
            }
            long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            UpstreamHandshake.Opening.Ready ready = (UpstreamHandshake.Opening.Ready) opening;
            JsonNode result = ready.result().tree();
            JsonNode capabilities = result.path("capabilities");
            boolean everything = scope == Scope.EVERYTHING;
            CompletableFuture<Listed> tools = listIf(capabilities.has("tools"), server, ready.link(), McpMethods.TOOLS_LIST, "tools");
            CompletableFuture<Listed> prompts = listIf(everything && capabilities.has("prompts"), server, ready.link(),
                    McpMethods.PROMPTS_LIST, "prompts");
            CompletableFuture<Listed> resources = listIf(everything && capabilities.has("resources"), server,
                    ready.link(), McpMethods.RESOURCES_LIST, "resources");
            return CompletableFuture.allOf(tools, prompts, resources).thenApply(v -> {
                end(server, ready.link());
                for (Listed l : List.of(tools.join(), prompts.join(), resources.join())) {
                    if (l instanceof Listed.Failed f) {
                        return (Outcome) f.why();
                    }
                }
                return new Reachable(ready.link().protocolVersion(), result, ((Listed.Items) tools.join()).items(),
                        ((Listed.Items) prompts.join()).items(), ((Listed.Items) resources.join()).items(), latency);
            });
        }).exceptionally(e -> new Unreachable(Reason.ERROR, "the check failed"));
    }

    private sealed interface Listed {
        record Items(List<JsonNode> items) implements Listed {
        }

        record Failed(Unreachable why) implements Listed {
        }
    }

    private CompletableFuture<Listed> listIf(boolean ask, UpstreamServer server, UpstreamLink link, String method,
                                             String member) {
        return ask ? list(server, link, method, member, null, new ArrayList<>(), 0)
                : CompletableFuture.completedFuture(new Listed.Items(List.of()));
    }

    private CompletableFuture<Listed> list(UpstreamServer server, UpstreamLink link, String method, String member,
                                           String cursor, List<JsonNode> items, int page) {
        JsonRpcId id = JsonRpcId.of("gatehouse-probe-" + ids.incrementAndGet());
        ObjectNode message = MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id.text()).put("method", method);
        if (cursor != null) {
            message.putObject("params").put("cursor", cursor);
        }
        UpstreamRequest request = new UpstreamRequest(message.toString().getBytes(StandardCharsets.UTF_8),
                link.sessionId(), link.protocolVersion(), null);
        return client.post(server, request).thenCompose(reply -> UpstreamReplies.answer(reply, id, parser)
                .thenCompose(answer -> {
                    if (answer.isPresent() && answer.get() instanceof JsonRpcMessage.ErrorResponse) {
                        return CompletableFuture.completedFuture(new Listed.Items(items)); // e.g. method not found: none
                    }
                    if (answer.isEmpty() || !(answer.get() instanceof JsonRpcMessage.Response r)) {
                        return CompletableFuture.completedFuture(new Listed.Failed(unreachable(UpstreamReplies.failureOf(reply))));
                    }
                    r.result().tree().path(member).forEach(item -> {
                        if (item.isObject()) {
                            items.add(item);
                        }
                    });
                    JsonNode next = r.result().tree().path("nextCursor");
                    if (next.isTextual() && !next.textValue().isEmpty() && page + 1 < MAX_PAGES) {
                        return list(server, link, method, member, next.textValue(), items, page + 1);
                    }
                    return CompletableFuture.completedFuture(new Listed.Items(items));
                }));
    }

    /** Ends the probe's session at the server; its answer does not matter. */
    private void end(UpstreamServer server, UpstreamLink link) {
        if (link.sessionId() == null) {
            return;
        }
        client.delete(server, link.sessionId(), link.protocolVersion()).thenAccept(reply -> {
            if (reply instanceof UpstreamResponse.Stream s) {
                s.events().cancel();
            }
        });
    }

    /** A failed reply, described without anything the upstream wrote. */
    static Unreachable unreachable(UpstreamResponse reply) {
        String text = UpstreamFailureText.of(reply);
        if (reply instanceof UpstreamResponse.Refused) {
            return new Unreachable(Reason.HTTP_STATUS, text);
        }
        if (reply instanceof UpstreamResponse.Failed f) {
            return new Unreachable(switch (f.failure()) {
                case UNREACHABLE -> Reason.UNREACHABLE;
                case TIMEOUT -> Reason.TIMEOUT;
                case INVALID_REPLY -> Reason.NOT_MCP;
            }, text);
        }
        return new Unreachable(Reason.NOT_MCP, "not an MCP server: no initialize result");
    }
}
