package dev.gatehouse.gateway.mcp;

import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.JsonRpcParser;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.ForwardedRequest;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.upstream.UpstreamResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sends a routed client request to its server, on the client's Gatehouse session's upstream session
 * (or the node's shared one), and relays the answer. When the client leaves before the answer, the
 * upstream exchange is closed and the server told with {@code notifications/cancelled} (MCP
 * "Cancellation"), so it stops the work.
 */
final class UpstreamForwarder {
    private static final System.Logger LOG = System.getLogger(UpstreamForwarder.class.getName());
    private final SessionUpstreams upstreams;
    private final CallAudit audit;
    private final KeepAlive keepAlive;
    private final GovernedCalls governed;
    private final UpstreamCircuit circuit;
    private final JsonRpcParser parser = new JsonRpcParser();

    UpstreamForwarder(SessionUpstreams upstreams, CallAudit audit, KeepAlive keepAlive, GovernedCalls governed,
                      UpstreamCircuit circuit) {
        this.upstreams = upstreams;
        this.audit = audit;
        this.keepAlive = keepAlive;
        this.governed = governed;
        this.circuit = circuit;
    }

    /**
     * @param call         routed: {@code call.server()} is set
     * @param upstreamName the item's name at the server, when the method names one (else null)
     */
    void forward(McpCall call, String upstreamName, ClientLeg leg) {
        Function<Ending, CompletableFuture<Void>> finish = ending -> audit.completed(call, ending);
        if (!circuit.admit(call, leg, finish)) {
            return; // the server's circuit is open: answered 503 with Retry-After, never sent
        }
        ForwardedRequest forwarded = ForwardedRequest.of(parser, (JsonRpcMessage.Request) call.message(), call.body(),
                call.server().id(), upstreamName, call.session() == null);
        long start = System.nanoTime();
        upstreams.post(call.session(), call.server(), forwarded.upstreamBody())
                .thenAccept(reply -> {
                    if (reply instanceof UpstreamResponse.Stream && leg.accept().eventStream()) {
                        keepAlive.watch(leg); // a slow upstream between events: the client's stream stays alive
                    }
                    ReplyRelay.relay(call, forwarded, reply, leg, start, answer -> governed.review(call, answer),
                            circuit.reporting(call.server(), reply, finish), () -> cancel(call, forwarded.upstreamId()));
                })
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.ERROR, "relay of " + call.method() + " failed", e);
                    ReplyRelay.fail(McpError.internal(call.id()), leg, null, ending -> audit.completed(call, ending));
                    return null;
                });
    }

    /** Delivers a notification or a client's answer to one server; 202 once it accepted it. */
    void deliver(McpCall call, UpstreamServer server, byte[] body, ClientLeg leg) {
        upstreams.post(call.session(), server, body)
                .thenAccept(reply -> ReplyRelay.relayAccepted(reply, leg))
                .exceptionally(e -> {
                    leg.error(McpError.internal(JsonRpcId.NULL));
                    leg.complete();
                    return null;
                });
    }

    /** Sends a notification to a server without waiting for, or relaying, its acknowledgement. */
    void notify(McpCall call, UpstreamServer server, byte[] body) {
        upstreams.post(call.session(), server, body).thenAccept(UpstreamForwarder::discard);
    }

    private void cancel(McpCall call, JsonRpcId upstreamId) {
        String note = "{\"jsonrpc\":\"2.0\",\"method\":\"" + McpMethods.NOTIFICATION_CANCELLED
                + "\",\"params\":{\"requestId\":" + upstreamId.json() + ",\"reason\":\"client disconnected\"}}";
        notify(call, call.server(), note.getBytes(StandardCharsets.UTF_8));
    }

    private static void discard(UpstreamResponse reply) {
        if (reply instanceof UpstreamResponse.Stream s) {
            s.events().cancel();
        }
    }
}
