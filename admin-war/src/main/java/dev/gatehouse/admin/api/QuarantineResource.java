package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.quarantine.QuarantineStore;
import dev.gatehouse.core.quarantine.ToolQuarantine;
import dev.gatehouse.core.quarantine.ToolReview;
import dev.gatehouse.core.store.GatewayCatalog;

import java.time.Clock;
import java.util.Optional;

/**
 * Tool quarantine: {@code /api/quarantine} lists the servers under quarantine with their tools waiting for
 * review; {@code /api/servers/{id}/quarantine} puts a server under quarantine (its tools as next listed
 * become the approved baseline) or lifts it; {@code …/tools} shows each tool with the diff between the
 * approved and the published definition; {@code …/tools/{tool}/approve} approves the published one.
 * Reading needs any capability; changing needs {@code rules:manage}.
 */
final class QuarantineResource {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final QuarantineStore store;
    private final ToolQuarantine quarantine;
    private final GatewayCatalog catalog;
    private final JsonBodyReader bodies;
    private final AdminActions actions;
    private final Clock clock;

    QuarantineResource(QuarantineStore store, ToolQuarantine quarantine, GatewayCatalog catalog, JsonBodyReader bodies,
                       AdminActions actions, Clock clock) {
        this.store = store;
        this.quarantine = quarantine;
        this.catalog = catalog;
        this.bodies = bodies;
        this.actions = actions;
        this.clock = clock;
    }

    Reply overview(ApiRequest request) {
        ArrayNode out = NODES.arrayNode();
        for (QuarantineStore.QuarantinedServer s : store.servers()) {
            ObjectNode o = server(s, catalog.server(s.serverId()));
            ArrayNode waiting = o.putArray("awaitingReview");
            store.tools(s.serverId()).stream().filter(ToolReview::quarantined).forEach(t -> waiting.add(tool(t, false)));
            out.add(o);
        }
        return Reply.ok(out);
    }

    Reply status(ApiRequest request) {
        Optional<UpstreamServer> server = catalog.server(request.param("id"));
        if (server.isEmpty()) {
            return Problem.notFound("no such server");
        }
        return store.server(server.get().id()).<Reply>map(s -> Reply.ok(server(s, server)))
                .orElseGet(() -> Problem.notFound("the server is not under quarantine"));
    }

    Reply enable(ApiRequest request) {
        Optional<UpstreamServer> server = catalog.server(request.param("id"));
        if (server.isEmpty()) {
            return Problem.notFound("no such server");
        }
        QuarantineStore.QuarantinedServer s = store.enable(server.get().id(), request.user());
        quarantine.changed(s.serverId());
        actions.succeeded(request, "quarantine.enabled", 200, e -> e.server(server.get().slug()));
        return Reply.ok(server(s, server));
    }

    Reply disable(ApiRequest request) {
        Optional<UpstreamServer> server = catalog.server(request.param("id"));
        if (server.isEmpty() || !store.disable(server.get().id())) {
            return Problem.notFound("the server is not under quarantine");
        }
        quarantine.changed(server.get().id());
        actions.succeeded(request, "quarantine.disabled", 204, e -> e.server(server.get().slug()));
        return Reply.noContent();
    }

    Reply tools(ApiRequest request) {
        Optional<UpstreamServer> server = catalog.server(request.param("id"));
        if (server.isEmpty()) {
            return Problem.notFound("no such server");
        }
        return Reply.ok(store.tools(server.get().id()).stream().map(t -> tool(t, true)).toList());
    }

    /** Body (optional): {@code {"hash": "…"}}, the pending definition's hash the admin reviewed. */
    Reply approve(ApiRequest request) {
        Optional<UpstreamServer> server = catalog.server(request.param("id"));
        if (server.isEmpty()) {
            return Problem.notFound("no such server");
        }
        String hash = null;
        if (request.servletRequest().getContentLengthLong() > 0) {
            var body = bodies.read(request.servletRequest());
            if (body instanceof dev.gatehouse.admin.http.Result.Failed<?> failed) {
                return failed.problem();
            }
            JsonFields fields = new JsonFields(((dev.gatehouse.admin.http.Result.Ok<ObjectNode>) body).value());
            hash = fields.text("hash");
            if (fields.problem().isPresent()) {
                return fields.problem().get();
            }
        }
        String tool = request.param("tool");
        Optional<ToolReview> approved = store.approve(server.get().id(), tool, hash, request.user(), clock.instant());
        if (approved.isEmpty()) {
            return store.tool(server.get().id(), tool).isEmpty() ? Problem.notFound("no such tool under review")
                    : Problem.conflict("no pending definition of this tool" + (hash == null ? "" : " with that hash")
                    + " awaits review");
        }
        quarantine.changed(server.get().id());
        actions.succeeded(request, "quarantine.tool-approved", 200, e -> e.server(server.get().slug()).tool(tool)
                .detail("quarantine.tool-approved: sha256 " + approved.get().approvedHash()));
        return Reply.ok(tool(approved.get(), true));
    }

    private static ObjectNode server(QuarantineStore.QuarantinedServer s, Optional<UpstreamServer> server) {
        ObjectNode o = NODES.objectNode();
        o.put("server", s.serverId());
        o.put("slug", server.map(UpstreamServer::slug).orElse(null));
        o.put("name", server.map(UpstreamServer::name).orElse(null));
        o.put("enabledBy", s.enabledBy());
        o.put("enabledAt", s.enabledAt().toString());
        o.put("baselinePending", s.baselinePending());
        return o;
    }

    private static ObjectNode tool(ToolReview t, boolean withDiff) {
        ObjectNode o = NODES.objectNode();
        o.put("tool", t.tool());
        o.put("status", t.status());
        o.put("approvedHash", t.approvedHash());
        o.put("approvedBy", t.approvedBy());
        o.put("approvedAt", t.approvedAt() == null ? null : t.approvedAt().toString());
        o.put("pendingHash", t.pendingHash());
        o.put("pendingSince", t.pendingSince() == null ? null : t.pendingSince().toString());
        if (withDiff) {
            o.set("approvedDefinition", t.approvedDefinition());
            o.set("pendingDefinition", t.pendingDefinition());
            ArrayNode diff = o.putArray("diff");
            if (t.pendingHash() != null) {
                t.diff().forEach(diff::add);
            }
        }
        return o;
    }
}
