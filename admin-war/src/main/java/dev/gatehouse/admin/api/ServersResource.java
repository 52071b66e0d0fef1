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
import dev.gatehouse.core.store.ServerEdit;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/servers} and {@code /api/servers/{id}}: the upstream MCP servers. The upstream credential
 * is write-only: it is accepted on creation or an edit (rotation), sealed by the core, and every reply says
 * only whether one is set. Registering and editing need {@code servers:manage}. A server's reply carries its
 * revision as {@code ETag}; an edit with {@code If-Match} is refused with 412 when the server changed since,
 * an edit without it is applied over whatever is stored (last write wins).
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

    /** One page of the servers, searched and sorted in the database (see {@link Listing}). */
    Reply list(ApiRequest request) {
        return Listing.read(request, GatewayCatalog.SERVER_SORTS).then(query -> Stores.attempt(() -> catalog.servers(query))
                .map(page -> Listing.reply(request, query, page, page.items().stream().map(Views::server).toList())))
                .reply(r -> r);
    }

    /** The fields of an edit; the slug is the server's name in prefixes, rules and the audit, so it stays. */
    private static final Set<String> EDITABLE = Set.of("name", "url", "transport", "connectTimeoutMs", "readTimeoutMs",
            "enabled", "authHeaderName", "authSecret");

    Reply get(ApiRequest request) {
        return catalog.server(request.param("id")).<Reply>map(this::current)
                .orElseGet(() -> Problem.notFound("no such server"));
    }

    /**
     * {@code PATCH /api/servers/{id}}: the fields given change, the others stay; audited with the fields' names (and,
     * for a URL moved to another origin, both URLs and the credentials that stayed behind).
     */
    Reply edit(ApiRequest request) {
        String ifMatch = request.servletRequest().getHeader("If-Match");
        return bodies.read(request.servletRequest()).then(ServersResource::edit)
                .then(edit -> Stores.attempt(() -> catalog.editServer(request.param("id"), edit, revision(ifMatch),
                        request.user())).map(edited -> {
                    // the old and new URL when it moved to another origin, and what stayed behind: never a secret
                    actions.succeeded(request, "server.updated: " + String.join(", ", edit.changedFields()) + edited.moved(),
                            200, e -> e.server(edited.server().slug()));
                    return edited.server();
                }))
                .reply(this::current);
    }

    /** The server with its revision, in the body and as the entity tag. */
    private Reply current(UpstreamServer server) {
        String revision = catalog.serverRevision(server.id()).orElse(null);
        return new Reply.Json(200, Views.server(server, revision),
                revision == null ? Map.of() : Map.of("ETag", "\"" + revision + "\""));
    }

    /** The revision an {@code If-Match} names: none for {@code *} or no header (RFC 9110 section 13.1.1). */
    private static String revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
    }

    private static Result<ServerEdit> edit(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        if (body.has("slug")) {
            fields.fail("slug", "cannot be changed: gateways, rules and the audit trail name the server by it");
        }
        fields.onlyFields(body.has("slug") ? Set.of("slug") : EDITABLE, "a server edit");
        String name = fields.text("name");
        String url = fields.text("url");
        UpstreamServer.Transport transport = fields.text("transport") == null ? null : transport(fields);
        Duration connect = timeout(fields, "connectTimeoutMs");
        Duration read = timeout(fields, "readTimeoutMs");
        Boolean enabled = fields.bool("enabled");
        ServerEdit edit = new ServerEdit(name, url, transport, connect, read, enabled, fields.text("authHeaderName"),
                fields.text("authSecret"));
        if (fields.problem().isEmpty() && edit.changedFields().isEmpty()) {
            return Result.failed(Problem.badRequest("the edit changes nothing: give at least one of "
                    + String.join(", ", EDITABLE.stream().sorted().toList())));
        }
        return fields.problem().<Result<ServerEdit>>map(Result::failed).orElseGet(() -> Result.ok(edit));
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(ServersResource::spec)
                .then(spec -> Stores.attempt(() -> catalog.createServer(spec, request.user())))
                .map(created -> catalog.server(created.id()).orElse(created)) // as stored
                .reply(server -> {
                    actions.succeeded(request, "server.created", 201, e -> e.server(server.slug()));
                    return Reply.created(request.contextPath() + "/api/servers/" + server.id(), Views.server(server,
                            catalog.serverRevision(server.id()).orElse(null)));
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
