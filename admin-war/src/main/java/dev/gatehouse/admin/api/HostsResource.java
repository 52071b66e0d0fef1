package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.store.NewHost;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/hosts} and {@code /api/hosts/{id}}: the apps and agents that get tokens. Listing and reading
 * need any capability; creating and deleting need {@code hosts:manage} (see {@link AdminRoutes}).
 * Deleting a host revokes every token of its connections in the same transaction.
 */
final class HostsResource {
    private final HostDirectory hosts;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    HostsResource(HostDirectory hosts, JsonBodyReader bodies, AdminActions actions) {
        this.hosts = hosts;
        this.bodies = bodies;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        return Reply.ok(hosts.hosts().stream().map(Views::host).toList());
    }

    Reply get(ApiRequest request) {
        return hosts.host(request.param("id")).<Reply>map(h -> Reply.ok(Views.host(h)))
                .orElseGet(HostsResource::noSuchHost);
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(HostsResource::spec)
                .then(spec -> Stores.attempt(() -> hosts.createHost(spec, request.user())))
                .map(created -> hosts.host(created.id()).orElse(created)) // as stored: the database sets the precision
                .reply(host -> {
                    actions.succeeded(request, "host.created", 201, e -> e.hostId(host.id()).hostName(host.name()));
                    return Reply.created(request.contextPath() + "/api/hosts/" + host.id(), Views.host(host));
                });
    }

    Reply delete(ApiRequest request) {
        String id = request.param("id");
        Optional<Host> host = hosts.host(id);
        if (host.isEmpty() || !hosts.deleteHost(id, request.user())) {
            return noSuchHost();
        }
        actions.succeeded(request, "host.deleted", 204, e -> e.hostId(id).hostName(host.get().name()));
        return Reply.noContent();
    }

    static Problem noSuchHost() {
        return Problem.notFound("no such host");
    }

    private static Result<NewHost> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String kindText = fields.text("kind");
        String description = fields.text("description");
        HostKind kind = kindText == null ? null : kind(kindText).orElseGet(
                () -> fields.fail("kind", "must be TOKEN or INTERACTIVE"));
        return fields.problem().<Result<NewHost>>map(Result::failed)
                .orElseGet(() -> Result.ok(new NewHost(name, kind, description)));
    }

    private static Optional<HostKind> kind(String text) {
        String wanted = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(HostKind.values()).filter(k -> k.name().equals(wanted)).findFirst();
    }
}
