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
import dev.gatehouse.core.identity.UpstreamOAuth;
import dev.gatehouse.core.store.GatewayCatalog;
import dev.gatehouse.admin.web.UpstreamClientMetadataServlet;
import dev.gatehouse.admin.web.UpstreamSignInCallbackServlet;

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
    private final UpstreamOAuth oauth;
    private final GatewayCatalog catalog;
    private final Optional<String> publicBaseUrl;

    IdentitiesResource(IdentityStore identities, JsonBodyReader bodies, AdminActions actions,
                       Consumer<IdentityStore.Deleted> upstreamRevocation, UpstreamOAuth oauth, GatewayCatalog catalog,
                       Optional<String> publicBaseUrl) {
        this.identities = identities;
        this.bodies = bodies;
        this.actions = actions;
        this.upstreamRevocation = upstreamRevocation;
        this.oauth = oauth;
        this.catalog = catalog;
        this.publicBaseUrl = publicBaseUrl;
    }

    /**
     * {@code {"server":"github"}}: starts the caller's sign-in to the server (OAuth, the MCP authorization spec);
     * {@code "shared": true} the server's shared identity ({@code identities:manage}). Answers the URL the
     * browser must open, and a cookie binding the sign-in to this browser; the upstream's authorization server
     * sends the browser back to {@code /identities/callback}, then to {@code returnTo} (a path of this console).
     */
    Reply authorize(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(body -> {
            JsonFields fields = new JsonFields(body);
            String server = fields.text("server");
            String returnTo = fields.text("returnTo");
            boolean shared = Boolean.TRUE.equals(fields.bool("shared"));
            if (server == null) {
                fields.fail("server", "is required: a server id or slug");
            }
            if (returnTo != null && (!returnTo.startsWith(request.contextPath() + "/") || returnTo.startsWith("//")
                    || returnTo.contains("\\") || returnTo.chars().anyMatch(c -> c < 0x21 || c == 0x7f))) {
                fields.fail("returnTo", "must be a path of this console");
            }
            Optional<Problem> problem = fields.problem();
            if (problem.isPresent()) {
                return Result.<Reply>failed(problem.get());
            }
            if (shared && !manager(request)) {
                return Result.<Reply>failed(Problem.missingCapability("signing in as a server's shared identity needs the capability "
                        + Capability.IDENTITIES_MANAGE.wireName()));
            }
            return signInStep(() -> oauth.start(server.strip(), shared ? null : request.user(), clientIdentity(request), returnTo))
                    .map(signIn -> {
                actions.succeeded(request, "identity.sign-in started", 200, e -> e.server(server).tokenIssuedBy(shared ? null : request.user()));
                return (Reply) new Reply.Json(200, java.util.Map.of("authorizationUrl", signIn.authorizationUrl()),
                        java.util.Map.of("Set-Cookie", UpstreamSignInCallbackServlet.bindingCookie(request.contextPath(),
                                signIn.binding(), request.servletRequest().isSecure()), "Cache-Control", "no-store"));
            });
        }).reply(r -> r);
    }

    /**
     * {@code PUT /api/servers/{id}/oauth-client {"clientId":"…","clientSecret":"…"}} ({@code servers:manage}): the
     * client Gatehouse uses at the server's authorization server when that server offers no dynamic registration;
     * register {@code …/gatehouse-admin/identities/callback} as its redirect URI there.
     */
    Reply oauthClient(ApiRequest request) {
        String server = request.param("id");
        return bodies.read(request.servletRequest()).then(body -> {
            JsonFields fields = new JsonFields(body);
            String clientId = fields.text("clientId");
            String clientSecret = fields.text("clientSecret");
            if (clientId == null) {
                fields.fail("clientId", "is required");
            }
            if (clientSecret != null && (clientSecret.length() > 2048 || clientSecret.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
                fields.fail("clientSecret", "must be at most 2048 printable characters");
            }
            Optional<Problem> problem = fields.problem();
            if (problem.isPresent()) {
                return Result.<Reply>failed(problem.get());
            }
            String callback = callback(request);
            return signInStep(() -> {
                oauth.enterClient(server, clientId, clientSecret, callback);
                return (Reply) Reply.ok(java.util.Map.of("server", server, "clientId", clientId, "redirectUri", callback));
            });
        }).reply(r -> {
            actions.succeeded(request, "server.oauth-client set", 200, e -> e.server(server));
            return r;
        });
    }

    /** Gatehouse's callback as the upstream's authorization server must send the browser back to it. */
    private String callback(ApiRequest request) {
        return UpstreamClientMetadataServlet.redirectUri(publicBaseUrl.orElseGet(request::origin), request.contextPath());
    }

    /** The callback, and the Client ID Metadata Document's URL (used only when it is https). */
    private UpstreamOAuth.ClientIdentity clientIdentity(ApiRequest request) {
        String base = publicBaseUrl.orElseGet(request::origin);
        return new UpstreamOAuth.ClientIdentity(UpstreamClientMetadataServlet.redirectUri(base, request.contextPath()),
                UpstreamClientMetadataServlet.url(base, request.contextPath()));
    }

    /** A step of Gatehouse's OAuth client that may fail (discovery, registration): its failure is a 409 saying why. */
    private interface SignInStep<T> {
        T run() throws UpstreamOAuth.SignInFailed;
    }

    private static <T> Result<T> signInStep(SignInStep<T> step) {
        return Stores.attempt(() -> {
            try {
                return step.run();
            } catch (UpstreamOAuth.SignInFailed e) {
                throw new dev.gatehouse.core.store.RequestRejected(dev.gatehouse.core.store.RequestRejected.Reason.CONFLICT,
                        e.getMessage());
            }
        });
    }

    /**
     * {@code GET /api/gateways/{slug}/sign-ins}: for each {@code per-user} server of the gateway, the caller's
     * identity there (or none): what "add a connection" walks through before the token is issued.
     */
    Reply signIns(ApiRequest request) {
        var gateway = catalog.gateway(request.param("slug"));
        if (gateway.isEmpty()) {
            return Problem.notFound("no such gateway");
        }
        java.util.List<UpstreamIdentity> mine = identities.list(Optional.of(request.user()));
        java.util.List<java.util.Map<String, Object>> steps = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (var s : gateway.get().servers()) {
            if (s.scheme() != dev.gatehouse.core.model.IdentityScheme.PER_USER || !seen.add(s.server().serverId())) {
                continue;
            }
            Optional<UpstreamIdentity> own = mine.stream().filter(i -> i.serverId().equals(s.server().serverId())).findFirst();
            java.util.Map<String, Object> step = new java.util.LinkedHashMap<>();
            step.put("server", s.server().slug());
            step.put("serverName", s.server().name());
            step.put("toolPrefix", s.toolPrefix());
            step.put("identity", own.map(IdentitiesResource::view).orElse(null));
            step.put("signInNeeded", own.map(i -> i.status() != UpstreamIdentity.Status.ACTIVE).orElse(true));
            steps.add(step);
        }
        return Reply.ok(steps);
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
        boolean shared = Boolean.TRUE.equals(fields.bool("shared"));
        if (kind != null && !kind.equals("secret")) {
            fields.fail("kind", "must be secret here; an oauth identity comes from signing in: POST /api/identities/authorize");
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
                i.createdBy(), i.createdAt(), i.updatedAt(), i.wantedScope());
    }
}
