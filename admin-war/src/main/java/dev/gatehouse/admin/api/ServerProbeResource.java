package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Json;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.upstream.UpstreamProbe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/servers/{id}/test} and {@code GET /api/servers/{id}/tools}: the server asked live,
 * through the core's {@link UpstreamProbe} (a fresh MCP session opened as the gateway opens one, with
 * the server's credential, then ended). The test reports what the server said of itself and what it
 * offers, or why it could not be reached, in words written here: the credential and the upstream's
 * error bodies never reach the reply. A test is audited ({@code server.tested}).
 */
final class ServerProbeResource {
    /** Bound on one probe, whatever the server's own timeouts. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    /** Tool lists asked within this long of one another share one live session with the server. */
    static final Duration TOOL_LIST_REUSE = Duration.ofSeconds(5);

    private final GatewayCatalog catalog;
    private final UpstreamProbe probe;
    private final AdminActions actions;
    /** Per server, the last live tool list asked and when: a burst of requests opens one session, not one each. */
    private final java.util.concurrent.ConcurrentHashMap<String, Asked> toolLists = new java.util.concurrent.ConcurrentHashMap<>();

    private record Asked(java.util.concurrent.CompletableFuture<UpstreamProbe.Outcome> outcome, long startedNanos) {
        boolean fresh(long now) {
            return now - startedNanos < TOOL_LIST_REUSE.toNanos();
        }
    }

    ServerProbeResource(GatewayCatalog catalog, UpstreamProbe probe, AdminActions actions) {
        this.catalog = catalog;
        this.probe = probe;
        this.actions = actions;
    }

    Reply test(ApiRequest request) {
        return catalog.server(request.param("id")).<Reply>map(server -> {
            UpstreamProbe.Outcome outcome = run(server, UpstreamProbe.Scope.EVERYTHING);
            ObjectNode body = Json.mapper().createObjectNode();
            if (outcome instanceof UpstreamProbe.Reachable r) {
                JsonNode init = r.initializeResult();
                body.put("reachable", true).put("protocolVersion", r.protocolVersion());
                body.set("serverInfo", init.path("serverInfo").isObject() ? init.get("serverInfo") : body.objectNode());
                body.set("capabilities", init.path("capabilities").isObject() ? init.get("capabilities") : body.objectNode());
                body.set("tools", items(r.tools(), List.of("name", "title", "description")));
                body.set("prompts", items(r.prompts(), List.of("name", "title", "description")));
                body.set("resources", items(r.resources(), List.of("uri", "name", "title", "description", "mimeType")));
                body.put("latencyMs", r.latencyMs());
            } else {
                UpstreamProbe.Unreachable u = (UpstreamProbe.Unreachable) outcome;
                body.put("reachable", false).put("error", u.message());
            }
            actions.succeeded(request, "server.tested", 200, e -> e.server(server.slug()));
            return Reply.ok(body);
        }).orElseGet(() -> Problem.notFound("no such server"));
    }

    Reply tools(ApiRequest request) {
        return catalog.server(request.param("id")).<Reply>map(server -> {
            UpstreamProbe.Outcome outcome = await(toolLists.compute(server.id(), (id, last) -> {
                long now = System.nanoTime();
                return last != null && last.fresh(now) ? last
                        : new Asked(probe.probe(server, UpstreamProbe.Scope.TOOLS).toCompletableFuture(), now);
            }).outcome());
            if (outcome instanceof UpstreamProbe.Reachable r) {
                ObjectNode body = Json.mapper().createObjectNode();
                body.set("tools", items(r.tools(), List.of("name", "title", "description")));
                return Reply.ok(body);
            }
            return new Problem(Problem.BLANK, "Bad Gateway", 502,
                    "the server's tools could not be listed: " + ((UpstreamProbe.Unreachable) outcome).message(), Map.of());
        }).orElseGet(() -> Problem.notFound("no such server"));
    }

    private UpstreamProbe.Outcome run(UpstreamServer server, UpstreamProbe.Scope scope) {
        return await(probe.probe(server, scope));
    }

    private static UpstreamProbe.Outcome await(java.util.concurrent.Future<UpstreamProbe.Outcome> outcome) {
        try {
            return outcome.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new UpstreamProbe.Unreachable(UpstreamProbe.Reason.TIMEOUT, "timeout: the check took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new UpstreamProbe.Unreachable(UpstreamProbe.Reason.ERROR, "the check was interrupted");
        } catch (ExecutionException e) {
            return new UpstreamProbe.Unreachable(UpstreamProbe.Reason.ERROR, "the check failed");
        }
    }

    /** The listed items, each reduced to the text members named (an upstream may add anything else). */
    private static ArrayNode items(List<JsonNode> listed, List<String> members) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (JsonNode item : listed) {
            ObjectNode view = out.addObject();
            for (String m : members) {
                JsonNode v = item.path(m);
                if (v.isTextual()) {
                    view.put(m, v.textValue());
                }
            }
        }
        return out;
    }
}
