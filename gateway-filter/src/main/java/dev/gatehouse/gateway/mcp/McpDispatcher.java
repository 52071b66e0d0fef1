package dev.gatehouse.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.governance.Review;
import dev.gatehouse.core.jsonrpc.ClientMethods;
import dev.gatehouse.core.jsonrpc.JsonRpcId;
import dev.gatehouse.core.jsonrpc.JsonRpcMessage;
import dev.gatehouse.core.jsonrpc.McpMethods;
import dev.gatehouse.core.jsonrpc.RawJson;
import dev.gatehouse.core.mcp.GatewayLists;
import dev.gatehouse.core.mcp.GatewayRouter;
import dev.gatehouse.core.mcp.ItemKind;
import dev.gatehouse.core.mcp.MergedList;
import dev.gatehouse.core.mcp.Resolution;
import dev.gatehouse.core.mcp.ServerRequestIds;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.text.LogText;

import java.util.List;
import java.util.Optional;

/**
 * Gatehouse as the MCP server of its clients: decides, per message, who answers it. Gatehouse itself
 * ({@code initialize}, {@code ping}, {@code server/discover}), every server merged (the lists), the one
 * server a name or URI routes to (calls, prompts, resources, completions; after the allow-list), or, for
 * notifications and the client's answers to server requests, the servers they concern.
 */
