package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.GatewayView;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.core.store.NewGateway;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/gateways} and {@code /api/gateways/{slug}}: the published sets of upstream servers, each
 * with the MCP URL clients use. Publishing needs {@code gateways:manage}.
 */
final class GatewaysResource {
    private final GatewayCatalog catalog;
    private final JsonBodyReader bodies;
    private final GatewayLinks links;
    private final AdminActions actions;

    GatewaysResource(GatewayCatalog catalog, JsonBodyReader bodies, GatewayLinks links, AdminActions actions) {
        this.catalog = catalog;
        this.bodies = bodies;
        this.links = links;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        return Reply.ok(catalog.gateways().stream().map(g -> view(request, g)).toList());
    }

    Reply get(ApiRequest request) {
        return catalog.gateway(request.param("slug")).<Reply>map(g -> Reply.ok(view(request, g)))
                .orElseGet(() -> Problem.notFound("no such gateway"));
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(GatewaysResource::spec)
                .then(spec -> Stores.attempt(() -> catalog.createGateway(spec, request.user())))
                .map(created -> catalog.gateway(created.slug()).orElse(created)) // as stored
                .reply(gateway -> {
                    actions.succeeded(request, "gateway.created", 201, e -> e.gateway(gateway.slug()));
                    return Reply.created(request.contextPath() + "/api/gateways/" + gateway.slug(),
                            view(request, gateway));
                });
    }

    private GatewayView view(ApiRequest request, Gateway g) {
        return Views.gateway(g, links.mcpUrl(request, g.slug()));
    }

    private static Result<NewGateway> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String slug = fields.text("slug");
        String description = fields.text("description");
        List<NewGateway.Assignment> servers = new ArrayList<>();
        for (JsonFields item : fields.objects("servers")) {
            String server = item.text("server");
            String toolPrefix = item.text("toolPrefix");
            IdentityScheme scheme = GatewayServersResource.scheme(item);
            if (server == null || server.isBlank()) {
                item.fail("server", "is required: a server id or slug");
            } else {
                servers.add(new NewGateway.Assignment(server.strip(), toolPrefix, scheme));
            }
        }
        return fields.problem().<Result<NewGateway>>map(Result::failed)
                .orElseGet(() -> Result.ok(new NewGateway(name, slug, description, servers)));
    }
}
