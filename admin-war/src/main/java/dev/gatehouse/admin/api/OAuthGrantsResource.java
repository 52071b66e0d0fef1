package dev.gatehouse.admin.api;

import dev.gatehouse.admin.dto.OAuthGrantView;
import dev.gatehouse.admin.http.ApiRequest;
import dev.gatehouse.admin.http.Problem;
import dev.gatehouse.admin.http.Reply;
import dev.gatehouse.admin.security.Capability;
import dev.gatehouse.core.oauth.AuthorizationServer;
import dev.gatehouse.core.oauth.ConsentGrant;

import java.util.Optional;

/**
 * Consent grants of interactive (OAuth) clients: who let which client reach which gateway. A user sees
 * and revokes their own; a holder of {@code hosts:manage} sees and revokes everyone's. Revoking refuses
 * every token of the grant from the next request on and deletes its connection; the client must ask
 * the user again.
 */
final class OAuthGrantsResource {
    private final AuthorizationServer oauth;
    private final AdminActions actions;

    OAuthGrantsResource(AuthorizationServer oauth, AdminActions actions) {
        this.oauth = oauth;
        this.actions = actions;
    }

    Reply list(ApiRequest request) {
        Optional<String> only = request.caller().has(Capability.HOSTS_MANAGE) ? Optional.empty() : Optional.of(request.user());
        return Reply.ok(oauth.grants(only).stream().map(OAuthGrantsResource::view).toList());
    }

    Reply revoke(ApiRequest request) {
        String id = request.param("id");
        Optional<ConsentGrant> grant = oauth.grant(id);
        if (grant.isEmpty() || !mayManage(request, grant.get())) {
            return Problem.notFound("no such grant"); // another user's grant is not shown to exist
        }
        ConsentGrant revoked = oauth.revokeGrant(id, request.user()).orElseThrow();
        actions.succeeded(request, "oauth.grant.revoked", 200, e -> e.hostId(revoked.hostId()).hostName(revoked.hostName())
                .gateway(revoked.gatewaySlug()).tokenIssuedBy(revoked.user()));
        return Reply.ok(view(revoked));
    }

    private static boolean mayManage(ApiRequest request, ConsentGrant grant) {
        return request.caller().has(Capability.HOSTS_MANAGE) || grant.user().equals(request.user());
    }

    static OAuthGrantView view(ConsentGrant g) {
        return new OAuthGrantView(g.id(), g.user(), g.clientId(), g.clientName(), g.hostId(), g.hostName(), g.connectionId(),
                g.gatewaySlug(), g.scope(), g.createdAt(), g.revokedAt() == null, g.revokedAt(), g.revokedBy());
    }
}
