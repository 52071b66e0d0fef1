package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.model.UpstreamServer;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.NewServer;

import java.time.Duration;

/**
 * {@code /api/servers} and {@code /api/servers/{id}}: the upstream MCP servers. The upstream credential
 * is write-only: it is accepted on creation, sealed by the core, and every reply says only whether one
 * is set. Registering needs {@code servers:manage}.
 */
final class ServersResource {
    /** Same bound as the core's, stated in the unit of the wire field. */
    private static final long MAX_TIMEOUT_MS = Duration.ofMinutes(30).toMillis();

    private final GatewayCatalog catalog;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    ServersResource(GatewayCatalog catalog, JsonBodyReader bodies, AdminActions actions) {
        this.catalog = catalog;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        return Reply.ok(catalog.servers().stream().map(Views::server).toList());
    }

    Reply get(ApiRequest request) {
        return catalog.server(request.param("id")).<Reply>map(s -> Reply.ok(Views.server(s)))
                .orElseGet(() -> Problem.notFound("no such server"));
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(ServersResource::spec)
                .then(spec -> Stores.attempt(() -> catalog.createServer(spec, request.user())))
                .map(created -> catalog.server(created.id()).orElse(created)) // as stored
                .reply(server -> {
                    actions.succeeded(request, "server.created", 201, e -> e.server(server.slug()));
                    return Reply.created(request.contextPath() + "/api/servers/" + server.id(), Views.server(server));
                });
    }

    private static Result<NewServer> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String slug = fields.text("slug");
        String url = fields.text("url");
        String authHeaderName = fields.text("authHeaderName");
        String authSecret = fields.text("authSecret");
        Duration connect = timeout(fields, "connectTimeoutMs");
        Duration read = timeout(fields, "readTimeoutMs");
        UpstreamServer.Transport transport = transport(fields);
        return fields.problem().<Result<NewServer>>map(Result::failed).orElseGet(() -> Result.ok(
                new NewServer(name, slug, url, authHeaderName, authSecret, connect, read, transport)));
    }

    /** {@code streamable-http} (the default), {@code sse} (2024-11-05 HTTP+SSE) or {@code auto}. */
    private static UpstreamServer.Transport transport(JsonFields fields) {
        String name = fields.text("transport");
        if (name == null) {
            return UpstreamServer.Transport.STREAMABLE_HTTP;
        }
        return UpstreamServer.Transport.ofWireName(name)
                .orElseGet(() -> fields.fail("transport", "must be streamable-http, sse or auto"));
    }

    private static Duration timeout(JsonFields fields, String name) {
        Long ms = fields.wholeNumber(name);
        if (ms == null) {
            return null;
        }
        if (ms < 1 || ms > MAX_TIMEOUT_MS) {
            return fields.fail(name, "must be between 1 and " + MAX_TIMEOUT_MS);
        }
        return Duration.ofMillis(ms);
    }
}
