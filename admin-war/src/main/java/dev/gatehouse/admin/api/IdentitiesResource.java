package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.IdentityView;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.identity.IdentityStore;
import dev.gatehouse.core.identity.UpstreamIdentity;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code /api/identities}: upstream identities. Everyone signed in lists, adds, disables, enables and deletes
 * their own; a holder of {@code identities:manage} does so for everyone's, including a server's shared identity
 * ({@code "shared": true}). Another user's identity is not shown to exist to anyone else. Deleting one deletes its
 * credentials, stops the calls using it at once and revokes an OAuth grant at the upstream where it offers
 * RFC 7009 revocation.
 */
final class IdentitiesResource {
    private final IdentityStore identities;
    private final JsonBodyReader bodies;
    private final AdminActions actions;
    private final Consumer<IdentityStore.Deleted> upstreamRevocation;

    IdentitiesResource(IdentityStore identities, JsonBodyReader bodies, AdminActions actions,
                       Consumer<IdentityStore.Deleted> upstreamRevocation) {
        this.identities = identities;
        this.bodies = bodies;
        this.actions = actions;
        this.upstreamRevocation = upstreamRevocation;
    }

    Reply list(ApiRequest request) {
        Optional<String> only = manager(request) ? Optional.empty() : Optional.of(request.user());
        return Reply.ok(identities.list(only).stream().map(IdentitiesResource::view).toList());
    }

    Reply get(ApiRequest request) {
        return visible(request).<Reply>map(i -> Reply.ok(view(i))).orElseGet(() -> Problem.notFound("no such identity"));
    }

    /**
     * {@code {"server":"github","headerName":"Authorization","secret":"Bearer …"}}: the caller's personal secret
     * for the server (replacing the one they have); {@code "owner"} another user's or {@code "shared": true} the
     * server's shared identity, both with {@code identities:manage}.
     */
    Reply create(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(body -> spec(request, body))
                .then(spec -> Stores.attempt(() -> identities.putSecret(spec.server(), spec.owner(), spec.headerName(),
                        spec.secret(), request.user())))
                .reply(created -> {
                    actions.succeeded(request, "identity.saved: " + created.id(), 201,
                            e -> e.server(created.serverSlug()).tokenIssuedBy(created.owner()));
                    return Reply.created(request.contextPath() + "/api/identities/" + created.id(), view(created));
                });
    }

    Reply disable(ApiRequest request) {
        return enable(request, false);
    }

    Reply enable(ApiRequest request) {
        return enable(request, true);
    }

    private Reply enable(ApiRequest request, boolean enabled) {
        Optional<UpstreamIdentity> identity = visible(request);
        if (identity.isEmpty()) {
            return Problem.notFound("no such identity");
        }
        return identities.setEnabled(identity.get().id(), enabled, request.user()).<Reply>map(changed -> {
            actions.succeeded(request, (enabled ? "identity.enabled: " : "identity.disabled: ") + changed.id(), 200,
                    e -> e.server(changed.serverSlug()).tokenIssuedBy(changed.owner()));
            return Reply.ok(view(changed));
        }).orElseGet(() -> Problem.notFound("no such identity"));
    }

    Reply delete(ApiRequest request) {
        Optional<UpstreamIdentity> identity = visible(request);
        if (identity.isEmpty()) {
            return Problem.notFound("no such identity");
        }
        return identities.delete(identity.get().id(), request.user()).<Reply>map(deleted -> {
            upstreamRevocation.accept(deleted);
            UpstreamIdentity gone = deleted.identity();
            actions.succeeded(request, "identity.deleted: " + gone.id(), 204,
                    e -> e.server(gone.serverSlug()).tokenIssuedBy(gone.owner()));
            return Reply.noContent();
        }).orElseGet(() -> Problem.notFound("no such identity"));
    }

    /** The identity of the path if the caller may see it: their own, or anyone's with {@code identities:manage}. */
    private Optional<UpstreamIdentity> visible(ApiRequest request) {
        return identities.find(request.param("id"))
                .filter(i -> manager(request) || request.user().equals(i.owner()));
    }

    private static boolean manager(ApiRequest request) {
        return request.caller().has(Capability.IDENTITIES_MANAGE);
    }

    private record Spec(String server, String owner, String headerName, String secret) {
        @Override
        public String toString() {
            return "Spec[" + server + " " + owner + "]";
        }
    }

    private static Result<Spec> spec(ApiRequest request, ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String server = fields.text("server");
        String owner = fields.text("owner");
        String headerName = fields.text("headerName");
        String secret = fields.text("secret");
        String kind = fields.text("kind");
        boolean shared = body.path("shared").asBoolean(false);
        if (kind != null && !kind.equals("secret")) {
            fields.fail("kind", "must be secret here; an oauth identity comes from signing in (POST /api/identities/authorize)");
        }
        if (server == null) {
            fields.fail("server", "is required: a server id or slug");
        }
        if (headerName == null) {
            headerName = "Authorization";
        }
        if (secret == null) {
            fields.fail("secret", "is required");
        }
        if (shared && owner != null) {
            fields.fail("owner", "is not given for a shared identity");
        }
        Optional<Problem> problem = fields.problem();
        if (problem.isPresent()) {
            return Result.failed(problem.get());
        }
        String effectiveOwner = shared ? null : owner == null ? request.user() : owner.strip();
        if ((shared || !request.user().equals(effectiveOwner)) && !manager(request)) {
            return Result.failed(Problem.missingCapability("managing " + (shared ? "a shared identity" : "another user's identity")
                    + " needs the capability " + Capability.IDENTITIES_MANAGE.wireName()));
        }
        if (effectiveOwner != null && (effectiveOwner.isEmpty() || effectiveOwner.length() > 200)) {
            return Result.failed(Problem.badRequest("owner must be 1 to 200 characters"));
        }
        return Result.ok(new Spec(server.strip(), effectiveOwner, headerName.strip(), secret));
    }

    static IdentityView view(UpstreamIdentity i) {
        return new IdentityView(i.id(), i.serverSlug(), i.serverId(), i.owner(), i.shared(), i.kind().wireName(),
                i.status().wireName(), i.headerName(), i.expiresAt(), i.subject(), i.clientId(), i.scope(), i.refreshable(),
                i.createdBy(), i.createdAt(), i.updatedAt());
    }
}