final class McpDispatcher {
    private static final System.Logger LOG = System.getLogger(McpDispatcher.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LocalAnswers local;
    private final GatewayLists lists;
    private final GatewayRouter router;
    private final UpstreamForwarder forwarder;
    private final CallAudit audit;
    private final GovernedCalls governed;
    private final java.util.function.BiFunction<McpCall, ClientLeg, RevocableCall> revocable;
    private final MessageRules messages;

    McpDispatcher(LocalAnswers local, GatewayLists lists, GatewayRouter router, UpstreamForwarder forwarder, CallAudit audit,
                  GovernedCalls governed, MessageRules messages,
                  java.util.function.BiFunction<McpCall, ClientLeg, RevocableCall> revocable) {
        this.local = local;
        this.lists = lists;
        this.router = router;
        this.forwarder = forwarder;
        this.audit = audit;
        this.governed = governed;
        this.revocable = revocable;
        this.messages = messages;
    }

    void dispatch(McpCall call, ClientLeg leg) {
        JsonRpcMessage m = call.message();
        if (m instanceof JsonRpcMessage.Request r) {
            if (!ClientMethods.request(call.protocolVersion(), r.method())) {
                local.error(call, McpError.unknownMethod(call.id(), r.method(), false), leg); // never forwarded
                return;
            }
            request(call, r, leg);
        } else if (m instanceof JsonRpcMessage.Notification n) {
            if (!ClientMethods.notification(call.protocolVersion(), n.method())) {
                McpError error = McpError.unknownMethod(JsonRpcId.NULL, n.method(), true);
                audit.rejected(new Intake.Refused(call.inbound(), error, NotificationRule.method(m)));
                leg.error(error);
                leg.complete();
                return;
            }
            notification(call, n, leg);
        } else if (m instanceof JsonRpcMessage.Response r) {
            answer(call, r.id(), leg);
        } else {
            answer(call, ((JsonRpcMessage.ErrorResponse) m).id(), leg);
        }
    }

    private void request(McpCall call, JsonRpcMessage.Request r, ClientLeg leg) {
        Optional<ItemKind> list = ItemKind.ofListMethod(r.method());
        if (list.isPresent()) {
            list(call, list.get(), r.params().text("cursor").orElse(null), leg);
            return;
        }
        switch (r.method()) {
            case McpMethods.INITIALIZE -> local.initialize(call, r, leg);
            case McpMethods.PING -> local.ping(call, leg);
            case McpMethods.SERVER_DISCOVER -> local.discover(call, leg);
            case McpMethods.LOGGING_SET_LEVEL -> local.setLevel(call, r, leg);
            case McpMethods.TOOLS_CALL -> routed(call, ItemKind.TOOLS, r.params().text("name"), leg);
            case McpMethods.PROMPTS_GET -> routed(call, ItemKind.PROMPTS, r.params().text("name"), leg);
            case McpMethods.RESOURCES_READ, McpMethods.RESOURCES_SUBSCRIBE, McpMethods.RESOURCES_UNSUBSCRIBE ->
                    routed(call, ItemKind.RESOURCES, r.params().text("uri"), leg);
            case McpMethods.COMPLETION_COMPLETE -> completion(call, r.params(), leg);
            default -> passThrough(call, leg);
        }
    }

    private void list(McpCall call, ItemKind kind, String cursor, ClientLeg leg) {
        lists.list(call.gateway(), call.scope(), kind, cursor).thenAccept(m -> {
            if (m instanceof MergedList.Page p) {
                local.answerJson(call, p.resultJson(), leg);
            } else if (m instanceof MergedList.Unavailable u) {
                McpError error = McpError.ofUpstream(u.reply(), call.id(), false); // may show the upstream's message
                messages.error(MessageRules.Scope.of(call), call.method(), error).thenAccept(e -> local.error(call, e, leg));
            } else if (m instanceof MergedList.Resting r) {
                leg.header("Retry-After", Long.toString(r.retryAfterSeconds())); // every server's circuit is open
                local.error(call, McpError.circuitOpen(call.id()), leg);
            } else {
                local.error(call, McpError.badCursor(call.id()), leg);
            }
        }).exceptionally(e -> {
            LOG.log(System.Logger.Level.ERROR, LogText.safe(call.method()) + " " + call.inbound().client().correlationId() + " failed: "
                    + LogText.cause(e), e);
            local.error(call, McpError.internal(call.id()), leg);
            return null;
        });
    }

    private void completion(McpCall call, RawJson params, ClientLeg leg) {
        boolean prompt = "ref/prompt".equals(params.text("ref", "type").orElse(null));
        routed(call, prompt ? ItemKind.PROMPTS : ItemKind.RESOURCES,
                prompt ? params.text("ref", "name") : params.text("ref", "uri"), leg);
    }

    private void routed(McpCall call, ItemKind kind, Optional<String> name, ClientLeg leg) {
        if (name.isEmpty()) {
            local.error(call, McpError.unknownItem(call.id(), kind.named() ? "name" : "uri"), leg);
            return;
        }
        router.resolve(call.gateway(), call.scope(), kind, name.get()).thenAccept(resolution -> {
            if (resolution instanceof Resolution.Allowed a) {
                forward(call.routedTo(a.route().server().server()), kind.named() ? a.route().upstreamName() : null, leg);
            } else if (resolution instanceof Resolution.Denied d) {
                deny(call.routedTo(d.route().server().server()), McpError.denied(call.id(), what(kind, name.get())), leg);
            } else {
                deny(call, McpError.unknownItem(call.id(), what(kind, name.get())), leg);
            }
        }).exceptionally(e -> {
            LOG.log(System.Logger.Level.ERROR, "routing of " + LogText.safe(call.method()) + " " + call.inbound().client().correlationId()
                    + " failed: " + LogText.cause(e), e);
            local.error(call, McpError.internal(call.id()), leg);
            return null;
        });
    }

    private void forward(McpCall call, String upstreamName, ClientLeg leg) {
        // the call's credential is watched from here on: if it ends, the call is refused, withdrawn or cut
        RevocableCall watched = revocable.apply(call, leg);
        // governance first (quarantine, rate limits, request rules, approval): a refused call is never sent
        governed.admit(call, upstreamName, leg, admitted -> {
            if (watched.revoked()) {
                deny(call, watched.error(call.id()), leg); // ended while held or reviewed: never sent
                return;
            }
            if (leg.over()) {
                return; // the client left (seen by a write, the container or the backstop) after the last check: never sent
            }
            if (admitted.plan() == AuditPlan.CALL && !audit.startedOrRefused(admitted, leg)) {
                return;
            }
            forwarder.forward(admitted, upstreamName, leg, watched);
        }, error -> deny(call, watched.revoked() ? watched.error(call.id()) : error, leg));
    }

    private void deny(McpCall call, McpError error, ClientLeg leg) {
        audit.denied(call, error).whenCompleteAsync((v, e) -> {
            leg.error(error);
            leg.complete();
        }, leg::dispatch);
    }

    /** A method Gatehouse does not interpret: fine for a one-server gateway, ambiguous on several. */
    private void passThrough(McpCall call, ClientLeg leg) {
        List<GatewayServer> servers = call.gateway().enabledServers();
        if (servers.size() != 1) {
            local.error(call, McpError.methodNotFound(call.id(), call.method()), leg);
            return;
        }
        forward(call.routedTo(servers.get(0).server()), null, leg);
    }

    /**
     * Notifications concern the servers of the client's session ({@code cancelled}, {@code roots/list_changed});
     * without a session there is nothing upstream they could refer to.
     */
    private void notification(McpCall call, JsonRpcMessage.Notification n, ClientLeg leg) {
        if (McpMethods.NOTIFICATION_CANCELLED.equals(n.method()) && forwarder.cancelled(call, n)) {
            leg.empty(202); // a call in flight on this node: ended here, its server told under its own id
            leg.complete();
            return;
        }
        List<UpstreamServer> targets = call.session() == null || McpMethods.NOTIFICATION_INITIALIZED.equals(n.method())
                ? List.of() : call.gateway().enabledServers().stream().map(GatewayServer::server)
                .filter(s -> call.session().link(s.id()) != null).toList();
        if (targets.isEmpty()) {
            leg.empty(202);
            leg.complete();
            return;
        }
        messages.fromClient(MessageRules.Scope.of(call), n.method(), "params", n.params().tree())
                .thenAccept(review -> leg.dispatch(() -> {
                    if (review instanceof Review.Refused r) {
                        refused(call, n.method(), r.error(), leg); // forwarded to no server
                        return;
                    }
                    byte[] body = review instanceof Review.Replaced r ? replaced(call.body(), "params", r.result()) : call.body();
                    targets.forEach(s -> forwarder.notify(call, s, body));
                    leg.empty(202);
                    leg.complete();
                }));
    }

    /** A client message a request rule blocked: 403 with the rule's error (no id: nothing answers it), audited. */
    private void refused(McpCall call, String method, dev.gatehouse.core.jsonrpc.JsonRpcError error, ClientLeg leg) {
        McpError refusal = new McpError(403, JsonRpcId.NULL, error);
        audit.rejected(new Intake.Refused(call.inbound(), refusal, method));
        leg.error(refusal);
        leg.complete();
    }

    /** The client's answer to a server's request goes back to that server, under the server's own id. */
    private void answer(McpCall call, JsonRpcId id, ClientLeg leg) {
        Optional<ServerRequestIds.Origin> origin = ServerRequestIds.origin(id);
        Optional<GatewayServer> server = origin.flatMap(o -> call.gateway().server(o.serverId()));
        if (server.isEmpty()) {
            leg.empty(202); // not an answer to anything Gatehouse relayed: nothing to deliver
            leg.complete();
            return;
        }
        McpCall routed = call.routedTo(server.get().server());
        ObjectNode tree = MessageRules.tree(call.body());
        String part = tree.has("error") ? "error" : "result";
        MessageRules.Scope scope = MessageRules.Scope.of(routed);
        messages.fromClient(scope, null, part, tree.get(part))
                .thenAccept(review -> leg.dispatch(() -> {
                    if (review instanceof Review.Refused r) {
                        messages.answerUpstream(scope, id, r.error()); // the server's request ends with the rule's error
                        refused(routed, null, r.error(), leg);
                        return;
                    }
                    if (review instanceof Review.Replaced r) {
                        tree.set(part, r.result());
                    }
                    tree.set("id", node(origin.get().upstreamId().json())); // back under the server's own id
                    forwarder.deliver(routed, server.get().server(), MessageRules.bytes(tree), leg);
                }));
    }

    private static byte[] replaced(byte[] body, String part, JsonNode value) {
        ObjectNode tree = MessageRules.tree(body);
        tree.set(part, value);
        return MessageRules.bytes(tree);
    }

    private static JsonNode node(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("an id Gatehouse wrote is JSON", e);
        }
    }

    private static String what(ItemKind kind, String name) {
        return switch (kind) {
            case TOOLS -> "tool '" + name + "'";
            case PROMPTS -> "prompt '" + name + "'";
            default -> "resource '" + name + "'";
        };
    }
}
