package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.ConnectionView;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.model.Connection;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.IssuedConnection;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code /api/hosts/{id}/connections} and {@code /api/connections/{id}}: pairing a host with a gateway
 * issues its API token, shown in the creation reply only; deleting the connection kills the token at
 * once (the core revokes it in the same transaction). Issuing and deleting need {@code tokens:issue}.
 */
final class ConnectionsResource {
    private final ConnectionRegistry connections;
    private final HostDirectory hosts;
    private final JsonBodyReader bodies;
    private final GatewayLinks links;
    private final AdminActions actions;

    ConnectionsResource(ConnectionRegistry connections, HostDirectory hosts, JsonBodyReader bodies,
                        GatewayLinks links, AdminActions actions) {
        this.connections = connections;
        this.hosts = hosts;
        this.bodies = bodies;
        this.links = links;
        this.actions = actions;
    }

    /** What a creation request asks for. */
    private record Spec(String gateway, Instant expiresAt) {
    }

    Reply listOfHost(ApiRequest request) {
        return Stores.attempt(() -> connections.connections(request.param("id")))
                .reply(list -> Reply.ok(list.stream().map(c -> view(request, c)).toList()));
    }

    Reply get(ApiRequest request) {
        return connections.connection(request.param("id")).<Reply>map(c -> Reply.ok(view(request, c)))
                .orElseGet(ConnectionsResource::noSuchConnection);
    }

    Reply create(ApiRequest request) {
        String hostId = request.param("id");
        return bodies.read(request.servletRequest()).then(ConnectionsResource::spec)
                .then(spec -> Stores.attempt(() -> connections.connect(hostId, spec.gateway(), spec.expiresAt(),
                        request.user())))
                .reply(issued -> created(request, issued));
    }

    Reply delete(ApiRequest request) {
        String id = request.param("id");
        Optional<Connection> connection = connections.connection(id);
        if (connection.isEmpty() || !connections.deleteConnection(id, request.user())) {
            return noSuchConnection();
        }
        Connection c = connection.get();
        actions.succeeded(request, "connection.deleted", 204, e -> e.hostId(c.hostId())
                .hostName(hosts.host(c.hostId()).map(Host::name).orElse(null))
                .gateway(c.gatewaySlug()).tokenPublicId(publicId(c.tokenPrefix())));
        return Reply.noContent();
    }

    private Reply created(ApiRequest request, IssuedConnection issued) {
        // as stored (the database sets the precision of times); the token exists only in {@code issued}
        Connection c = connections.connection(issued.connection().id()).orElse(issued.connection());
        String publicId = ApiTokenFormat.parse(issued.token()).map(ParsedToken::publicId).orElse(null);
        actions.succeeded(request, "connection.created", 201, e -> e.hostId(c.hostId())
                .hostName(hosts.host(c.hostId()).map(Host::name).orElse(null))
                .gateway(c.gatewaySlug()).tokenPublicId(publicId).tokenIssuedBy(request.user()));
        return Reply.created(request.contextPath() + "/api/connections/" + c.id(),
                Views.issued(c, issued.token(), links.mcpUrl(request, c.gatewaySlug())));
    }

    private ConnectionView view(ApiRequest request, Connection c) {
        return Views.connection(c, links.mcpUrl(request, c.gatewaySlug()));
    }

    private static Result<Spec> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String gateway = fields.text("gateway");
        String expiresText = fields.text("expiresAt");
        Instant expiresAt = expiresText == null ? null : Instants.parse(expiresText)
                .orElseGet(() -> fields.fail("expiresAt", "must be an ISO-8601 instant such as 2030-01-31T12:00:00Z"));
        return fields.problem().<Result<Spec>>map(Result::failed)
                .orElseGet(() -> Result.ok(new Spec(gateway, expiresAt)));
    }

    /** {@code gth_AbCd1234_} back to {@code AbCd1234}. */
    private static String publicId(String tokenPrefix) {
        if (tokenPrefix == null || !tokenPrefix.startsWith(ApiTokenFormat.PREFIX) || !tokenPrefix.endsWith("_")) {
            return null;
        }
        return tokenPrefix.substring(ApiTokenFormat.PREFIX.length(), tokenPrefix.length() - 1);
    }

    private static Problem noSuchConnection() {
        return Problem.notFound("no such connection");
    }
}
