package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.admin.security.CapabilityPolicy;
import dev.gatehouse.admin.web.ContainerSignIn;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.users.ConsoleUser;
import dev.gatehouse.core.users.ConsoleUsers;
import dev.gatehouse.core.users.NewConsoleUser;
import dev.gatehouse.core.users.OneTimeLink;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /api/users}: console users where Gatehouse keeps them (the embedded launcher; in an application server the
 * list says the server's realm manages them and every change is a {@code 409}). Needs {@code users:manage}, and
 * never leads to more: a caller grants only roles whose capabilities they have, and acts only on users who have no
 * capability the caller lacks (resetting such a user's password would be taking over their account). Disabling a
 * user ends their console sessions at their next request and revokes their OAuth consents (interactive clients
 * acting as them); API tokens they generated belong to their hosts and stay (break-glass revokes those). Every
 * change is audited; one-time links appear in the reply only, never in the audit.
 */
final class UsersResource {
    static final String LINK_PAGE = "/account.html#";

    private final ConsoleUsers users;
    private final CapabilityPolicy policy;
    private final AuthorizationServer oauth;
    private final JsonBodyReader bodies;
    private final AdminActions actions;
    private final Function<ApiRequest, String> adminBase;

    UsersResource(ConsoleUsers users, CapabilityPolicy policy, AuthorizationServer oauth, JsonBodyReader bodies,
                  AdminActions actions, Function<ApiRequest, String> adminBase) {
        this.users = users;
        this.policy = policy;
        this.oauth = oauth;
        this.bodies = bodies;
        this.actions = actions;
        this.adminBase = adminBase;
    }

    Reply list(ApiRequest request) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("managedBy", users.managedHere() ? "gatehouse" : "server");
        if (!users.managedHere()) {
            // where users are managed: the server's realm (form), or the organisation's provider (oidc)
            o.put("serverSignIn", ContainerSignIn.how(request.servletRequest()));
        }
        ObjectNode grants = o.putObject("roles");
        policy.grants().forEach((role, caps) -> {
            ArrayNode a = grants.putArray(role);
            caps.forEach(c -> a.add(c.wireName()));
        });
        ArrayNode list = o.putArray("users");
        if (users.managedHere()) {
            users.list().forEach(u -> list.add(view(u)));
        }
        return Reply.ok(o);
    }

    Reply get(ApiRequest request) {
        return managed().then(x -> found(request.param("name"))).reply(u -> Reply.ok(view(u)));
    }

    Reply create(ApiRequest request) {
        return managed().then(x -> bodies.read(request.servletRequest())).then(this::spec)
                .then(spec -> grantable(request, spec.roles()).then(x -> Stores.attempt(() -> users.create(spec, request.user()))))
                .reply(created -> {
                    ConsoleUser u = created.user();
                    actions.succeeded(request, "user.created: " + u.name() + " roles=" + u.roles()
                            + (created.invitation().isPresent() ? " (invited)" : ""), 201, e -> e);
                    ObjectNode o = view(u);
                    created.invitation().ifPresent(link -> o.set("invitation", link(request, link)));
                    return Reply.created(request.contextPath() + "/api/users/" + u.name(), o);
                });
    }

    /**
     * {@code PATCH /api/users/{name}} {@code {"displayName"?,"email"?}}: the fields given change (null or empty clears
     * one), the others stay; unknown fields {@code 400}; a single sign-on user's come from the provider ({@code 409}).
     */
    Reply describe(ApiRequest request) {
        String name = request.param("name");
        return managed().then(x -> actOn(request, name)).then(u -> bodies.read(request.servletRequest()).then(body -> {
            JsonFields fields = new JsonFields(body);
            String displayName = body.has("displayName") ? fields.text("displayName") : u.displayName();
            String email = body.has("email") ? fields.text("email") : u.email();
            return fields.problem().<Result<ConsoleUser>>map(Result::failed)
                    .orElseGet(() -> Stores.attempt(() -> users.describe(name, displayName, email)));
        })).reply(u -> {
            actions.succeeded(request, "user.edited: " + u.name() + " displayName=" + u.displayName() + " email="
                    + u.email(), 200, e -> e);
            return Reply.ok(view(u));
        });
    }

    Reply grantRoles(ApiRequest request) {
        String name = request.param("name");
        return managed().then(x -> actOn(request, name)).then(x -> bodies.read(request.servletRequest()))
                .then(body -> {
                    JsonFields fields = new JsonFields(body);
                    List<String> roles = fields.texts("roles");
                    if (roles == null && fields.problem().isEmpty()) {
                        fields.fail("roles", "is required");
                    }
                    return fields.problem().<Result<List<String>>>map(Result::failed).orElseGet(() -> Result.ok(roles));
                })
                .then(roles -> grantable(request, roles).then(x -> Stores.attempt(() -> users.grantRoles(name, roles))))
                .reply(u -> {
                    actions.succeeded(request, "user.roles.granted: " + u.name() + " roles=" + u.roles(), 200, e -> e);
                    return Reply.ok(view(u));
                });
    }

    Reply disable(ApiRequest request) {
        String name = request.param("name");
        if (dev.gatehouse.core.users.UserNames.same(name, request.user())) {
            return Problem.conflict("you cannot disable yourself: ask another administrator");
        }
        return managed().then(x -> actOn(request, name)).then(x -> Stores.attempt(() -> users.disable(name, request.user())))
                .reply(u -> {
                    int consents = 0;
                    for (var grant : oauth.grants(Optional.of(u.name()))) {
                        if (grant.revokedAt() == null && oauth.revokeGrant(grant.id(), request.user()).isPresent()) {
                            consents++;
                        }
                    }
                    int ended = consents;
                    actions.succeeded(request, "user.disabled: " + u.name() + ", " + ended + " OAuth consents revoked",
                            200, e -> e);
                    ObjectNode o = view(u);
                    o.put("consentsRevoked", ended);
                    return Reply.ok(o);
                });
    }

    Reply delete(ApiRequest request) {
        String name = request.param("name");
        if (name.equals(request.user())) {
            return Problem.conflict("you cannot remove yourself: ask another administrator");
        }
        return managed().then(x -> actOn(request, name)).then(x -> Stores.attempt(() -> users.delete(name)))
                .reply(u -> {
                    int consents = 0;
                    for (var grant : oauth.grants(Optional.of(name))) {
                        if (grant.revokedAt() == null && oauth.revokeGrant(grant.id(), request.user()).isPresent()) {
                            consents++;
                        }
                    }
                    actions.succeeded(request, "user.deleted: " + u.name() + " (" + u.source().name().toLowerCase(java.util.Locale.ROOT)
                            + "), " + consents + " OAuth consents revoked", 200, e -> e);
                    ObjectNode o = view(u);
                    o.put("deleted", true);
                    o.put("consentsRevoked", consents);
                    return Reply.ok(o);
                });
    }

    Reply enable(ApiRequest request) {
        String name = request.param("name");
        return managed().then(x -> actOn(request, name)).then(x -> Stores.attempt(() -> users.enable(name)))
                .reply(u -> {
                    actions.succeeded(request, "user.enabled: " + u.name(), 200, e -> e);
                    return Reply.ok(view(u));
                });
    }

    Reply resetLink(ApiRequest request) {
        String name = request.param("name");
        return managed().then(x -> actOn(request, name)).then(x -> Stores.attempt(() -> users.resetLink(name, request.user())))
                .reply(link -> {
                    actions.succeeded(request, "user.password-reset-link: " + name + " expires " + link.expiresAt(), 200,
                            e -> e);
                    return Reply.ok(link(request, link));
                });
    }

    private Result<Boolean> managed() {
        return users.managedHere() ? Result.ok(true) : Result.failed(Problem.conflict(
                "console users are managed in the application server's realm, not in Gatehouse"
                        + " (see docs/deploy-wildfly.md or docs/deploy-payara.md)"));
    }

    private Result<ConsoleUser> found(String name) {
        return users.find(name).<Result<ConsoleUser>>map(Result::ok)
                .orElseGet(() -> Result.failed(Problem.notFound("no user named '" + name + "'")));
    }

    /** The caller may change a user who has no capability the caller lacks. */
    private Result<ConsoleUser> actOn(ApiRequest request, String name) {
        return found(name).then(u -> {
            Set<Capability> theirs = capabilities(u.roles());
            return request.caller().capabilities().containsAll(theirs) ? Result.ok(u) : Result.failed(
                    Problem.missingCapability("'" + name + "' has capabilities you lack: " + missing(request, theirs)));
        });
    }

    /** The caller may grant roles whose capabilities they have, and roles the policy knows. */
    private Result<Boolean> grantable(ApiRequest request, List<String> roles) {
        for (String role : roles) {
            if (!policy.grants().containsKey(role)) {
                return Result.failed(Problem.badRequest("'roles': unknown role '" + role + "'; known: "
                        + String.join(", ", policy.grants().keySet()) + " (more with the roles.<role> setting)"));
            }
        }
        Set<Capability> granted = capabilities(roles);
        return request.caller().capabilities().containsAll(granted) ? Result.ok(true) : Result.failed(
                Problem.missingCapability("you cannot grant capabilities you lack: " + missing(request, granted)));
    }

    private Set<Capability> capabilities(List<String> roles) {
        return policy.capabilitiesOf(roles::contains);
    }

    private static String missing(ApiRequest request, Set<Capability> wanted) {
        EnumSet<Capability> lacking = wanted.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(wanted);
        lacking.removeAll(request.caller().capabilities());
        return String.join(", ", lacking.stream().map(Capability::wireName).toList());
    }

    private Result<NewConsoleUser> spec(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name");
        String displayName = fields.text("displayName");
        String email = fields.text("email");
        List<String> roles = fields.texts("roles");
        String password = fields.text("password");
        if (name == null && fields.problem().isEmpty()) {
            fields.fail("name", "is required");
        }
        return fields.problem().<Result<NewConsoleUser>>map(Result::failed).orElseGet(() -> Result.ok(
                new NewConsoleUser(name, displayName, email, roles == null ? List.of() : roles, password)));
    }

    private ObjectNode link(ApiRequest request, OneTimeLink link) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("purpose", link.purpose().wireName());
        o.put("url", adminBase.apply(request) + LINK_PAGE + link.secret());
        o.put("expiresAt", link.expiresAt().toString());
        return o;
    }

    private ObjectNode view(ConsoleUser u) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", u.name());
        o.put("displayName", u.displayName());
        o.put("email", u.email());
        ArrayNode roles = o.putArray("roles");
        u.roles().forEach(roles::add);
        ArrayNode caps = o.putArray("capabilities");
        capabilities(u.roles()).forEach(c -> caps.add(c.wireName()));
        o.put("source", u.source().wireName());
        o.put("status", u.disabled() ? "disabled" : u.hasPassword() || u.source() == ConsoleUser.Source.SSO ? "active" : "invited");
        o.put("editable", u.source() != ConsoleUser.Source.FILE);
        o.put("createdBy", u.createdBy());
        o.put("createdAt", text(u.createdAt()));
        o.put("disabledAt", text(u.disabledAt()));
        o.put("disabledBy", u.disabledBy());
        o.put("lastSignInAt", text(u.lastSignInAt()));
        return o;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
