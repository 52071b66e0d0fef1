package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.HostView;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.model.Host;
import dev.gatehouse.core.model.HostKind;
import dev.gatehouse.core.model.HostUsage;
import dev.gatehouse.core.store.HostDirectory;
import dev.gatehouse.core.store.NewHost;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/hosts} and {@code /api/hosts/{id}}: the apps and agents that get tokens, with their usage.
 * Listing and reading need any capability; creating, deleting, disabling and enabling need
 * {@code hosts:manage} (see {@link AdminRoutes}). Deleting a host revokes every token of its connections
 * in the same transaction; disabling it stops them all until it is enabled again.
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

    /** One page of the hosts, searched and sorted in the database (see {@link Listing}). */
    Reply list(ApiRequest request) {
        return Listing.read(request, HostDirectory.SORTS).then(query -> Stores.attempt(() -> hosts.hosts(query))
                .map(page -> Listing.reply(request, query, page, views(page.items())))).reply(r -> r);
    }

    private List<HostView> views(List<Host> page) {
        Map<String, HostUsage> usage = hosts.usage();
        return page.stream().map(h -> view(h, usage)).toList();
    }

    Reply get(ApiRequest request) {
        return hosts.host(request.param("id")).<Reply>map(h -> Reply.ok(view(h, hosts.usage())))
                .orElseGet(HostsResource::noSuchHost);
    }

    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(HostsResource::spec)
                .then(spec -> Stores.attempt(() -> hosts.createHost(spec, request.user())))
                .map(created -> hosts.host(created.id()).orElse(created)) // as stored: the database sets the precision
                .reply(host -> {
                    actions.succeeded(request, "host.created", 201, e -> e.hostId(host.id()).hostName(host.name()));
                    return Reply.created(request.contextPath() + "/api/hosts/" + host.id(),
                            Views.host(host, HostUsage.none(host.id())));
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

    /** The break-glass switch: every connection of the host stops at once (reversible with {@link #enable}). */
    Reply disable(ApiRequest request) {
        return setDisabled(request, true, "host.disabled");
    }

    Reply enable(ApiRequest request) {
        return setDisabled(request, false, "host.enabled");
    }

    private Reply setDisabled(ApiRequest request, boolean disabled, String action) {
        return hosts.setDisabled(request.param("id"), disabled).<Reply>map(host -> {
            actions.succeeded(request, action, 200, e -> e.hostId(host.id()).hostName(host.name()));
            return Reply.ok(view(host, hosts.usage()));
        }).orElseGet(HostsResource::noSuchHost);
    }

    private static HostView view(Host host, Map<String, HostUsage> usage) {
        return Views.host(host, usage.getOrDefault(host.id(), HostUsage.none(host.id())));
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
