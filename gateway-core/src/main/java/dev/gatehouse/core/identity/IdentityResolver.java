package dev.gatehouse.core.identity;

import dev.gatehouse.core.model.Gateway;
import dev.gatehouse.core.model.GatewayServer;
import dev.gatehouse.core.model.IdentityScheme;
import dev.gatehouse.core.model.IdentityUse;
import dev.gatehouse.core.model.TokenGrant;
import dev.gatehouse.core.model.UpstreamServer;

import java.util.List;
import java.util.Map;

/**
 * Gives each {@code per-user} server of a gateway, for one request, the identity of the user who generated
 * the request's token: that identity's credential, or, when the user has none usable, a reason naming the
 * server and what the user must do (the server is then not called; the gateway's other servers are). One
 * indexed read per request of a gateway with {@code per-user} servers, none otherwise; the token itself
 * never goes upstream.
 */
public final class IdentityResolver {
    /** Where a user adds or renews an identity, as the errors say. */
    static final String WHERE = "under Identities in the Gatehouse console (or POST /gatehouse-admin/api/identities)";

    private final IdentityStore store;
    private final IdentityRefresher refresher;

    public IdentityResolver(IdentityStore store, IdentityRefresher refresher) {
        this.store = store;
        this.refresher = refresher;
    }

    /** The gateway as this request's calls see it. */
    public Gateway personalize(Gateway gateway, TokenGrant grant) {
        List<GatewayServer> perUser = gateway.servers().stream().filter(s -> s.scheme() == IdentityScheme.PER_USER).toList();
        boolean sharedGrants = gateway.servers().stream().anyMatch(IdentityResolver::sharedGrant);
        if (perUser.isEmpty() && !sharedGrants) {
            return gateway;
        }
        String user = grant == null ? null : grant.issuedBy();
        Map<String, IdentityStore.Standing> standings = user == null ? Map.of()
                : store.standings(user, perUser.stream().map(s -> s.server().serverId()).distinct().toList());
        List<GatewayServer> servers = gateway.servers().stream()
                .map(s -> s.scheme() == IdentityScheme.PER_USER ? s.with(resolve(s.server(), user, standings))
                        : sharedGrant(s) ? s.with(renewShared(s.server())) : s)
                .toList();
        return new Gateway(gateway.id(), gateway.name(), gateway.slug(), gateway.description(), servers,
                gateway.createdAt(), gateway.prefixMode(), gateway.separator());
    }

    /** A shared assignment whose server's shared identity is an OAuth grant: its access token may need renewing. */
    private static boolean sharedGrant(GatewayServer s) {
        return s.scheme() == IdentityScheme.SHARED && s.server().identity() != null && s.server().identity().renewable()
                && s.server().identity().usable();
    }

    /** The shared grant refreshed when it is about to expire (the catalog keeps the credential it read). */
    private UpstreamServer renewShared(UpstreamServer server) {
        IdentityUse shared = server.identity();
        return store.standing(shared.identityId()).map(refresher::fresh).map(standing -> {
            String problem = standing.usable() ? null : "The shared identity of server '" + server.slug()
                    + "' needs re-authorization: an admin must sign in to it again " + WHERE;
            return server.as(new IdentityUse(IdentityScheme.SHARED, shared.identityId(), null, shared.subject(), problem,
                    true), problem == null ? standing.credential() : null);
        }).orElse(server);
    }

    private UpstreamServer resolve(UpstreamServer server, String user, Map<String, IdentityStore.Standing> standings) {
        if (user == null) {
            return server; // unresolved: never called with anyone's credential
        }
        IdentityStore.Standing standing = standings.get(server.serverId());
        if (standing == null) {
            return server.as(new IdentityUse(IdentityScheme.PER_USER, null, user, null,
                    "Server '" + server.slug() + "' needs your own identity and user '" + user + "' has none: sign in"
                            + " to it (or add your access token) " + WHERE + ", then call again"), null);
        }
        standing = refresher.fresh(standing);
        UpstreamIdentity identity = standing.identity();
        String problem = switch (identity.status()) {
            case ACTIVE -> standing.credential() == null ? "Your identity for server '" + server.slug()
                    + "' holds no credential: sign in to it again " + WHERE : null;
            case DISABLED -> "Your identity for server '" + server.slug() + "' is disabled: enable it or add a new one "
                    + WHERE;
            case NEEDS_REAUTHORIZATION -> identity.wantedScope() != null
                    ? "Your identity for server '" + server.slug() + "' needs re-authorization: the server asks for more"
                    + " permission (scope '" + identity.wantedScope() + "'): sign in to it again " + WHERE
                    : "Your identity for server '" + server.slug() + "' needs re-authorization"
                    + " (the server's authorization server no longer accepts it): sign in to it again " + WHERE;
        };
        IdentityUse use = new IdentityUse(IdentityScheme.PER_USER, identity.id(), user,
                identity.subject() != null ? identity.subject() : identity.clientId(), problem);
        return server.as(use, problem == null ? standing.credential() : null);
    }
}
