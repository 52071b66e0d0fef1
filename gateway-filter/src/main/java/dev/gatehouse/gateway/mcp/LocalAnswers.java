package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.mcp.GatewayDescription;
import dev.gatehouse.core.mcp.OwnRequests;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.Outcome;
import dev.gatehouse.core.session.InitializeParams;
import dev.gatehouse.core.session.McpSession;
import dev.gatehouse.core.session.McpSessionStore;
import dev.gatehouse.core.session.SessionUpstreams;
import dev.gatehouse.core.upstream.UpstreamClient;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What Gatehouse answers itself, as the MCP server its clients talk to: {@code initialize} (a new
 * Gatehouse session, the revision negotiated with the client, the union of the servers' capabilities),
 * {@code server/discover} (the stateless revision's description), {@code ping}, and
 * {@code logging/setLevel} (passed to every server).
 */
final class LocalAnswers {
    private static final System.Logger LOG = System.getLogger(LocalAnswers.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GatewayDescription description;
    private final McpSessionStore sessions;
    private final SessionUpstreams upstreams;
    private final OwnRequests requests;
    private final CallAudit audit;

    LocalAnswers(GatewayDescription description, McpSessionStore sessions, SessionUpstreams upstreams,
                 OwnRequests requests, CallAudit audit) {
        this.description = description;
        this.sessions = sessions;
        this.upstreams = upstreams;
        this.requests = requests;
        this.audit = audit;
    }

    void initialize(McpCall call, JsonRpcMessage.Request request, ClientLeg leg) {
        Optional<String> outOfBounds = InitializeParams.violation(request.params());
        if (outOfBounds.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "initialize refused [" + call.inbound().client().correlationId() + "]: "
                    + outOfBounds.get());
            error(call, McpError.invalidParams(call.id(), outOfBounds.get()), leg);
            return;
        }
        String version = McpMethods.negotiate(request.params().text("protocolVersion").orElse(McpMethods.ASSUMED_VERSION));
        String capabilities = request.params().has("capabilities") ? request.params().tree().path("capabilities").toString() : "{}";
        description.describe(call.gateway(), version).thenAccept(d -> {
            McpSessionStore.Opening opening = sessions.open(call.inbound().grant().connectionId(), call.gateway().slug(),
                    version, capabilities);
            if (opening instanceof McpSessionStore.Opening.Full full) {
                LOG.log(System.Logger.Level.INFO, "initialize refused [" + call.inbound().client().correlationId()
                        + "]: connection " + call.inbound().grant().connectionId() + " holds its maximum of "
                        + full.max() + " live sessions, none idle");
                leg.header("Retry-After", Long.toString(full.retryAfter().toSeconds()));
                error(call, McpError.tooManySessions(call.id(), full.max()), leg);
                return;
            }
            McpSessionStore.Opening.Opened opened = (McpSessionStore.Opening.Opened) opening;
            evicted(call, opened.evicted());
            McpSessionStore.Issued issued = opened.issued();
            ObjectNode result = MAPPER.createObjectNode().put("protocolVersion", version);
            result.set("capabilities", d.capabilities());
            result.set("serverInfo", serverInfo(call));
            if (d.instructions() != null) {
                result.put("instructions", d.instructions());
            }
            leg.relaySessionId(issued.id());
            answer(call, result, leg);
        }).exceptionally(e -> failed(call, leg));
    }

    /** Ends the upstream sessions of the idle sessions evicted to make room (their listen streams see them ended). */
    private void evicted(McpCall call, List<McpSession> evicted) {
        if (evicted.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "initialize [" + call.inbound().client().correlationId() + "]: evicted "
                + evicted.size() + " idle session(s) of connection " + call.inbound().grant().connectionId()
                + " at its session limit: " + evicted.stream().map(McpSession::shortHandle).toList());
        evicted.forEach(s -> upstreams.close(s, id -> call.gateway().server(id).map(GatewayServer::server)));
    }

    void discover(McpCall call, ClientLeg leg) {
        description.describe(call.gateway(), McpMethods.STATELESS_VERSION).thenAccept(d -> {
            ObjectNode result = MAPPER.createObjectNode();
            ArrayNode versions = result.putArray("supportedVersions");
            McpMethods.PROTOCOL_VERSIONS.forEach(versions::add);
            result.set("capabilities", d.capabilities());
            result.set("serverInfo", serverInfo(call));
            if (d.instructions() != null) {
                result.put("instructions", d.instructions());
            }
            answer(call, result, leg);
        }).exceptionally(e -> failed(call, leg));
    }

    void ping(McpCall call, ClientLeg leg) {
        answer(call, MAPPER.createObjectNode(), leg);
    }

    /** Sets the level at every server that offers logging; the answer does not wait for failures to matter. */
    void setLevel(McpCall call, JsonRpcMessage.Request request, ClientLeg leg) {
        ObjectNode params = (ObjectNode) request.params().tree();
        CompletableFuture<?>[] asks = call.gateway().enabledServers().stream().map(GatewayServer::server)
                .map(s -> requests.ask(call.scope(), s, McpMethods.LOGGING_SET_LEVEL, params))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(asks).whenComplete((v, e) -> answer(call, MAPPER.createObjectNode(), leg));
    }

    /** Writes a successful answer with the request's id, records it, and completes the exchange. */
    void answer(McpCall call, ObjectNode result, ClientLeg leg) {
        answerJson(call, result.toString().getBytes(StandardCharsets.UTF_8), leg);
    }

    void answerJson(McpCall call, byte[] result, ClientLeg leg) {
        byte[] message = ("{\"jsonrpc\":\"2.0\",\"id\":" + call.id().json() + ",\"result\":"
                + new String(result, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
        audit.completed(call, new Ending(Outcome.SUCCESS, 200, null, null, message.length))
                .whenCompleteAsync((v, e) -> {
                    leg.message(message);
                    leg.complete();
                }, leg::dispatch);
    }

    /** Writes the gateway's error, records it, and completes the exchange. */
    void error(McpCall call, McpError error, ClientLeg leg) {
        ReplyRelay.fail(error, leg, null, ending -> audit.completed(call, ending));
    }

    private Void failed(McpCall call, ClientLeg leg) {
        error(call, McpError.internal(call.id()), leg);
        return null;
    }

    private static ObjectNode serverInfo(McpCall call) {
        return MAPPER.createObjectNode().put("name", "gatehouse")
                .put("title", "Gatehouse: " + call.gateway().name()).put("version", UpstreamClient.VERSION);
    }
}
