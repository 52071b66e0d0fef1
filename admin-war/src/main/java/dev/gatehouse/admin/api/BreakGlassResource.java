package dev.gatehouse.admin.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.admin.dto.RevocationView;
import dev.gatehouse.admin.dto.Views;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.JsonBodyReader;
import dev.gatehouse.admin.http.JsonFields;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.http.Result;
import dev.gatehouse.core.store.ConnectionRegistry;

/**
 * {@code /api/break-glass/...}: revoking, at once and across every host, all tokens that one admin user
 * generated (a departed employee, a compromised account). Both the listing of who has live tokens and
 * the revocation need {@code hosts:manage}: it is the host-wide counterpart of disabling a host, and an
 * operator who may stop hosts may stop this. Not reversible: the affected connections get new tokens by
 * rotation. (Disabling a host, the reversible break-glass switch, lives with the hosts.)
 */
final class BreakGlassResource {
    private final ConnectionRegistry connections;
    private final JsonBodyReader bodies;
    private final AdminActions actions;

    private final dev.gatehouse.core.identity.IdentityStore identities;
    private final java.util.function.Consumer<dev.gatehouse.core.identity.IdentityStore.Deleted> upstreamRevocation;

    BreakGlassResource(ConnectionRegistry connections, dev.gatehouse.core.identity.IdentityStore identities,
                       java.util.function.Consumer<dev.gatehouse.core.identity.IdentityStore.Deleted> upstreamRevocation,
                       JsonBodyReader bodies, AdminActions actions) {
        this.connections = connections;
        this.identities = identities;
        this.upstreamRevocation = upstreamRevocation;
        this.bodies = bodies;
        this.actions = actions;
    }

    /** The users who generated tokens that are still valid, with how many each. */
    Reply issuers(ApiRequest request) {
        return Reply.ok(connections.tokenIssuers().stream().map(Views::issuer).toList());
    }

    /**
     * {@code {"user":"alice"}}: revokes every token alice generated that is still valid, and deletes her upstream
     * identities (revoked at their upstreams where offered, RFC 7009).
     */
    Reply revokeUserTokens(ApiRequest request) {
        return bodies.read(request.servletRequest()).then(BreakGlassResource::user)
                .then(user -> Stores.attempt(() -> {
                    int revoked = 0;
                    var deleted = new java.util.ArrayList<dev.gatehouse.core.identity.IdentityStore.Deleted>();
                    for (String spelling : spellings(user)) {
                        revoked += connections.revokeTokensIssuedBy(spelling, request.user());
                        deleted.addAll(identities.deleteOfOwner(spelling, request.user()));
                    }
                    deleted.forEach(upstreamRevocation);
                    return new RevocationView(user, revoked, deleted.size());
                }))
                .reply(done -> {
                    actions.succeeded(request, "user.tokens.revoked: " + done.revoked() + " tokens", 200,
                            e -> e.tokenIssuedBy(done.user()));
                    return Reply.ok(done);
                });
    }

    /**
     * The user as typed and every spelling of their name that generated tokens still valid: names identify a user
     * ignoring case ({@link dev.gatehouse.core.users.UserNames}), so revoking ALICE revokes what alice generated.
     */
    private java.util.List<String> spellings(String user) {
        if (user == null) {
            return java.util.Collections.singletonList(null); // the store refuses it with its own words
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        names.add(user);
        connections.tokenIssuers().stream().map(i -> i.user())
                .filter(n -> dev.gatehouse.core.users.UserNames.same(n, user)).forEach(names::add);
        return java.util.List.copyOf(names);
    }

    private static Result<String> user(ObjectNode body) {
        JsonFields fields = new JsonFields(body);
        String user = fields.text("user");
        if (user != null && user.length() > 200) {
            fields.fail("user", "must be at most 200 characters");
        }
        return fields.problem().<Result<String>>map(Result::failed)
                .orElseGet(() -> Result.ok(user == null ? null : user.strip()));
    }
}
