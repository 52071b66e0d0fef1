package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.QueryString;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.mcp.NameClashes;
import dev.gatehouse.core.model.Exposure;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.PrefixMode;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.Publication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How a gateway publishes its servers: {@code PUT /api/gateways/{slug}/naming} (prefix mode and
 * separator), {@code PUT|DELETE /api/gateways/{slug}/servers/{server}} (assign a server with its prefix
 * and, for tools, prompts and resources, {@code all}, {@code selected} with an allow-list, or
 * {@code none}). Names published without prefixes must be unique: the servers are asked before such a
 * change is stored. Needs {@code gateways:manage}.
 */
final class GatewayServersResource {
    private static final long CLASH_CHECK_SECONDS = 30;
    /** The longest one allowed name (a resource URI may be long; all of them together are bounded by the core). */
    private static final int MAX_ITEM = 2048;

    private final GatewayCatalog catalog;
    private final JsonBodyReader bodies;
    private final GatewayLinks links;
    private final AdminActions actions;
    private final NameClashes clashes;

    GatewayServersResource(GatewayCatalog catalog, JsonBodyReader bodies, GatewayLinks links, AdminActions actions,
                           NameClashes clashes) {
        this.catalog = catalog;
        this.bodies = bodies;
        this.links = links;
        this.actions = actions;
        this.clashes = clashes;
    }

    Reply naming(ApiRequest request) {
        String slug = request.param("slug");
        return bodies.read(request.servletRequest()).then(GatewayServersResource::naming)
                .then(n -> uniqueUnlessPrefixed(slug, n.mode(), null).then(ok -> Stores.attempt(
                        () -> catalog.nameItems(slug, n.mode(), n.separator()))))
                .reply(g -> {
                    actions.succeeded(request, "gateway.naming", 200, e -> e.gateway(g.slug()));
                    return Reply.ok(Views.gateway(g, links.mcpUrl(request, g.slug())));
                });
    }

    Reply publish(ApiRequest request) {
        String slug = request.param("slug");
        String server = request.param("server");
        return bodies.read(request.servletRequest()).then(body -> publication(server, body))
                .then(p -> uniqueUnlessPrefixed(slug, null, p).then(ok -> Stores.attempt(() -> catalog.publish(slug, p))))
                .reply(g -> {
                    actions.succeeded(request, "gateway.server.published", 200, e -> e.gateway(g.slug()).server(server));
                    return Reply.ok(Views.gateway(g, links.mcpUrl(request, g.slug())));
                });
    }

    /** {@code ?identityScheme=shared|per-user} takes off only that assignment; without it, every assignment of the server. */
    Reply withdraw(ApiRequest request) {
        String slug = request.param("slug");
        String server = request.param("server");
        String wire = request.query() instanceof Result.Ok<QueryString> ok ? ok.value().value("identityScheme") : null;
        Optional<IdentityScheme> scheme = wire == null ? Optional.empty() : IdentityScheme.fromWire(wire);
        if (wire != null && scheme.isEmpty()) {
            return Problem.badRequest("identityScheme must be shared or per-user");
        }
        return Stores.attempt(() -> catalog.withdraw(slug, server, scheme.orElse(null))).reply(g -> {
            actions.succeeded(request, "gateway.server.withdrawn", 204, e -> e.gateway(g.slug()).server(server));
            return Reply.noContent();
        });
    }

    private record Naming(PrefixMode mode, String separator) {
    }

    private static Result<Naming> naming(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String mode = fields.text("prefixMode");
        String separator = fields.text("separator");
        PrefixMode parsed = null;
        if (mode == null) {
            fields.fail("prefixMode", "is required: always, never or conditional");
        } else {
            try {
                parsed = PrefixMode.fromWire(mode);
            } catch (IllegalArgumentException e) {
                fields.fail("prefixMode", "must be always, never or conditional");
            }
        }
        PrefixMode m = parsed;
        return fields.problem().<Result<Naming>>map(Result::failed).orElseGet(() -> Result.ok(new Naming(m, separator)));
    }

    private static Result<Publication> publication(String server, ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String prefix = fields.text("toolPrefix");
        IdentityScheme scheme = scheme(fields);
        Exposure tools = exposure(fields, "tools");
        Exposure prompts = exposure(fields, "prompts");
        Exposure resources = exposure(fields, "resources");
        return fields.problem().<Result<Publication>>map(Result::failed)
                .orElseGet(() -> Result.ok(new Publication(server, prefix, tools, prompts, resources, scheme)));
    }

    /** {@code identityScheme}: {@code shared} (the default) or {@code per-user}; anything else fails the field. */
    static IdentityScheme scheme(JsonFields fields) {
        String wire = fields.text("identityScheme");
        if (wire == null) {
            return IdentityScheme.SHARED;
        }
        return IdentityScheme.fromWire(wire).orElseGet(() -> fields.fail("identityScheme", "must be shared or per-user"));
    }

    /** {@code {"mode":"all|selected|none","allow":[…]}}; absent means all. */
    private static Exposure exposure(JsonFields body, String name) {
        JsonFields node = body.object(name);
        if (node == null) {
            return Exposure.ALL;
        }
        String wire = node.text("mode");
        List<String> items = node.texts("allow");
        Exposure.Mode mode;
        try {
            mode = Exposure.Mode.fromWire(wire == null ? "" : wire);
        } catch (IllegalArgumentException e) {
            return node.fail("mode", "must be all, selected or none");
        }
        Set<String> allow = new LinkedHashSet<>();
        for (String item : items == null ? List.<String>of() : items) {
            if (item.isBlank() || item.length() > MAX_ITEM) {
                return node.fail("allow", "must list non-empty names of at most " + MAX_ITEM + " characters");
            }
            allow.add(item.strip());
        }
        if (mode == Exposure.Mode.SELECTED && allow.isEmpty() && (items != null || node.node("allow") == null)) {
            return node.fail("allow", "must name at least one item when mode is selected");
        }
        return new Exposure(mode, allow);
    }

    /**
     * When the change would leave the gateway publishing names without prefixes across several servers,
     * asks the servers now and refuses the change on a clash (409).
     */
    private Result<Boolean> uniqueUnlessPrefixed(String slug, PrefixMode newMode, Publication added) {
        Optional<Gateway> gateway = catalog.gateway(slug);
        if (gateway.isEmpty()) {
            return Result.failed(Problem.notFound("no such gateway '" + slug + "'"));
        }
        PrefixMode mode = newMode != null ? newMode : gateway.get().prefixMode();
        List<GatewayServer> servers = new ArrayList<>(gateway.get().servers());
        if (added != null) {
            var server = catalog.server(added.server());
            if (server.isEmpty()) {
                return Result.failed(Problem.notFound("unknown server '" + added.server() + "'"));
            }
            servers.removeIf(s -> s.server().serverId().equals(server.get().id()) && s.scheme() == added.scheme());
            servers.add(new GatewayServer(server.get(), added.toolPrefix(), added.tools(), added.prompts(), added.resources(),
                    added.scheme()));
        }
        if (mode != PrefixMode.NEVER || servers.size() < 2) {
            return Result.ok(true);
        }
        try {
            Optional<String> clash = clashes.find(servers).get(CLASH_CHECK_SECONDS, TimeUnit.SECONDS);
            return clash.<Result<Boolean>>map(c -> Result.failed(Problem.conflict("prefix mode 'never' needs unique names: " + c)))
                    .orElseGet(() -> Result.ok(true));
        } catch (Exception e) {
            return Result.failed(Problem.conflict("prefix mode 'never' needs unique names, and the servers could not be checked"));
        }
    }
}
