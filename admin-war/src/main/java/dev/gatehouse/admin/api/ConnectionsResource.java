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
import dev.gatehouse.core.model.RotatedConnection;
import dev.gatehouse.core.store.ConnectionRegistry;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.token.ApiTokenFormat;
import dev.gatehouse.core.token.ParsedToken;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code /api/hosts/{id}/connections} and {@code /api/connections/{id}}: pairing a host with a gateway
 * issues its API token, shown in the creation reply only; deleting the connection kills the token at
 * once (the core revokes it in the same transaction). Issuing, rotating and deleting need
 * {@code tokens:issue}; the reversible kill switch (disable, enable) needs {@code connections:disable}.
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

    /** What a rotation request asks for. */
    private record Rotation(Duration grace, Instant expiresAt) {
    }

    /** One page of a host's connections, searched and sorted in the database (see {@link Listing}). */
    Reply listOfHost(ApiRequest request) {
        return page(request, request.param("id"));
    }

    /** {@code GET /api/connections}: one page of every live host's connections. */
    Reply list(ApiRequest request) {
        return page(request, null);
    }

    private Reply page(ApiRequest request, String hostId) {
        return Listing.read(request, ConnectionRegistry.SORTS)
                .then(query -> Stores.attempt(() -> connections.connections(hostId, query))
                        .map(page -> Listing.reply(request, query, page,
                                page.items().stream().map(c -> view(request, c)).toList())))
                .reply(r -> r);
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
        audit(request, "connection.deleted", 204, connection.get(), publicId(connection.get().tokenPrefix()), null);
        return Reply.noContent();
    }

    /** The reversible kill switch: the connection's tokens are refused until it is enabled again. */
    Reply disable(ApiRequest request) {
        return setDisabled(request, true, "connection.disabled");
    }

    Reply enable(ApiRequest request) {
        return setDisabled(request, false, "connection.enabled");
    }

    /**
     * A new token for the connection, shown in this reply only; the one it replaces stays valid for
     * {@code gracePeriodSeconds} (default 0: revoked at once). An empty body takes the defaults.
     */
    Reply rotate(ApiRequest request) {
        String id = request.param("id");
        return rotation(request).reply(spec -> Stores.attempt(() -> connections.rotate(id, spec.grace(),
                spec.expiresAt(), request.user())).reply(rotated -> rotated(request, spec, rotated)));
    }

    /** Every token the connection has had, newest first: prefixes and lifecycle only. */
    Reply tokens(ApiRequest request) {
        return Stores.attempt(() -> connections.tokens(request.param("id")))
                .reply(list -> Reply.ok(list.stream().map(Views::token).toList()));
    }

    private Reply setDisabled(ApiRequest request, boolean disabled, String action) {
        return connections.setDisabled(request.param("id"), disabled).<Reply>map(c -> {
            audit(request, action, 200, c, publicId(c.tokenPrefix()), null);
            return Reply.ok(view(request, c));
        }).orElseGet(ConnectionsResource::noSuchConnection);
    }

    private void audit(ApiRequest request, String action, int status, Connection c, String tokenPublicId,
                       String tokenIssuedBy) {
        actions.succeeded(request, action, status, e -> e.hostId(c.hostId())
                .hostName(hosts.host(c.hostId()).map(Host::name).orElse(null))
                .gateway(c.gatewaySlug()).tokenPublicId(tokenPublicId).tokenIssuedBy(tokenIssuedBy));
    }

    private Reply created(ApiRequest request, IssuedConnection issued) {
        // as stored (the database sets the precision of times); the token exists only in {@code issued}
        Connection c = connections.connection(issued.connection().id()).orElse(issued.connection());
        String publicId = ApiTokenFormat.parse(issued.token()).map(ParsedToken::publicId).orElse(null);
        audit(request, "connection.created", 201, c, publicId, request.user());
        return Reply.created(request.contextPath() + "/api/connections/" + c.id(),
                Views.issued(c, issued.token(), links.mcpUrl(request, c.gatewaySlug())));
    }

    private Reply rotated(ApiRequest request, Rotation spec, RotatedConnection rotated) {
        Connection c = rotated.connection();
        audit(request, "connection.rotated: previous token valid for " + spec.grace().toSeconds() + " s", 200, c,
                publicId(c.tokenPrefix()), request.user());
        return Reply.ok(Views.rotated(rotated, links.mcpUrl(request, c.gatewaySlug())));
    }

    private ConnectionView view(ApiRequest request, Connection c) {
        return Views.connection(c, links.mcpUrl(request, c.gatewaySlug()));
    }

    private static Result<Spec> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String gateway = fields.text("gateway");
        Instant expiresAt = expiry(fields);
        return fields.problem().<Result<Spec>>map(Result::failed)
                .orElseGet(() -> Result.ok(new Spec(gateway, expiresAt)));
    }

    /** A rotation request; without a {@code Content-Type} there is no body and the defaults apply. */
    private Result<Rotation> rotation(ApiRequest request) {
        if (request.servletRequest().getContentType() == null) {
            return Result.ok(new Rotation(Duration.ZERO, null));
        }
        return bodies.read(request.servletRequest()).then(body -> {
            JsonFields fields = new JsonFields(body);
            Long seconds = fields.wholeNumber("gracePeriodSeconds");
            Instant expiresAt = expiry(fields);
            long max = ConnectionRegistry.MAX_GRACE_PERIOD.toSeconds();
            if (seconds != null && (seconds < 0 || seconds > max)) {
                fields.fail("gracePeriodSeconds", "must be between 0 and " + max + " (30 days)");
            }
            return fields.problem().<Result<Rotation>>map(Result::failed).orElseGet(() -> Result.ok(
                    new Rotation(Duration.ofSeconds(seconds == null ? 0 : seconds), expiresAt)));
        });
    }

    private static Instant expiry(JsonFields fields) {
        String text = fields.text("expiresAt");
        return text == null ? null : Instants.parse(text)
                .orElseGet(() -> fields.fail("expiresAt", "must be an ISO-8601 instant such as 2030-01-31T12:00:00Z"));
    }

    /** {@code gth_AbCd1234_} back to {@code AbCd1234}. */
    static String publicId(String tokenPrefix) {
        if (tokenPrefix == null || !tokenPrefix.startsWith(ApiTokenFormat.PREFIX) || !tokenPrefix.endsWith("_")) {
            return null;
        }
        return tokenPrefix.substring(ApiTokenFormat.PREFIX.length(), tokenPrefix.length() - 1);
    }

    private static Problem noSuchConnection() {
        return Problem.notFound("no such connection");
    }
}
